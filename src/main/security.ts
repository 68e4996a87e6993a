import path from 'node:path'

/** The scheme and host our renderer is served from in the packaged app. */
export const APP_SCHEME = 'app'
export const APP_HOST = 'slipway'
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`

/** Only our own pages may be navigated to, from the app protocol (or the dev server in development). */
export function isAllowedNavigation(url: string, devServerUrl?: string): boolean {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return false
  }
  if (parsed.username || parsed.password) return false
  if (parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST) return true
  if (devServerUrl) {
    const dev = new URL(devServerUrl)
    return parsed.origin === dev.origin
  }
  return false
}

/**
 * A URL may go to the system browser only when it is exactly one of the links Slipway itself made for a
 * port a running container publishes on this machine (`hrefs`, computed by main at the time of the call,
 * never taken from the page). Anything else (other paths or queries, file:, javascript:, other hosts) is refused.
 */
export function isAllowedExternalUrl(url: string, hrefs: ReadonlySet<string>): boolean {
  if (!hrefs.has(url)) return false
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return false
  }
  return parsed.protocol === 'http:' && parsed.origin === url
}

/** Maps an app:// URL to a file inside the renderer folder; null for anything that would leave it. */
export function resolveAppAsset(rendererDir: string, url: string): string | null {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return null
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return null
  let pathname: string
  try {
    pathname = decodeURIComponent(parsed.pathname)
  } catch {
    return null
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return null
  const relative = pathname === '/' || pathname === '' ? 'index.html' : pathname.replace(/^\/+/, '')
  const root = path.resolve(rendererDir)
  const file = path.resolve(root, relative)
  if (file !== root && !file.startsWith(root + path.sep)) return null
  return file
}
