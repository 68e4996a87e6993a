import { app, BrowserWindow, dialog, session, shell } from 'electron'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import indexWorkerScript from './docker/images/layers/index-worker?modulePath'
import { createElectronDialogs } from './electron/dialogs'
import { registerAppScheme, serveRenderer } from './electron/protocol'
import { createElectronTransport } from './electron/transport'
import { secureWebPreferences } from './electron/web-preferences'
import { APP_ORIGIN, isAllowedNavigation } from './security'
import { startMain } from './services'

const here = path.dirname(fileURLToPath(import.meta.url))
const devServerUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined

registerAppScheme()
let mainWindow: BrowserWindow | null = null

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    title: 'Slipway',
    show: false,
    webPreferences: secureWebPreferences(path.join(here, '../preload/index.cjs'))
  })
  window.once('ready-to-show', () => window.show())
  window.webContents.on('will-navigate', (event, url) => {
    if (!isAllowedNavigation(url, devServerUrl)) event.preventDefault()
  })
  window.webContents.on('will-attach-webview', (event) => event.preventDefault())
  window.webContents.setWindowOpenHandler(() => ({ action: 'deny' }))
  // The renderer's beforeunload asks to keep unsaved work; Electron leaves the question to us.
  window.webContents.on('will-prevent-unload', (event) => {
    const choice = dialog.showMessageBoxSync(window, {
      type: 'question',
      buttons: ['Close without saving', 'Keep editing'],
      defaultId: 1,
      cancelId: 1,
      message: 'Your Dockerfile has unsaved changes.',
      detail: 'A draft is kept and offered back next time, but the file on disk is not updated.'
    })
    if (choice === 0) event.preventDefault()
  })
  void window.loadURL(devServerUrl ?? `${APP_ORIGIN}/index.html`)
  return window
}

void app.whenReady().then(() => {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  session.defaultSession.setPermissionCheckHandler(() => false)
  serveRenderer(path.join(here, '../renderer'))
  const services = startMain({
    transport: createElectronTransport(() => mainWindow, devServerUrl),
    dialogs: createElectronDialogs(() => mainWindow),
    dataDir: app.getPath('userData'),
    openExternal: (url) => shell.openExternal(url),
    appVersion: app.getVersion(),
    startIndexWorker: (options) => new Worker(indexWorkerScript, options)
  })
  mainWindow = createWindow()
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) mainWindow = createWindow()
  })
  app.on('will-quit', () => services.dispose())
})

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit()
})
