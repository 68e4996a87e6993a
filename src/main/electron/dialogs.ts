import { dialog, type BrowserWindow } from 'electron'
import type { Dialogs } from '../dialogs'

export function createElectronDialogs(getWindow: () => BrowserWindow | null): Dialogs {
  const parent = () => getWindow() ?? undefined
  return {
    async openFile({ title, defaultPath, filters }) {
      const options = { title, properties: ['openFile' as const], ...(defaultPath ? { defaultPath } : {}), ...(filters ? { filters } : {}) }
      const window = parent()
      const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options)
      return result.canceled ? null : (result.filePaths[0] ?? null)
    },
    async saveFile({ title, defaultPath, filters }) {
      const options = { title, ...(defaultPath ? { defaultPath } : {}), ...(filters ? { filters } : {}) }
      const window = parent()
      const result = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options)
      return result.canceled ? null : (result.filePath ?? null)
    },
    async chooseFolder({ title, defaultPath }) {
      const options = { title, properties: ['openDirectory' as const, 'createDirectory' as const], ...(defaultPath ? { defaultPath } : {}) }
      const window = parent()
      const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options)
      return result.canceled ? null : (result.filePaths[0] ?? null)
    },
    async confirm({ message, detail, buttons }) {
      const options = { type: 'question' as const, message, buttons, cancelId: buttons.length - 1, defaultId: 0, ...(detail ? { detail } : {}) }
      const window = parent()
      const result = window ? await dialog.showMessageBox(window, options) : await dialog.showMessageBox(options)
      return result.response
    }
  }
}
