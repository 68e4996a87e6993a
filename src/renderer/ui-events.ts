// One-shot UI commands (reveal a line in the editor, scroll to an image). They are events, not store
// state: a command is handled once, by whichever view shows the thing, and nothing has to clear it.

export interface UiEvents {
  /** Scroll the visual editor to a block and flash it. */
  revealBlock: { id: string }
  /** Put the text view's cursor on a 1-based line. */
  placeCursor: { line: number }
  /** Scroll the images table to a row (by its key) and select it. */
  scrollToImage: { key: string }
}

/**
 * A command sent while no view listens (it is about to mount: the person just switched to it) is kept for
 * a moment and handed to the first listener that subscribes; after that it is dropped, so a view opened
 * much later does not act on an old command.
 */
const HOLD_MS = 1000

export function createEventBus<E extends object>(now: () => number = () => Date.now()) {
  const listeners = new Map<keyof E, Set<(payload: never) => void>>()
  const held = new Map<keyof E, { payload: unknown; at: number }>()

  return {
    emit<K extends keyof E>(type: K, payload: E[K]): void {
      const set = listeners.get(type)
      if (!set || set.size === 0) {
        held.set(type, { payload, at: now() })
        return
      }
      for (const listener of [...set]) (listener as (p: E[K]) => void)(payload)
    },
    on<K extends keyof E>(type: K, listener: (payload: E[K]) => void): () => void {
      let set = listeners.get(type)
      if (!set) listeners.set(type, (set = new Set()))
      set.add(listener as (payload: never) => void)
      const waiting = held.get(type)
      if (waiting) {
        held.delete(type)
        if (now() - waiting.at <= HOLD_MS) listener(waiting.payload as E[K])
      }
      return () => {
        set.delete(listener as (payload: never) => void)
      }
    }
  }
}

export const uiEvents = createEventBus<UiEvents>()
