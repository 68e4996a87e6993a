// The editor store's shape, shared by the modules that make it up.
import type { StoreApi } from 'zustand'
import type { DockerfileDocument, Fix } from '../../../shared/dockerfile'
import type { ContextInfo } from '../../../shared/ipc/channels/context'
import type { Draft, FileStamp, TemplateInfo } from '../../../shared/ipc/channels/dockerfile'
import type { LintResult } from '../lint-results'

export interface DockerfileState {
  doc: DockerfileDocument
  /** What the editor shows, saved or not. */
  text: string
  filePath: string | null
  /** The build context: the Dockerfile's folder unless the person chose another (see context-folder.ts). */
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
  /** The starters offered by "New". */
  listTemplates(): Promise<TemplateInfo[]>
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

export type DockerfileStore = Pick<StoreApi<DockerfileState>, 'getState' | 'setState'>

/** The store's text as a file, for opening it or restoring a draft of it. */
export interface LoadedText {
  text: string
  path: string | null
  stamp: FileStamp | null
  bom: boolean
}
