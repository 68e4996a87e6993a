import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { secureWebPreferences } from '../../src/main/electron/web-preferences'
import { isAllowedExternalUrl, isAllowedNavigation, resolveAppAsset } from '../../src/main/security'

describe('webPreferences', () => {
  it('keeps the renderer sandboxed and isolated', () => {
    const prefs = secureWebPreferences('/app/out/preload/index.cjs')
    for (const on of ['contextIsolation', 'sandbox', 'webSecurity'] as const) expect(prefs[on], on).toBe(true)
    for (const off of ['nodeIntegration', 'nodeIntegrationInWorker', 'nodeIntegrationInSubFrames', 'allowRunningInsecureContent', 'experimentalFeatures', 'webviewTag'] as const) {
      expect(prefs[off], off).toBe(false)
    }
    expect(prefs).not.toHaveProperty('enableBlinkFeatures')
    expect(prefs.disableBlinkFeatures).toBe('Auxclick')
    expect(prefs.preload).toBe('/app/out/preload/index.cjs')
  })
})

describe('isAllowedNavigation', () => {
  it.each([
    ['app://slipway/index.html', true],
    ['app://slipway/', true],
    ['app://other/index.html', false],
    ['app://user:pw@slipway/index.html', false],
    ['file:///etc/passwd', false],
    ['https://example.com/', false],
    ['javascript:alert(1)', false],
    ['not a url', false],
    ['http://localhost:5173/', false]
  ])('%s → %s', (url, allowed) => {
    expect(isAllowedNavigation(url)).toBe(allowed)
  })

  it('allows the dev server origin only when one is given', () => {
    expect(isAllowedNavigation('http://localhost:5173/index.html', 'http://localhost:5173')).toBe(true)
    expect(isAllowedNavigation('http://localhost:5174/index.html', 'http://localhost:5173')).toBe(false)
  })
})

describe('isAllowedExternalUrl', () => {
  // The links main made for the ports running containers publish (see hrefForPublishedPort).
  const links = new Set(['http://localhost:8888', 'http://127.0.0.1:8080', 'http://[::1]:9000'])
  it.each([
    ['http://localhost:8888', true],
    ['http://127.0.0.1:8080', true],
    ['http://[::1]:9000', true],
    // Same host and port, but not the link main made: a path, a query, another spelling of the host.
    ['http://localhost:8888/some/page?x=1', false],
    ['http://localhost:8888/', false],
    ['http://localhost:8888?x', false],
    ['http://LOCALHOST:8888', false],
    ['http://127.0.0.1:8888', false],
    ['https://localhost:8888', false],
    ['http://localhost:9999', false],
    ['http://localhost', false],
    ['file:///etc/passwd', false],
    ['javascript:alert(1)//localhost:8888', false],
    ['data:text/html,<script>1</script>', false],
    ['http://user:pass@localhost:8888', false],
    ['http://localhost:8888@evil.example', false],
    ['http://localhost.evil.example:8888', false],
    ['vscode://localhost:8888', false],
    ['', false]
  ])('%s → %s', (url, allowed) => {
    expect(isAllowedExternalUrl(url, links)).toBe(allowed)
  })

  it('refuses a set entry that is not a plain http origin, even if main somehow listed it', () => {
    for (const bad of ['file:///etc/passwd', 'http://localhost:8888/path', 'javascript:1']) expect(isAllowedExternalUrl(bad, new Set([bad]))).toBe(false)
  })
})

describe('resolveAppAsset', () => {
  const dir = '/opt/slipway/renderer'
  it.each([
    ['app://slipway/index.html', path.join(dir, 'index.html')],
    ['app://slipway/', path.join(dir, 'index.html')],
    ['app://slipway/assets/index-abc.js', path.join(dir, 'assets/index-abc.js')],
    ['app://slipway/../../etc/passwd', path.join(dir, 'etc/passwd')],
    ['app://slipway/%2e%2e/%2e%2e/etc/passwd', path.join(dir, 'etc/passwd')],
    ['app://slipway/assets/..%2F..%2F..%2Fetc%2Fpasswd', null],
    ['app://slipway/..%5C..%5Cwindows', null],
    ['app://slipway/index.html%00.png', null],
    ['app://slipway/%E0%A4%A', null],
    ['app://other/index.html', null],
    ['file:///etc/passwd', null]
  ])('%s → %s', (url, expected) => {
    expect(resolveAppAsset(dir, url)).toBe(expected)
  })
})
