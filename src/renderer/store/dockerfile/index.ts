// The Dockerfile being edited. One store, made of modules with one job each: the document (document.ts),
// when to lint (lint-schedule.ts), drafts (drafts.ts), open and save (files.ts), and the build context
// folder (context-folder.ts, the rule; context-listing.ts, what main says is in it).
import { create } from 'zustand'
import { parseDockerfile } from '../../../shared/dockerfile'
import { NO_LINT } from '../lint-results'
import { contextActions } from './context-listing'
import { documentActions } from './document'
import { createDraftWriter, draftActions } from './drafts'
import { fileActions } from './files'
import { createLintScheduler } from './lint-schedule'
import type { DockerfileState } from './state'

export type { DockerfileState } from './state'
export { fileNameOf } from './context-folder'

export const useDockerfile = create<DockerfileState>((set, get) => {
  const store = { getState: get, setState: set }
  const scheduleLint = createLintScheduler(store)
  const drafts = createDraftWriter(store)
  const document = documentActions(store, { scheduleLint, scheduleDraft: drafts.schedule, writeDraft: drafts.write })
  const files = fileActions(store, { replaceDocument: document.replaceDocument, writeDraft: drafts.write })
  const { replaceDocument, ...edits } = document
  const { settleUnsaved, ...fileOps } = files

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
    draftOffer: null,
    draftSavedAt: null,
    error: null,
    busy: false,
    initialized: false,

    ...edits,
    ...fileOps,
    ...contextActions(store, { scheduleLint, scheduleDraft: drafts.schedule }),
    ...draftActions(store, { settleUnsaved, replaceDocument })
  }
})
