// The engine stops in the middle of a build, a log stream, a list refresh and a run: the app says so,
// keeps what the person typed, reconnects by itself when the engine is back, and the views work again
// without a restart. Uses a dockerd of its own (stopped and started on the same socket), never the
// shared one.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import type Dockerode from 'dockerode'
import type { Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BUSYBOX_IMAGE, ensureBusyboxImage } from '../support/base-images'
import { dockerodeFor, startPrivateDockerd, TEST_LABEL, type PrivateDockerd } from '../support/daemon'
import { engineStatusText, launchApp, type LaunchedApp } from './harness'

const canStartDockerd = process.getuid?.() === 0
if (!canStartDockerd) console.warn('[slipway tests] skipping daemon-stops: starting a private dockerd needs root')

// Fast health checks and retries, so losing and finding the engine takes about a second.
const engineTiming = { healthIntervalMs: 300, retryDelaysMs: { first: 300, max: 600 } }

const ENGINE_STOPPED =
  'The Docker engine stopped during the build. The build did not finish and no tag was set; your files and images are unchanged. Start the engine again (Slipway reconnects by itself), then build again.'

const textView = (page: Page): Locator => page.getByRole('textbox', { name: 'Dockerfile text' })

async function shownText(page: Page): Promise<string> {
  return textView(page).evaluate((el) => Array.from(el.querySelectorAll('.cm-line'), (line) => line.textContent ?? '').join('\n'))
}

async function replaceText(page: Page, text: string): Promise<void> {
  await textView(page).click()
  await page.keyboard.press('Control+a')
  await page.keyboard.press('Delete')
  await page.keyboard.insertText(text)
}

async function show(page: Page, view: 'Dockerfile' | 'Images' | 'Containers' | 'Builds'): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: view, exact: true }).click()
}

async function waitConnected(page: Page): Promise<void> {
  await expect.poll(() => engineStatusText(page), { timeout: 30_000 }).toContain('Connected to Docker Engine')
}

async function waitDisconnected(page: Page): Promise<void> {
  await expect.poll(() => engineStatusText(page), { timeout: 30_000 }).toContain('Not connected')
  await page.getByRole('region', { name: 'Engine connection' }).waitFor({ timeout: 10_000 })
}

