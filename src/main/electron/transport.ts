import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron'
import type { RequestHandler, Transport } from '../transport'
import { isAllowedNavigation } from '../security'

/** ipcMain/webContents transport: answers only our own window's main frame, on our own origin. */
export function createElectronTransport(getWindow: () => BrowserWindow | null, devServerUrl?: string): Transport {
  const isOwnMainFrame = (event: IpcMainInvokeEvent): boolean => {
    const window = getWindow()
    const frame = event.senderFrame
    if (!window || !frame || event.sender !== window.webContents) return false
    return frame === window.webContents.mainFrame && isAllowedNavigation(frame.url, devServerUrl)
  }
  return {
    handle(channel: string, handler: RequestHandler) {
      ipcMain.handle(channel, (event, input: unknown) =>
        handler(input, { trusted: isOwnMainFrame(event), description: event.senderFrame?.url ?? 'an unknown frame' })
      )
    },
    emit(eventChannel: string, payload: unknown) {
      const window = getWindow()
      if (window && !window.isDestroyed()) window.webContents.send(eventChannel, payload)
    }
  }
}
