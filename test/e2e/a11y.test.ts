// Accessibility: axe on every view and dialog, in the light and the dark theme, with real
// content (a Dockerfile with problems, test images, a running container with a published
// port and its logs, a finished build). Any serious or critical violation fails the test
// and is printed with its target and what to fix.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import AxeBuilder from '@axe-core/playwright'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BUSYBOX_IMAGE } from '../support/base-images'
import { requireDaemon, TEST_LABEL } from '../support/daemon'
import { launchApp } from './harness'

const daemon = requireDaemon()
const unique = `${process.pid}${Date.now().toString(36)}`
const REPO = `slipway-test/a11y-${unique}`
const TAGS = [`${REPO}:one`, `${REPO}:two`, `${REPO}-other:latest`]
const BUILD_TAG = `${REPO}-built:1.0`
const CONTAINER = `a11y-${unique}`

// FROM without a tag-pinned base, apt-get without -y and a shell-form CMD: the editor shows problems.
const DOCKERFILE = [`FROM ${BUSYBOX_IMAGE}`, 'COPY hello.txt /hello.txt', 'RUN apt-get install curl', 'EXPOSE 8080', 'CMD echo hello', ''].join('\n')
const BUILD_DOCKERFILE = [`FROM ${BUSYBOX_IMAGE}`, 'COPY hello.txt /hello.txt', 'CMD ["cat", "/hello.txt"]', ''].join('\n')

interface Finding {
  state: string
  id: string
  impact: string
  help: string
  helpUrl: string
  targets: string[]
}

async function axe(page: Page, state: string, findings: Finding[]): Promise<void> {
  // Let transitions and live content settle before reading colours.
  await page.waitForTimeout(300)
  const results = await new AxeBuilder({ page }).analyze()
  for (const v of results.violations) {
    if (v.impact !== 'serious' && v.impact !== 'critical') continue
    findings.push({
      state,
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      targets: v.nodes.map((n) => `${n.target.join(' ')}${n.failureSummary ? ` — ${n.failureSummary.replace(/\s+/g, ' ')}` : ''}`)
    })
  }
}

function report(findings: Finding[]): string {
  return findings.map((f) => `[${f.state}] ${f.impact} ${f.id}: ${f.help} (${f.helpUrl})\n${f.targets.map((t) => `    ${t}`).join('\n')}`).join('\n')
}

