// The renderer under its real Content-Security-Policy (header and meta tag, fresh nonce per load, no
// 'unsafe-inline' for styles): the editor keeps CodeMirror's styles, the build log keeps its ANSI colours,
// and the browser reports no violation anywhere on the way.
import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { expect, it } from 'vitest'
import { BUSYBOX_IMAGE } from '../support/base-images'
import { requireDaemon } from '../support/daemon'
import { scratch } from '../support/scratch'
import { openBuildDialog } from './build-dialog'
import { launchApp } from './harness'

const daemon = requireDaemon()
const made = scratch(daemon, 'slipway-e2e-csp-')

it.skipIf(!daemon)('keeps editor styles and log colours with no inline styles allowed, and no CSP violation', async () => {
  const marker = Math.random().toString(36).slice(2, 8)
  const tag = `slipway-e2e/csp-${marker}:1`
  made.keep(tag)
  const dir = await made.folder('slipway-e2e-csp-')
  // Red, bold green, and an unterminated OSC 8 hyperlink on a line of its own: later lines must still show.
  const printf = String.raw`printf "\033[31mred\033[0m\n\033[1;32mbold-green\033[0m\nlink \033]8;;https://evil.example/x\nafter-${marker}\n"`
  await writeFile(path.join(dir, 'Dockerfile'), [`FROM ${BUSYBOX_IMAGE}`, `RUN ${printf}`, ''].join('\n'))
  const app = await launchApp({ dockerHost: daemon!.dockerHost, dialogs: { openFile: () => path.join(dir, 'Dockerfile') } })
  const { page } = app
  const violations: string[] = []
  page.on('console', (message) => {
    if (/Content Security Policy|Content-Security-Policy/i.test(message.text())) violations.push(message.text())
  })
  try {
    // Load again with the listener in place, so violations during start-up count too.
    const response = await page.reload()
    const header = response!.headers()['content-security-policy'] ?? ''
    expect(header).toContain("frame-ancestors 'none'")
    expect(header).not.toContain('unsafe-inline')
    const nonce = /'nonce-([^']+)'/.exec(header)![1]!
    expect(await page.evaluate(() => document.querySelector<HTMLMetaElement>('meta[property="csp-nonce"]')!.nonce)).toBe(nonce)
    await page.evaluate(() => {
      document.addEventListener('securitypolicyviolation', (e) => console.error(`Content Security Policy violation: ${e.violatedDirective} ${e.blockedURI} ${e.sample}`))
    })

    const dialog = await openBuildDialog(page)
    // CodeMirror's own stylesheet (a <style> with the nonce) applies: its base theme makes the editor a flex box.
    const editor = page.locator('.cm-editor')
    await editor.waitFor()
    expect(await editor.evaluate((el) => getComputedStyle(el).display)).toBe('flex')
    expect(await page.evaluate((n) => [...document.querySelectorAll('style')].every((s) => s.nonce === n), nonce)).toBe(true)

    await dialog.getByLabel('Image tag').fill(tag)
    await dialog.getByRole('button', { name: 'Start build' }).click()
    const panel = page.getByRole('region', { name: 'Build progress' })
    await expect.poll(() => panel.getByRole('status', { name: 'Build status' }).innerText(), { timeout: 60_000 }).toBe('Succeeded')

    const log = panel.getByRole('log')
    // BuildKit's lines carry their step ("[2/2] after-…"), the classic builder's do not.
    const afterLine = log.getByText(new RegExp(`after-${marker}$`))
    await afterLine.waitFor()
    const colourOf = (text: string) => log.getByText(text, { exact: true }).evaluate((el) => getComputedStyle(el).color)
    const lineColour = await afterLine.evaluate((el) => getComputedStyle(el).color)
    const red = await colourOf('red')
    expect(red).toMatch(/^rgb\(\d+, \d+, \d+\)$/)
    expect(red).not.toBe(lineColour)
    expect(await log.getByText('red', { exact: true }).getAttribute('class')).toBe('ansi-red-fg')
    const green = log.getByText('bold-green', { exact: true })
    expect(await green.evaluate((el) => getComputedStyle(el).fontWeight)).toBe('700')
    expect(await colourOf('bold-green')).not.toBe(lineColour)
    // The hyperlink never became a link.
    expect(await log.getByRole('link').count()).toBe(0)
    expect(await log.locator('[style*="color"]').count()).toBe(0)

    expect(violations).toEqual([])
  } finally {
    await app.close()
  }
})
