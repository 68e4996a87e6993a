// The document: one text, parsed into blocks; the text view and the visual editor both edit it here.
import { addSuppression, applyFix, parseDockerfile, reparseDockerfile, serializeDockerfile, type DockerfileDocument } from '../../../shared/dockerfile'
import { uiEvents } from '../../ui-events'
import { contextFolder } from './context-folder'
import type { DockerfileState, DockerfileStore, LoadedText } from './state'

interface DocumentDeps {
  scheduleLint(): void
  scheduleDraft(): void
  writeDraft(): Promise<void>
}

type DocumentActions = Pick<DockerfileState, 'setText' | 'edit' | 'applyFix' | 'ignoreHere' | 'select' | 'revealInstruction'>

export function documentActions(store: DockerfileStore, deps: DocumentDeps): DocumentActions & {
  replaceDocument(loaded: LoadedText, chosenContext: string | null, savedText: string | null): void
} {
  const { getState: get, setState: set } = store

  function commit(doc: DockerfileDocument, extra: Partial<DockerfileState> = {}): void {
    const text = serializeDockerfile(doc)
    const saved = get().savedText
    const dirty = saved === null || text !== saved
    set({ doc, text, dirty, ...extra })
    deps.scheduleLint()
    if (dirty || get().draftSavedAt !== null) deps.scheduleDraft()
  }

  return {
    /** Shows another file (or draft) in the editor; `savedText` null: what is on disk is not known, so it counts as changed. */
    replaceDocument(loaded, chosenContext, savedText) {
      set({
        doc: parseDockerfile(loaded.text),
        text: loaded.text,
        savedText,
        dirty: savedText === null || loaded.text !== savedText,
        filePath: loaded.path,
        stamp: loaded.stamp,
        bom: loaded.bom,
        ...contextFolder(loaded.path, chosenContext),
        context: null,
        contextError: null,
        selectedId: null,
        error: null
      })
      deps.scheduleLint()
      void get().refreshContext()
      void deps.writeDraft()
    },

    setText(text) {
      if (text === get().text) return
      commit(reparseDockerfile(get().doc, text))
    },

    edit(change, options) {
      const before = get().doc
      const doc = change(before)
      if (doc === before) return
      const first = doc.changedBlockIds?.[0]
      commit(doc, options?.select === 'changed' && first ? { selectedId: first } : {})
    },

    applyFix(fix) {
      get().edit((doc) => applyFix(doc, fix))
    },

    ignoreHere(blockId, rule) {
      get().edit((doc) => addSuppression(doc, blockId, rule))
    },

    select(id) {
      if (get().selectedId !== id) set({ selectedId: id })
    },

    revealInstruction(line) {
      const block = get().doc.blocks.find(
        (b) => (b.kind === 'instruction' || b.kind === 'raw') && line >= b.range.startLine && line <= b.range.endLine
      )
      const target = block && (block.kind === 'instruction' || block.kind === 'raw') ? block.instructionLine : line
      if (block) {
        set({ selectedId: block.id })
        uiEvents.emit('revealBlock', { id: block.id })
      }
      uiEvents.emit('placeCursor', { line: target })
    }
  }
}
