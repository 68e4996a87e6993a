import type { Envelope } from '../shared/ipc/errors'

/** Who sent a request, as the transport saw it. */
export interface SenderInfo {
  /** True only for our own window's main frame (or the test bridge's page). */
  trusted: boolean
  description: string
}

export type RequestHandler = (input: unknown, sender: SenderInfo) => Promise<Envelope>

/** The main side of IPC: Electron's ipcMain, or the test bridge. The same handlers run on both. */
export interface Transport {
  handle(channel: string, handler: RequestHandler): void
  emit(eventChannel: string, payload: unknown): void
}
