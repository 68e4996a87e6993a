// Unsaved work kept as a draft in main, and offered back in the next session.
import { toChunks } from '../../../shared/ipc/channels/dockerfile'
import { api } from '../../api'
import type { DockerfileState, DockerfileStore, LoadedText } from './state'

/** How soon after a change the draft is written, and the longest it waits while typing goes on. */
const DRAFT_DELAY_MS = 1200

export interface DraftWriter {
  /** Writes (or, with nothing unsaved, clears) the draft now. */
  write(): Promise<void>
  /** Writes the draft soon after a change; during continuous typing at most every DRAFT_DELAY_MS. */
  schedule(): void
}

export function createDraftWriter(store: DockerfileStore): DraftWriter {
  let timer: ReturnType<typeof setTimeout> | null = null
  async function write(): Promise<void> {
    timer = null
    const s = store.getState()
    try {
      if (!s.dirty) {
        await api.dockerfile.clearDraft()
        store.setState({ draftSavedAt: null })
        return
      }
      const { savedAt } = await api.dockerfile.saveDraft({
        text: toChunks(s.text),
        filePath: s.filePath,
        contextDir: s.contextDir,
        stamp: s.stamp,
        bom: s.bom
      })
      store.setState({ draftSavedAt: savedAt })
    } catch {
      // A draft that cannot be written must not get in the way of editing; the next change retries.
    }
  }
  return {
    write,
    schedule() {
      if (timer) return
      timer = setTimeout(() => void write(), DRAFT_DELAY_MS)
    }
  }
}

interface DraftDeps {
  /** Asks what to do with unsaved work; true when it is fine to go on. */
  settleUnsaved(action: 'restore'): Promise<boolean>
  /** Shows a text as the document; `savedText` null: what is on disk is not known. */
  replaceDocument(loaded: LoadedText, chosenContext: string | null, savedText: string | null): void
}

export function draftActions(store: DockerfileStore, deps: DraftDeps): Pick<DockerfileState, 'init' | 'restoreDraft' | 'discardDraft'> {
  const { getState: get, setState: set } = store
  return {
    async init() {
      if (get().initialized) return
      set({ initialized: true })
      try {
        const draft = await api.dockerfile.loadDraft()
        if (draft && draft.text !== get().text) set({ draftOffer: draft })
      } catch {
        // No draft to offer.
      }
    },

    async restoreDraft() {
      const draft = get().draftOffer
      if (!draft) return
      if (!(await deps.settleUnsaved('restore'))) return
      set({ draftOffer: null })
      // The draft is unsaved work on top of the file as it was then: what is on disk is not known here, so it counts as changed.
      deps.replaceDocument({ text: draft.text, path: draft.filePath, stamp: draft.stamp, bom: draft.bom }, draft.contextDir, draft.filePath ? null : '')
    },

    async discardDraft() {
      set({ draftOffer: null })
      if (!get().dirty) await api.dockerfile.clearDraft().catch(() => undefined)
    }
  }
}
