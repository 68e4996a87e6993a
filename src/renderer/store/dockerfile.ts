// The Dockerfile being edited: one text, parsed into blocks; both views read and write it here.
import '../components/editor/buffer-shim'
import { create } from 'zustand'
import {
  addSuppression,
  applyFix,
  lintDockerfile,
  parseDockerfile,
  prepareForEdits,
  reparseDockerfile,
  serializeDockerfile,
  type DockerfileDocument,
  type Fix,
  type LintContext
} from '../../shared/dockerfile'
import { toChunks, type Draft, type FileStamp, type OpenedDockerfile, type SaveResult } from '../../shared/ipc/channels/dockerfile'
import type { ContextInfo } from '../../shared/ipc/channels/context'
import { errorMessage } from '../../shared/ipc/errors'
import { api } from '../api'
import { NO_LINT, recordLint, type LintResult } from './lint-results'

/** How soon after a change the draft is written, and the longest it waits while typing goes on. */
const DRAFT_DELAY_MS = 1200
const LINT_DELAY_MS = 60
/**
 * Above this size linting waits for typing to pause: a keystroke reparses only the instruction it touched
 * (a few ms even on 2,000 lines), but linting a large file after every key would make typing lag.
 */
const LARGE_TEXT = 20_000
const LARGE_LINT_DELAY_MS = 400

export interface DockerfileState {
  doc: DockerfileDocument
  /** What the editor shows, saved or not. */
  text: string
  filePath: string | null
  /** The build context: the Dockerfile's folder unless the person chose another. */
  contextDir: string | null
  contextChosen: boolean
  stamp: FileStamp | null
  bom: boolean
  /** The text as last opened or saved, for the unsaved-changes marker; null when unknown (a restored draft). */
  savedText: string | null
  dirty: boolean
  /** The last lint run; show `selectDiagnostics(state)`, which leaves out what no longer matches the text. */
  lint: LintResult
  context: ContextInfo | null
  contextError: string | null
  contextLoading: boolean
  selectedId: string | null
  /** A block to scroll to and flash; `seq` changes on every request. */
  reveal: { id: string; seq: number } | null
  /** Where the text view should put its cursor (1-based line); `seq` changes on every request. */
  cursorRequest: { line: number; seq: number } | null
  /** A draft from an earlier session, offered back. */
  draftOffer: Draft | null
  draftSavedAt: number | null
  /** The last file operation's problem, shown where the person works. */
  error: string | null
  busy: boolean
  initialized: boolean

  init(): Promise<void>
  /** From the text view: the whole new text. */
  setText(text: string): void
  /** From the visual editor: a pure edit of the document. */
  edit(change: (doc: DockerfileDocument) => DockerfileDocument, options?: { select?: 'changed' }): void
  applyFix(fix: Fix): void
  ignoreHere(blockId: string, rule: string): void
  select(id: string | null): void
  /** Selects, scrolls to and highlights the instruction on a 1-based line, and moves the text cursor there. */
  revealInstruction(line: number): void
  newFromTemplate(templateId: string, needsFolder: boolean): Promise<boolean>
  open(): Promise<void>
  save(): Promise<boolean>
  saveAs(): Promise<boolean>
  chooseContext(): Promise<void>
  refreshContext(): Promise<void>
  restoreDraft(): Promise<void>
  discardDraft(): Promise<void>
  dismissError(): void
}

function lintContextOf(listing: ContextInfo | null): LintContext {
  if (!listing || listing.truncated) return {}
  return { files: listing.files, ignoredFiles: listing.ignored }
}

function folderOf(file: string): string {
  const cut = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'))
  return cut <= 0 ? file.slice(0, cut + 1) || '/' : file.slice(0, cut)
}

export function fileNameOf(file: string | null): string {
  if (!file) return 'Untitled Dockerfile'
  return file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1)
}

let lintTimer: ReturnType<typeof setTimeout> | null = null
let draftTimer: ReturnType<typeof setTimeout> | null = null
let revealSeq = 0

