import { api } from '../api'

/** Opens a page in the system browser (main opens only pages it offered: published ports, rule docs). */
export function openInBrowser(url: string): Promise<void> {
  return api.app.openExternal({ url })
}
