// Native dialogs answered by a test, as the person would: one helper for the e2e harness and the
// in-process main (test/support/faults/handlers.ts).
import type { Dialogs } from '../../src/main/dialogs'

/** What each dialog answers: the file or folder picked, or the index of the button pressed. */
export type DialogAnswers = Partial<{ [K in keyof Dialogs]: (...args: Parameters<Dialogs[K]>) => Awaited<ReturnType<Dialogs[K]>> | ReturnType<Dialogs[K]> }>

export type ConfirmOptions = Parameters<Dialogs['confirm']>[0]

export interface ScriptedDialogs extends Dialogs {
  /** The standing answers; a dialog without one is cancelled (main's own confirmations: see `boundary`). */
  readonly script: DialogAnswers
  /** Every confirmation asked, in order. */
  readonly confirms: ConfirmOptions[]
  /** Answers with `answers` while `action` runs, then puts the standing answers back. */
  answering<T>(answers: DialogAnswers, action: () => Promise<T>): Promise<T>
}

/**
 * `boundary`: how main's own confirmations (host paths, engine power, deletes) are answered when `confirm` has
 * no answer: 'accept' picks the first button, as a person does who already agreed in the page's dialog;
 * 'cancel' (the default) picks the last, as for every other unanswered confirmation.
 */
export function scriptedDialogs(script: DialogAnswers = {}, options: { boundary?: 'accept' | 'cancel' } = {}): ScriptedDialogs {
  const confirms: ConfirmOptions[] = []
  return {
    script,
    confirms,
    openFile: async (o) => (script.openFile ? await script.openFile(o) : null),
    saveFile: async (o) => (script.saveFile ? await script.saveFile(o) : null),
    chooseFolder: async (o) => (script.chooseFolder ? await script.chooseFolder(o) : null),
    confirm: async (o) => {
      confirms.push(o)
      if (script.confirm) return script.confirm(o)
      return o.boundary && options.boundary === 'accept' ? 0 : o.buttons.length - 1
    },
    async answering(answers, action) {
      const standing = { ...script }
      Object.assign(script, answers)
      try {
        return await action()
      } finally {
        for (const key of Object.keys(answers) as (keyof Dialogs)[]) delete script[key]
        Object.assign(script, standing)
      }
    }
  }
}