describe.skipIf(!canStartDockerd)('the engine stops and comes back', () => {
  let engine: PrivateDockerd
  let docker: Dockerode
  let dir: string
  let app: LaunchedApp | null = null

  beforeAll(async () => {
    engine = await startPrivateDockerd({ networking: 'none', name: 'faults' })
    docker = dockerodeFor(engine.dockerHost)
    await ensureBusyboxImage(docker)
    dir = await mkdtemp(path.join(os.tmpdir(), 'slipway-daemon-stops-'))
    await writeFile(path.join(dir, 'Dockerfile'), `FROM ${BUSYBOX_IMAGE}\n`)
  }, 300_000)

  afterAll(async () => {
    await app?.close()
    // The whole data root goes with the daemon: nothing to remove one by one.
    await engine?.destroy()
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  /** Starts the engine again and waits for the app to say it is connected. */
  async function restartEngine(page: Page): Promise<void> {
    if (!engine.isRunning()) await engine.start()
    await waitConnected(page)
  }

  it('during a build: the build fails and says why, the status bar says not connected, the editor keeps the text, and builds work again after reconnecting', async () => {
    app = await launchApp({ dockerHost: engine.dockerHost, engineTiming, dialogs: { openFile: () => path.join(dir, 'Dockerfile') } })
    const { page } = app
    await waitConnected(page)
    await page.getByRole('button', { name: 'Open…' }).click()
    await expect.poll(() => shownText(page)).toBe(`FROM ${BUSYBOX_IMAGE}\n`)
    // Unsaved work in the editor.
    const typed = [`FROM ${BUSYBOX_IMAGE}`, '# typed in the editor, not saved', 'RUN echo building && sleep 30', 'CMD ["sh"]'].join('\n')
    await replaceText(page, typed)

    await page.getByRole('button', { name: 'Build', exact: true }).click()
    const dialog = page.getByRole('dialog', { name: 'Build an image' })
    await dialog.getByLabel('Image tag').fill('slipway-test/daemon-stops:1')
    await expect.poll(() => dialog.getByLabel('Build context').inputValue()).toBe(dir)
    await dialog.getByRole('button', { name: 'Start build' }).click()
    await dialog.waitFor({ state: 'detached' })

    const panel = page.getByRole('region', { name: 'Build progress' })
    const steps = panel.getByRole('list', { name: 'Build steps' }).getByRole('listitem')
    await expect.poll(() => steps.count(), { timeout: 15_000 }).toBe(3)
    await expect.poll(() => steps.nth(1).getAttribute('data-state'), { timeout: 30_000 }).toBe('running')

    const stoppedAt = Date.now()
    await engine.stop()
    const stopTookMs = Date.now() - stoppedAt
    await expect.poll(() => panel.getByRole('status', { name: 'Build status' }).innerText(), { timeout: 30_000 }).toBe('Failed')
    const failedAfterMs = Date.now() - stoppedAt
    // The failure says the engine stopped, once, on the step that was running; not the engine's last words
    // (its killed container's "returned a non-zero code: 137"). The step after it was never run.
    const alerts = panel.getByRole('alert')
    expect(await alerts.count()).toBe(1)
    expect(await steps.nth(1).getAttribute('data-state')).toBe('failed')
    expect((await steps.nth(1).getByRole('alert').locator('.build-step-error').innerText()).trim()).toBe(ENGINE_STOPPED)
    expect(await steps.nth(0).getAttribute('data-state')).toBe('done')
    expect(await steps.nth(2).getAttribute('data-state')).toBe('not-run')
    await waitDisconnected(page)
    expect(await shownText(page)).toBe(typed)
    console.log(`[daemon-stops] stopping the engine took ${stopTookMs} ms; the build showed Failed ${failedAfterMs} ms after the stop began`)

    const restartedAt = Date.now()
    await restartEngine(page)
    console.log(`[daemon-stops] reconnected ${Date.now() - restartedAt} ms after the engine started again`)
    expect(await page.getByRole('region', { name: 'Engine connection' }).count()).toBe(0)
    expect(await shownText(page)).toBe(typed)

    // The same editor text builds now (a quick variant of it), without restarting the app.
    await replaceText(page, typed.replace('sleep 30', 'sleep 1'))
    await page.getByRole('button', { name: 'Build', exact: true }).click()
    await dialog.getByLabel('Image tag').fill('slipway-test/daemon-stops:2')
    await dialog.getByRole('button', { name: 'Start build' }).click()
    await expect.poll(() => panel.getByRole('status', { name: 'Build status' }).innerText(), { timeout: 60_000 }).toBe('Succeeded')
    expect((await docker.getImage('slipway-test/daemon-stops:2').inspect()).Config.Labels?.[TEST_LABEL]).toBe('1')
    await expect(docker.getImage('slipway-test/daemon-stops:1').inspect()).rejects.toMatchObject({ statusCode: 404 })
  })

  it('during a list refresh: the Images view keeps its rows, then follows the engine again once it is back', async () => {
    const { page } = app!
    await show(page, 'Images')
    const grid = page.getByRole('grid', { name: 'Images' })
    await grid.waitFor({ timeout: 15_000 })
    await expect.poll(() => grid.getByRole('row').filter({ hasText: 'daemon-stops' }).count(), { timeout: 15_000 }).toBe(1)

    await engine.stop()
    await waitDisconnected(page)
    // What was listed stays listed while the engine is away.
    expect(await grid.getByRole('row').filter({ hasText: 'daemon-stops' }).count()).toBe(1)

    await restartEngine(page)
    // A change made behind the app's back appears without a reload: the event stream is followed again.
    await docker.getImage('slipway-test/daemon-stops:2').tag({ repo: 'slipway-test/daemon-stops', tag: 'after-restart' })
    await expect.poll(() => grid.getByRole('row').filter({ hasText: 'after-restart' }).count(), { timeout: 15_000 }).toBe(1)
  })

  it('during a log stream: the log says it ended, and following again shows new lines once the engine is back', async () => {
    const container = await docker.createContainer({
      name: 'talker',
      Image: BUSYBOX_IMAGE,
      Cmd: ['sh', '-c', 'i=0; while true; do i=$((i+1)); echo "line $i"; sleep 0.2; done'],
      Labels: { [TEST_LABEL]: '1' },
      // The engine starts it again when it comes back.
      HostConfig: { RestartPolicy: { Name: 'always' } }
    })
    await container.start()
    const { page } = app!
    await show(page, 'Containers')
    const table = page.getByRole('table', { name: 'Containers' })
    const row = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'talker', exact: true }) })
    await expect.poll(() => row.innerText(), { timeout: 15_000 }).toContain('Running')
    await row.getByRole('button', { name: 'Logs' }).click()
    const panel = page.getByRole('region', { name: 'Logs of talker' })
    const log = page.getByRole('log', { name: 'Log lines of talker' })
    await expect.poll(() => log.innerText(), { timeout: 15_000 }).toContain('line 3')

    await engine.stop()
    await waitDisconnected(page)
    await expect.poll(() => panel.innerText(), { timeout: 15_000 }).toContain('the log ended')
    const before = await panel.getByText(/^\d+ lines$/).innerText()

    await restartEngine(page)
    await expect.poll(() => row.innerText(), { timeout: 30_000 }).toContain('Running')
    await panel.getByRole('button', { name: 'Follow again' }).click()
    // The restarted container counts from 1 again: its log now holds both runs, and keeps growing.
    await expect.poll(async () => Number((await panel.getByText(/^\d+ lines$/).innerText()).split(' ')[0]), { timeout: 15_000 }).toBeGreaterThan(Number(before.split(' ')[0]))
    await expect.poll(() => panel.innerText()).not.toContain('the log ended')
  })

  it('during a run: the run dialog shows why it failed and keeps the form; Run works once the engine is back', async () => {
    const { page } = app!
    await show(page, 'Images')
    const grid = page.getByRole('grid', { name: 'Images' })
    await page.getByRole('searchbox', { name: 'Search images' }).fill('busybox')
    await grid.getByRole('row').filter({ hasText: 'slipway-test/busybox' }).getByRole('button', { name: 'Run', exact: true }).click()
    const dialog = page.getByRole('dialog')
    const name = dialog.getByRole('textbox', { name: 'Container name' })
    await name.waitFor({ timeout: 15_000 })
    await name.fill('after-outage')
    await dialog.getByRole('textbox', { name: 'Command' }).fill('sleep 300')

    await engine.stop()
    await waitDisconnected(page)
    await dialog.getByRole('button', { name: 'Run', exact: true }).click()
    const alert = dialog.getByRole('alert')
    await alert.waitFor({ timeout: 15_000 })
    expect(await alert.innerText()).toBe('Not connected to a Docker engine. Slipway reconnects by itself; see the status bar for what was tried.')
    expect(await name.inputValue()).toBe('after-outage')
    expect(await dialog.getByRole('textbox', { name: 'Command' }).inputValue()).toBe('sleep 300')

    await restartEngine(page)
    await dialog.getByRole('button', { name: 'Run', exact: true }).click()
    await dialog.waitFor({ state: 'detached', timeout: 30_000 })
    const row = page.getByRole('table', { name: 'Containers' }).getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'after-outage', exact: true }) })
    await expect.poll(() => row.innerText(), { timeout: 15_000 }).toContain('Running')
    expect((await docker.getContainer('after-outage').inspect()).State.Running).toBe(true)
  })
})
