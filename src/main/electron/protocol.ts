import { net, protocol } from 'electron'
import { pathToFileURL } from 'node:url'
import { createCspNonce, withCspNonce } from '../csp'
import { APP_SCHEME, resolveAppAsset } from '../security'

/** Must run before app is ready: app:// behaves like a secure, standard origin. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }])
}

/**
 * Serves the built renderer from app://slipway/, refusing any path that leaves its folder. Pages get a
 * fresh style nonce each load and the Content-Security-Policy as a header (which, unlike the meta tag,
 * also carries frame-ancestors).
 */
export function serveRenderer(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveAppAsset(rendererDir, request.url)
    if (!file) return new Response('Not found', { status: 404 })
    const response = await net.fetch(pathToFileURL(file).toString())
    if (!file.endsWith('.html') || !response.ok) return response
    const page = withCspNonce(await response.text(), createCspNonce())
    return new Response(page.html, {
      status: response.status,
      headers: { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': page.header }
    })
  })
}
