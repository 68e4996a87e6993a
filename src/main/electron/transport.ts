import { ipcMain, type BrowserWindow } from 'electron'
import type { RequestHandler, Transport } from '../transport'
import { describeSender, isTrustedSender, readSenderFacts } from '../ipc-sender'

/** ipcMain/webContents transport: answers only our own window's main frame, on our own origin. */
export function createElectronTransport(getWindow: () => BrowserWindow | null, devServerUrl?: string): Transport {
  return {
    handle(channel: string, handler: RequestHandler) {
      ipcMain.handle(channel, (event, input: unknown) =>
        handler(input, { trusted: isTrustedSender(readSenderFacts(event, getWindow()), devServerUrl), description: describeSender(event) })
      )
    },
    emit(eventChannel: string, payload: unknown) {
      const window = getWindow()
      if (window && !window.isDestroyed()) window.webContents.send(eventChannel, payload)
    }
  }
}
