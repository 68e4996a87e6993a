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

const loopbackHosts = new Set(['localhost', '127.0.0.1', '[::1]', '0.0.0.0'])

/**
 * A URL may go to the system browser only when it is http(s) to this machine on a port that a container
 * published: the links Slipway itself made. Anything else (file:, javascript:, credentials, other hosts) is refused.
 */
export function isAllowedExternalUrl(url: string, publishedPorts: ReadonlySet<number>): boolean {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return false
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return false
  if (parsed.username || parsed.password) return false
  if (!loopbackHosts.has(parsed.hostname)) return false
  const port = Number(parsed.port || (parsed.protocol === 'https:' ? 443 : 80))
  return publishedPorts.has(port)
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
