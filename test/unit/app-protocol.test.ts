// The app:// handler as Electron calls it (Electron's protocol and net replaced): pages come with the
// Content-Security-Policy as a header and a fresh style nonce; other files pass through untouched.
import { describe, expect, it, vi } from 'vitest'
import { contentSecurityPolicy, CSP_NONCE_PLACEHOLDER } from '../../src/shared/csp'

type Handler = (request: Request) => Promise<Response>
const handlers = new Map<string, Handler>()
const page = `<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(CSP_NONCE_PLACEHOLDER, 'meta')}"><meta property="csp-nonce" nonce="${CSP_NONCE_PLACEHOLDER}">`

vi.mock('electron', () => ({
  protocol: { handle: (scheme: string, handler: Handler) => handlers.set(scheme, handler), registerSchemesAsPrivileged: () => undefined },
  net: { fetch: (url: string) => Promise.resolve(new Response(url.endsWith('.html') ? page : `file ${url}`, { headers: { 'content-type': 'text/javascript' } })) }
}))

describe('the app:// protocol', () => {
  it('sends the CSP header (with frame-ancestors) and a fresh nonce with every page, and leaves other files alone', async () => {
    const { serveRenderer } = await import('../../src/main/electron/protocol')
    serveRenderer('/opt/slipway/renderer')
    const handler = handlers.get('app')!
    const first = await handler(new Request('app://slipway/index.html'))
    const second = await handler(new Request('app://slipway/'))
    const header = first.headers.get('content-security-policy')!
    const nonce = /'nonce-([^']+)'/.exec(header)![1]!
    expect(header).toBe(contentSecurityPolicy(nonce, 'header'))
    expect(header).toContain("frame-ancestors 'none'")
    expect(nonce).not.toBe(CSP_NONCE_PLACEHOLDER)
    const html = await first.text()
    expect(html).toContain(`nonce="${nonce}"`)
    expect(html).toContain(`'nonce-${nonce}'`)
    expect(html).not.toContain(CSP_NONCE_PLACEHOLDER)
    expect(second.headers.get('content-security-policy')).not.toBe(header)
    expect(first.headers.get('content-type')).toBe('text/html; charset=utf-8')

    const script = await handler(new Request('app://slipway/assets/index.js'))
    expect(await script.text()).toBe('file file:///opt/slipway/renderer/assets/index.js')
    expect((await handler(new Request('app://elsewhere/index.html'))).status).toBe(404)
  })
})
