import path from 'node:path'
import type { MainContext } from '../context'
import type { Handlers } from '../ipc'
import { fromChunks, type SaveResult, type UnsavedChoice } from '../../shared/ipc/channels/dockerfile'
import { AppError } from '../../shared/ipc/errors'
import { listBuildContext } from '../files/context'
import { DraftStore } from '../files/drafts'
import { readDockerfile } from '../files/read'
import { checkDiskChange, writeDockerfile } from '../files/save'
import { existingTemplateFiles, findTemplatesDir, getTemplate, listTemplates, writeTemplate } from '../files/templates'

const dockerfileFilters = [
  { name: 'Dockerfiles', extensions: ['Dockerfile', 'dockerfile', 'Containerfile', '*'] }
]

export function dockerfileHandlers(ctx: MainContext): Handlers['dockerfile'] {
  const drafts = new DraftStore(ctx.dataDir)
  // The renderer may save only to files the person picked through a dialog (or a draft of one).
  const writable = new Set<string>()

  async function saveTo(file: string, text: string, bom: boolean): Promise<SaveResult> {
    const stamp = await writeDockerfile(file, text, bom)
    writable.add(file)
    return { status: 'saved', path: file, stamp }
  }

  async function saveAs(text: string, bom: boolean, defaultPath?: string): Promise<SaveResult> {
    const file = await ctx.dialogs.saveFile({ title: 'Save Dockerfile', defaultPath: defaultPath ?? 'Dockerfile', filters: dockerfileFilters })
    if (!file) return { status: 'cancelled' }
    return saveTo(file, text, bom)
  }

  return {
    open: async ({ defaultPath }) => {
      const file = await ctx.dialogs.openFile({ title: 'Open Dockerfile', ...(defaultPath ? { defaultPath } : {}), filters: dockerfileFilters })
      if (!file) return null
      const opened = await readDockerfile(file)
      writable.add(file)
      return opened
    },

    save: async ({ path: file, text, expected, bom }) => {
      if (!writable.has(file)) {
        throw new AppError('forbidden', `Slipway did not open ${file} in this session, so it will not write there. Use Save As to pick the file.`)
      }
      const content = fromChunks(text)
      if (expected) {
        const change = await checkDiskChange(file, expected)
        if (change.kind === 'modified') {
          const choice = await ctx.dialogs.confirm({
            message: `${path.basename(file)} changed on disk since you opened it.`,
            detail: `Another program saved ${file} at ${new Date(change.mtimeMs).toLocaleTimeString()}. Overwrite replaces that version with yours; Save As keeps both.`,
            buttons: ['Overwrite', 'Save As…', 'Cancel']
          })
          if (choice === 1) return saveAs(content, bom, file)
          if (choice !== 0) return { status: 'cancelled' }
        }
      }
      return saveTo(file, content, bom)
    },

    saveAs: async ({ text, defaultPath, bom }) => saveAs(fromChunks(text), bom, defaultPath),

    listTemplates: async () => listTemplates(findTemplatesDir()),

    createFromTemplate: async ({ id }) => {
      const dir = findTemplatesDir()
      const template = await getTemplate(dir, id)
      const folder = await ctx.dialogs.chooseFolder({ title: `Choose a folder for "${template.name}"` })
      if (!folder) return null
      const present = await existingTemplateFiles(template, folder)
      if (present.length > 0) {
        const choice = await ctx.dialogs.confirm({
          message: `${present.join(', ')} already ${present.length === 1 ? 'exists' : 'exist'} in ${folder}.`,
          detail: 'Replace replaces them with the template\'s files; their current content is lost. Cancel and pick an empty folder to keep them.',
          buttons: ['Replace', 'Cancel']
        })
        if (choice !== 0) return null
      }
      const dockerfile = await writeTemplate(dir, template, folder)
      const opened = await readDockerfile(dockerfile)
      writable.add(dockerfile)
      return opened
    },

    chooseContext: async ({ defaultPath }) =>
      ctx.dialogs.chooseFolder({ title: 'Choose the build context folder', ...(defaultPath ? { defaultPath } : {}) }),

    listContext: async ({ contextDir, dockerfilePath }) => {
      if (!path.isAbsolute(contextDir)) throw new AppError('invalid-input', `The build context must be a full path, not ${contextDir}.`)
      return listBuildContext(contextDir, dockerfilePath)
    },

    confirmUnsaved: async ({ action, fileName }) => {
      const what = fileName ? path.basename(fileName) : 'the untitled Dockerfile'
      const doing = action === 'open' ? 'opening another file' : action === 'new' ? 'starting a new Dockerfile' : 'restoring the draft'
      const choice = await ctx.dialogs.confirm({
        message: `Save your changes to ${what} before ${doing}?`,
        detail: 'If you don\'t save, your changes are lost.',
        buttons: ['Save', 'Don\'t save', 'Cancel']
      })
      const choices: UnsavedChoice[] = ['save', 'discard', 'cancel']
      return choices[choice] ?? 'cancel'
    },

    saveDraft: async ({ text, filePath, contextDir, stamp, bom }) => {
      const draft = await drafts.save({ text: fromChunks(text), filePath, contextDir, stamp, bom })
      return { savedAt: draft.savedAt }
    },

    loadDraft: async () => {
      const draft = await drafts.load()
      if (draft?.filePath) writable.add(draft.filePath)
      return draft
    },

    clearDraft: async () => drafts.clear()
  }
}
