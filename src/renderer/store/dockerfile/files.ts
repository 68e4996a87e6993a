// Opening, creating and saving the Dockerfile, and asking before unsaved work is replaced.
import { toChunks, type OpenedDockerfile, type SaveResult } from '../../../shared/ipc/channels/dockerfile'
import { api } from '../../api'
import { whileBusy } from './busy'
import { chosenFolder, contextFolder } from './context-folder'
import type { DockerfileState, DockerfileStore, LoadedText } from './state'

interface FileDeps {
  replaceDocument(loaded: LoadedText, chosenContext: string | null, savedText: string | null): void
  writeDraft(): Promise<void>
}

type FileActions = Pick<DockerfileState, 'listTemplates' | 'newFromTemplate' | 'open' | 'save' | 'saveAs' | 'dismissError'>

export function fileActions(store: DockerfileStore, deps: FileDeps): FileActions & { settleUnsaved(action: 'open' | 'new' | 'restore'): Promise<boolean> } {
  const { getState: get, setState: set } = store

  function load(opened: LoadedText, chosenContext: string | null = null): void {
    deps.replaceDocument(opened, chosenContext, opened.text)
  }

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
    set({
      filePath: result.path,
      stamp: result.stamp,
      savedText: s.text,
      dirty: false,
      error: null,
      ...contextFolder(result.path, chosenFolder(s))
    })
    void deps.writeDraft()
    // The saved Dockerfile is itself in the listing (its size changed, or it is new there), and a folder the
    // listing was refused for (a restored draft's) is granted once the file is saved there.
    void get().refreshContext()
    return true
  }

  return {
    settleUnsaved,

    listTemplates: () => api.dockerfile.listTemplates(),

    async newFromTemplate(templateId, needsFolder) {
      if (!(await settleUnsaved('new'))) return false
      if (!needsFolder) {
        load({ text: '', path: null, stamp: null, bom: false })
        return true
      }
      const opened = await whileBusy<OpenedDockerfile | null>(store, () => api.dockerfile.createFromTemplate({ id: templateId }), null)
      if (!opened) return false
      load(opened)
      return true
    },

    async open() {
      if (!(await settleUnsaved('open'))) return
      const current = get().filePath
      const opened = await whileBusy<OpenedDockerfile | null>(store, () => api.dockerfile.open(current ? { defaultPath: current } : {}), null)
      if (opened) load(opened)
    },

    async save() {
      const s = get()
      if (!s.filePath) return get().saveAs()
      const result = await whileBusy<SaveResult>(
        store,
        () => api.dockerfile.save({ path: s.filePath!, text: toChunks(s.text), expected: s.stamp, bom: s.bom }),
        { status: 'cancelled' }
      )
      return afterSave(result)
    },

    async saveAs() {
      const s = get()
      const result = await whileBusy<SaveResult>(
        store,
        () => api.dockerfile.saveAs({ text: toChunks(s.text), bom: s.bom, ...(s.filePath ? { defaultPath: s.filePath } : {}) }),
        { status: 'cancelled' }
      )
      return afterSave(result)
    },

    dismissError() {
      set({ error: null })
    }
  }
}