export const useDockerfile = create<DockerfileState>((set, get) => {
  function scheduleLint(): void {
    const large = get().text.length > LARGE_TEXT
    if (lintTimer && !large) return
    if (lintTimer) clearTimeout(lintTimer)
    lintTimer = setTimeout(() => {
      lintTimer = null
      const { doc, context, text } = get()
      set({ lint: text.trim() === '' ? NO_LINT : recordLint(doc, lintDockerfile(doc, lintContextOf(context))) })
      if (large) requestIdleCallback(() => prepareForEdits(doc), { timeout: 2000 })
    }, large ? LARGE_LINT_DELAY_MS : LINT_DELAY_MS)
  }

  async function writeDraft(): Promise<void> {
    draftTimer = null
    const s = get()
    try {
      if (!s.dirty) {
        await api.dockerfile.clearDraft()
        set({ draftSavedAt: null })
        return
      }
      const { savedAt } = await api.dockerfile.saveDraft({
        text: toChunks(s.text),
        filePath: s.filePath,
        contextDir: s.contextDir,
        stamp: s.stamp,
        bom: s.bom
      })
      set({ draftSavedAt: savedAt })
    } catch {
      // A draft that cannot be written must not get in the way of editing; the next change retries.
    }
  }

  /** Writes the draft soon after a change; during continuous typing at most every DRAFT_DELAY_MS. */
  function scheduleDraft(): void {
    if (draftTimer) return
    draftTimer = setTimeout(() => void writeDraft(), DRAFT_DELAY_MS)
  }

  function commit(doc: DockerfileDocument, extra: Partial<DockerfileState> = {}): void {
    const text = serializeDockerfile(doc)
    const saved = get().savedText
    const dirty = saved === null || text !== saved
    set({ doc, text, dirty, ...extra })
    scheduleLint()
    if (dirty || get().draftSavedAt !== null) scheduleDraft()
  }

  function load(opened: { text: string; path: string | null; stamp: FileStamp | null; bom: boolean }, contextDir?: string | null): void {
    const doc = parseDockerfile(opened.text)
    const dir = contextDir !== undefined ? contextDir : opened.path ? folderOf(opened.path) : null
    set({
      doc,
      text: opened.text,
      savedText: opened.text,
      dirty: false,
      filePath: opened.path,
      stamp: opened.stamp,
      bom: opened.bom,
      contextDir: dir,
      contextChosen: contextDir !== undefined && contextDir !== null && (!opened.path || contextDir !== folderOf(opened.path)),
      context: null,
      contextError: null,
      selectedId: null,
      error: null
    })
    scheduleLint()
    void get().refreshContext()
    void writeDraft()
  }

  /** Asks what to do with unsaved work; true when it is fine to go on. */
  async function settleUnsaved(action: 'open' | 'new' | 'restore'): Promise<boolean> {
    const s = get()
    if (!s.dirty) return true
    const choice = await api.dockerfile.confirmUnsaved({ action, fileName: s.filePath })
    if (choice === 'cancel') return false
    if (choice === 'save') return get().save()
    return true
  }

  function afterSave(result: SaveResult): boolean {
    if (result.status !== 'saved') return false
    const s = get()
    const pathChanged = result.path !== s.filePath
    set({
      filePath: result.path,
      stamp: result.stamp,
      savedText: s.text,
      dirty: false,
      error: null,
      ...(pathChanged && !s.contextChosen ? { contextDir: folderOf(result.path) } : {})
    })
    void writeDraft()
    // A folder the listing was refused for (a restored draft's) is granted once the file is saved there.
    if (pathChanged || s.contextError) void get().refreshContext()
    return true
  }

  async function run<T>(work: () => Promise<T>, fallback: T): Promise<T> {
    set({ busy: true })
    try {
      return await work()
    } catch (error) {
      set({ error: errorMessage(error) })
      return fallback
    } finally {
      set({ busy: false })
    }
  }

  return {
    doc: parseDockerfile(''),
    text: '',
    filePath: null,
    contextDir: null,
    contextChosen: false,
    stamp: null,
    bom: false,
    savedText: '',
    dirty: false,
    lint: NO_LINT,
    context: null,
    contextError: null,
    contextLoading: false,
    selectedId: null,
    reveal: null,
    cursorRequest: null,
    draftOffer: null,
    draftSavedAt: null,
    error: null,
    busy: false,
    initialized: false,

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
      revealSeq++
      const target = block && (block.kind === 'instruction' || block.kind === 'raw') ? block.instructionLine : line
      set({
        ...(block ? { selectedId: block.id, reveal: { id: block.id, seq: revealSeq } } : {}),
        cursorRequest: { line: target, seq: revealSeq }
      })
    },

    async newFromTemplate(templateId, needsFolder) {
      if (!(await settleUnsaved('new'))) return false
      if (!needsFolder) {
        load({ text: '', path: null, stamp: null, bom: false }, null)
        return true
      }
      const opened = await run<OpenedDockerfile | null>(() => api.dockerfile.createFromTemplate({ id: templateId }), null)
      if (!opened) return false
      load(opened)
      return true
    },

    async open() {
      if (!(await settleUnsaved('open'))) return
      const current = get().filePath
      const opened = await run<OpenedDockerfile | null>(() => api.dockerfile.open(current ? { defaultPath: current } : {}), null)
      if (opened) load(opened)
    },

    async save() {
      const s = get()
      if (!s.filePath) return get().saveAs()
      const result = await run<SaveResult>(
        () => api.dockerfile.save({ path: s.filePath!, text: toChunks(s.text), expected: s.stamp, bom: s.bom }),
        { status: 'cancelled' }
      )
      return afterSave(result)
    },

    async saveAs() {
      const s = get()
      const result = await run<SaveResult>(
        () => api.dockerfile.saveAs({ text: toChunks(s.text), bom: s.bom, ...(s.filePath ? { defaultPath: s.filePath } : {}) }),
        { status: 'cancelled' }
      )
      return afterSave(result)
    },

    async chooseContext() {
      const s = get()
      const dir = await run<string | null>(
        () => api.context.choose(s.contextDir ? { defaultPath: s.contextDir } : {}),
        null
      )
      if (!dir) return
      set({ contextDir: dir, contextChosen: !s.filePath || dir !== folderOf(s.filePath), context: null })
      await get().refreshContext()
      scheduleDraft()
    },

    async refreshContext() {
      const { contextDir, filePath } = get()
      if (!contextDir) {
        set({ context: null, contextError: null })
        scheduleLint()
        return
      }
      set({ contextLoading: true })
      try {
        const listing = await api.context.inspect({ contextDir, dockerfilePath: filePath })
        if (get().contextDir !== contextDir) return
        set({ context: listing, contextError: null })
      } catch (error) {
        set({ context: null, contextError: errorMessage(error) })
      } finally {
        set({ contextLoading: false })
        scheduleLint()
      }
    },

    async restoreDraft() {
      const draft = get().draftOffer
      if (!draft) return
      if (!(await settleUnsaved('restore'))) return
      set({ draftOffer: null })
      const doc = parseDockerfile(draft.text)
      // The draft is unsaved work on top of the file as it was then: what is on disk is not known here, so it counts as changed.
      set({
        doc,
        text: draft.text,
        savedText: draft.filePath ? null : '',
        dirty: draft.filePath !== null || draft.text !== '',
        filePath: draft.filePath,
        stamp: draft.stamp,
        bom: draft.bom,
        contextDir: draft.contextDir ?? (draft.filePath ? folderOf(draft.filePath) : null),
        contextChosen: draft.contextDir !== null && (!draft.filePath || draft.contextDir !== folderOf(draft.filePath)),
        selectedId: null,
        error: null
      })
      scheduleLint()
      void get().refreshContext()
      void writeDraft()
    },

    async discardDraft() {
      set({ draftOffer: null })
      if (!get().dirty) await api.dockerfile.clearDraft().catch(() => undefined)
    },

    dismissError() {
      set({ error: null })
    }
  }
})
