import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

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

describe('Content-Security-Policy of the built renderer', () => {
  it('allows scripts only from the app itself, with no eval and no inline scripts', async () => {
    expect(existsSync(built), 'build the renderer first (npm test runs electron-vite build)').toBe(true)
    const html = await readFile(built, 'utf8')
    const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)
    expect(meta, 'index.html must carry a CSP meta tag').not.toBeNull()
    const csp = directives(meta![1]!)
    expect(csp.get('script-src')).toEqual(["'self'"])
    expect(csp.get('default-src')).toEqual(["'self'"])
    expect(csp.get('object-src')).toEqual(["'none'"])
    expect(csp.get('base-uri')).toEqual(["'none'"])
    expect(meta![1]).not.toContain('unsafe-eval')
    expect(csp.get('connect-src')).toEqual(["'self'"])
    // Every script the page loads is a file of our own bundle.
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0])
    expect(scripts.length).toBeGreaterThan(0)
    for (const tag of scripts) expect(tag).toMatch(/src="\.?\/assets\/[^"]+\.js"/)
    expect(html).not.toMatch(/<script\b[^>]*>[^<]+<\/script>/)
  })
})
