import path from 'node:path'
import type { AppServices } from '../app-services'
import type { Handlers } from '../ipc'
import { fromChunks, type SaveResult, type UnsavedChoice } from '../../shared/ipc/channels/dockerfile'
import { AppError } from '../../shared/ipc/errors'
import { DraftStore } from '../files/drafts'
import { readDockerfile } from '../files/read'
import { checkDiskChange, writeDockerfile } from '../files/save'
import { existingTemplateFiles, findTemplatesDir, getTemplate, listTemplates, writeTemplate } from '../files/templates'

const dockerfileFilters = [
  { name: 'Dockerfiles', extensions: ['Dockerfile', 'dockerfile', 'Containerfile', '*'] }
]

export function dockerfileHandlers(app: AppServices): Handlers['dockerfile'] {
  const drafts = new DraftStore(app.dataDir)
  // The page may save only to files the person picked in a native dialog (Open, Save As, a template's folder).
  const writable = new Set<string>()
  // The file a draft names was written there by the page, which is not trusted: saving to it asks first.
  let restoredDraftPath: string | null = null

  async function saveTo(file: string, text: string, bom: boolean): Promise<SaveResult> {
    const stamp = await writeDockerfile(file, text, bom)
    writable.add(file)
    await app.grants.grantFileFolder(file)
    return { status: 'saved', path: file, stamp }
  }

  /** Main's "Save to <path>?" before the first save of a restored draft's file: 0 save, 1 Save As, else cancel. */
  async function confirmRestoredPath(file: string): Promise<number> {
    return app.dialogs.confirm({
      message: `Save to ${file}?`,
      detail: `This Dockerfile came back from an unsaved draft. Slipway writes only to files you opened or saved in this session, so it asks before writing to ${file}. Choose Save As… to pick another file.`,
      buttons: ['Save', 'Save As…', 'Cancel'],
      boundary: true
    })
  }

  async function saveAs(text: string, bom: boolean, defaultPath?: string): Promise<SaveResult> {
    const file = await app.dialogs.saveFile({ title: 'Save Dockerfile', defaultPath: defaultPath ?? 'Dockerfile', filters: dockerfileFilters })
    if (!file) return { status: 'cancelled' }
    return saveTo(file, text, bom)
  }

  return {
    open: async ({ defaultPath }) => {
      const file = await app.dialogs.openFile({ title: 'Open Dockerfile', ...(defaultPath ? { defaultPath } : {}), filters: dockerfileFilters })
      if (!file) return null
      const opened = await readDockerfile(file)
      writable.add(file)
      await app.grants.grantFileFolder(file)
      return opened
    },

    save: async ({ path: file, text, expected, bom }) => {
      const content = fromChunks(text)
      if (!writable.has(file)) {
        if (file !== restoredDraftPath) {
          throw new AppError('forbidden', `Slipway did not open ${file} in this session, so it will not write there. Use Save As to pick the file.`)
        }
        const choice = await confirmRestoredPath(file)
        if (choice === 1) return saveAs(content, bom, file)
        if (choice !== 0) return { status: 'cancelled' }
      }
      if (expected) {
        const change = await checkDiskChange(file, expected)
        if (change.kind === 'modified') {
          const choice = await app.dialogs.confirm({
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
      const folder = await app.dialogs.chooseFolder({ title: `Choose a folder for "${template.name}"` })
      if (!folder) return null
      await app.grants.grantFolder(folder)
      const present = await existingTemplateFiles(template, folder)
      if (present.length > 0) {
        const choice = await app.dialogs.confirm({
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

    confirmUnsaved: async ({ action, fileName }) => {
      const what = fileName ? path.basename(fileName) : 'the untitled Dockerfile'
      const doing = action === 'open' ? 'opening another file' : action === 'new' ? 'starting a new Dockerfile' : 'restoring the draft'
      const choice = await app.dialogs.confirm({
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
      restoredDraftPath = draft?.filePath ?? null
      return draft
    },

    clearDraft: async () => drafts.clear()
  }
}
