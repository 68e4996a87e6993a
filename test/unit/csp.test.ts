import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { createCspNonce, withCspNonce } from '../../src/main/csp'
import { contentSecurityPolicy, CSP_NONCE_PLACEHOLDER } from '../../src/shared/csp'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const built = path.join(root, 'out', 'renderer', 'index.html')

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...values]) => [name!, values])
  )
}

async function builtPage(): Promise<{ html: string; meta: string }> {
  expect(existsSync(built), 'build the renderer first (npm test runs electron-vite build)').toBe(true)
  const html = await readFile(built, 'utf8')
  const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)
  expect(meta, 'index.html must carry a CSP meta tag').not.toBeNull()
  return { html, meta: meta![1]! }
}

describe('Content-Security-Policy of the built renderer', () => {
  it('allows scripts only from the app itself, with no eval and no inline scripts', async () => {
    const { html, meta } = await builtPage()
    const csp = directives(meta)
    expect(csp.get('script-src')).toEqual(["'self'"])
    expect(csp.get('default-src')).toEqual(["'self'"])
    expect(csp.get('object-src')).toEqual(["'none'"])
    expect(csp.get('base-uri')).toEqual(["'none'"])
    expect(meta).not.toContain('unsafe-eval')
    expect(csp.get('connect-src')).toEqual(["'self'"])
    // Every script the page loads is a file of our own bundle.
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0])
    expect(scripts.length).toBeGreaterThan(0)
    for (const tag of scripts) expect(tag).toMatch(/src="\.?\/assets\/[^"]+\.js"/)
    expect(html).not.toMatch(/<script\b[^>]*>[^<]+<\/script>/)
  })

  it('allows no inline styles: style elements need the page nonce, style attributes are refused', async () => {
    const { html, meta } = await builtPage()
    expect(meta).not.toContain('unsafe-inline')
    expect(directives(meta).get('style-src')).toEqual(["'self'", `'nonce-${CSP_NONCE_PLACEHOLDER}'`])
    // The page tells its scripts the nonce the same way Vite does, so CodeMirror's <style> carries it.
    expect(html).toContain(`<meta property="csp-nonce" nonce="${CSP_NONCE_PLACEHOLDER}">`)
    expect(html).not.toMatch(/\sstyle="/)
  })

  it('has one source: the meta tag is the shared policy (without frame-ancestors, which a meta tag cannot carry)', async () => {
    const { meta } = await builtPage()
    expect(meta).toBe(contentSecurityPolicy(CSP_NONCE_PLACEHOLDER, 'meta'))
    expect(directives(contentSecurityPolicy('n', 'header')).get('frame-ancestors')).toEqual(["'none'"])
    expect(directives(meta).has('frame-ancestors')).toBe(false)
  })

  it('serves each page load with its own nonce, in the page and in the header', async () => {
    const { html } = await builtPage()
    const first = withCspNonce(html, createCspNonce())
    const second = withCspNonce(html, createCspNonce())
    expect(first.html).not.toContain(CSP_NONCE_PLACEHOLDER)
    const nonceOf = (page: { header: string }) => /'nonce-([A-Za-z0-9+/=]+)'/.exec(page.header)![1]!
    expect(nonceOf(first)).not.toBe(nonceOf(second))
    expect(nonceOf(first)).toMatch(/^[A-Za-z0-9+/]{22}==$/)
    expect(first.html).toContain(`<meta property="csp-nonce" nonce="${nonceOf(first)}">`)
    expect(first.html).toContain(`'nonce-${nonceOf(first)}'`)
    expect(first.header).toBe(contentSecurityPolicy(nonceOf(first), 'header'))
  })
})
