import { z } from 'zod'
import { channel } from '../define'

export interface AppInfo {
  version: string
  platform: string
}

export const appChannels = {
  info: channel(z.object({}).strict().optional()).returns<AppInfo>(),
  /** Opens a URL in the system browser; only http(s) URLs to ports the app itself published pass. */
  openExternal: channel(z.object({ url: z.string().min(1).max(2048) }).strict()).returns<void>()
}