describe.skipIf(!daemon)('accessibility (axe): no serious or critical violations', () => {
  const docker = daemon!.docker
  let dir = ''
  let buildDir = ''
  let containerId = ''

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'slipway-a11y-'))
    await writeFile(path.join(dir, 'Dockerfile'), DOCKERFILE)
    await writeFile(path.join(dir, 'hello.txt'), 'hello\n')
    buildDir = await mkdtemp(path.join(os.tmpdir(), 'slipway-a11y-build-'))
    await writeFile(path.join(buildDir, 'Dockerfile'), BUILD_DOCKERFILE)
    await writeFile(path.join(buildDir, 'hello.txt'), 'hello\n')
    const base = docker.getImage(BUSYBOX_IMAGE)
    for (const tag of TAGS) {
      const [repo, t] = [tag.slice(0, tag.lastIndexOf(':')), tag.slice(tag.lastIndexOf(':') + 1)]
      await base.tag({ repo, tag: t })
    }
    const container = await docker.createContainer({
      name: CONTAINER,
      Image: TAGS[0],
      Cmd: ['sh', '-c', 'echo serving on 8080; i=0; while [ $i -lt 30 ]; do echo "log line $i"; i=$((i+1)); done; httpd -f -p 8080'],
      Labels: { [TEST_LABEL]: '1' },
      ExposedPorts: { '8080/tcp': {} },
      HostConfig: { PortBindings: { '8080/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }] } }
    })
    containerId = container.id
    await container.start()
  }, 120_000)

  afterAll(async () => {
    if (containerId) await docker.getContainer(containerId).remove({ force: true }).catch(() => undefined)
    for (const tag of [...TAGS, BUILD_TAG]) await docker.getImage(tag).remove({ force: true }).catch(() => undefined)
    await Promise.all([dir, buildDir].filter(Boolean).map((d) => rm(d, { recursive: true, force: true })))
  })

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`every view and dialog in the ${colorScheme} theme`, async () => {
      let dockerfile = path.join(buildDir, 'Dockerfile')
      const app = await launchApp({
        dockerHost: daemon!.dockerHost,
        colorScheme,
        dialogs: { openFile: () => dockerfile, confirm: () => 1 }
      })
      const findings: Finding[] = []
      const check = (state: string) => axe(app.page, `${colorScheme} · ${state}`, findings)
      try {
        const { page } = app
        const nav = (name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name, exact: true }).click()
        const instructions = page.getByRole('list', { name: 'Instructions' })

        // Dockerfile, empty.
        await page.getByRole('heading', { level: 1, name: 'Dockerfile' }).waitFor()
        await check('Dockerfile view, empty')

        // A small build first, so the Builds view has a finished build to show.
        await page.getByRole('button', { name: 'Open…' }).click()
        await instructions.getByRole('listitem').first().waitFor()
        await page.getByRole('button', { name: 'Build', exact: true }).click()
        const buildDialog = page.getByRole('dialog', { name: 'Build an image' })
        await expect.poll(() => buildDialog.getByLabel('Build context').inputValue()).toBe(buildDir)
        await buildDialog.getByLabel('Image tag').fill(BUILD_TAG)
        await buildDialog.getByText(/Sends \d+ files?,/).waitFor()
        await check('Build options dialog')
        await buildDialog.getByRole('button', { name: 'Start build' }).click()
        const progress = page.getByRole('region', { name: 'Build progress' })
        await expect.poll(() => progress.getByRole('status', { name: 'Build status' }).innerText(), { timeout: 120_000 }).toBe('Succeeded')
        await check('Dockerfile view, build progress panel')

        // Dockerfile with problems showing and a block's help open.
        dockerfile = path.join(dir, 'Dockerfile')
        await page.getByRole('button', { name: 'Open…' }).click()
        await instructions.getByRole('listitem', { name: /^CMD echo/ }).waitFor()
        await instructions.getByRole('group', { name: 'Problems' }).first().waitFor({ timeout: 15_000 })
        await instructions.getByRole('listitem', { name: /^RUN/ }).getByRole('button', { name: 'Help' }).click()
        await page.getByRole('region', { name: 'Build context' }).getByRole('button', { name: 'Show files' }).click()
        await check('Dockerfile view, with a Dockerfile, problems and help')

        await page.getByRole('button', { name: 'Add instruction', exact: true }).click()
        await page.getByRole('menu', { name: 'Instructions to add' }).waitFor()
        await check('Add instruction menu')
        await page.keyboard.press('Escape')

        await page.getByRole('button', { name: 'New…' }).click()
        await page.getByRole('dialog', { name: 'New Dockerfile' }).getByRole('button').first().waitFor()
        await check('New Dockerfile dialog')
        await page.keyboard.press('Escape')

        // Images, filtered to this test's images, with the details panel open.
        await nav('Images')
        const grid = page.getByRole('grid', { name: 'Images' })
        await grid.waitFor({ timeout: 15_000 })
        await page.getByRole('searchbox', { name: 'Search images' }).fill(REPO)
        const row = grid.getByRole('row').filter({ hasText: REPO }).filter({ hasText: 'one' }).first()
        await row.waitFor({ timeout: 15_000 })
        await check('Images view')
        await row.getByRole('button', { name: 'Inspect', exact: true }).click()
        const details = page.getByRole('complementary', { name: 'Image details' })
        await details.waitFor()
        await details.getByRole('table', { name: 'Layers' }).waitFor({ timeout: 15_000 }).catch(() => undefined)
        await check('Images view, image details')
        // The tabs are one tab stop; the arrow keys move between them.
        const tabs = await details.getByRole('tab').all()
        await tabs[0]!.click()
        for (const [i, tab] of tabs.entries()) {
          if (i > 0) await page.keyboard.press('ArrowRight')
          expect(await tab.getAttribute('aria-selected')).toBe('true')
          expect(await tab.evaluate((el) => el === document.activeElement)).toBe(true)
          await check(`Images view, image details, ${(await tab.innerText()).trim()} tab`)
        }
        await details.getByRole('button', { name: 'Close details' }).click()

        await row.getByRole('button', { name: 'Delete', exact: true }).click()
        const deleteDialog = page.getByRole('dialog', { name: /^Delete/ })
        await deleteDialog.waitFor()
        await page.waitForTimeout(500)
        await check('Delete dialog')
        await page.keyboard.press('Escape')
        await deleteDialog.waitFor({ state: 'detached' })

        await row.getByRole('button', { name: 'Run', exact: true }).click()
        const runDialog = page.getByRole('dialog')
        await runDialog.getByRole('textbox', { name: 'Container name' }).waitFor({ timeout: 15_000 })
        await page.waitForTimeout(1000)
        await check('Run dialog')
        await page.keyboard.press('Escape')
        await runDialog.waitFor({ state: 'detached' })

        // Containers, with the running container, its published port and the Logs panel.
        await nav('Containers')
        const table = page.getByRole('table', { name: 'Containers' })
        const containerRow = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: CONTAINER, exact: true }) })
        await expect.poll(() => containerRow.innerText(), { timeout: 20_000 }).toContain('Running')
        await containerRow.getByRole('link').first().waitFor()
        await check('Containers view')
        await containerRow.getByRole('button', { name: 'Logs', exact: true }).click()
        await expect.poll(() => page.getByRole('log', { name: `Log lines of ${CONTAINER}` }).innerText(), { timeout: 20_000 }).toContain('log line 29')
        await check('Containers view, logs')
        await containerRow.getByRole('button', { name: 'Inspect', exact: true }).click()
        await page.getByRole('region', { name: `Inspect ${CONTAINER}` }).waitFor()
        await check('Containers view, inspect')

        // Builds, after the build above.
        await nav('Builds')
        const builds = page.getByRole('list', { name: 'Builds' })
        await builds.getByRole('button', { name: `${BUILD_TAG} — Succeeded` }).click()
        await page.getByRole('list', { name: 'Build steps' }).getByRole('listitem').first().waitFor()
        await check('Builds view')
      } finally {
        await app.close()
        if (findings.length) console.log(`axe findings (${colorScheme}):\n${report(findings)}`)
      }
      expect(report(findings)).toBe('')
    })
  }
})
