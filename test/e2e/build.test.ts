// Builds from the Dockerfile view in the real renderer against the real daemon:
// step states change live, a step reveals its instruction, and the image then
// shows in the Images view with its Run button.
import path from 'node:path'
import { expect, it } from 'vitest'
import { BUSYBOX_IMAGE } from '../support/base-images'
import { requireDaemon } from '../support/daemon'
import { scratch } from '../support/scratch'
import { launchApp } from './harness'
import { openBuildDialog } from './build-dialog'

const daemon = requireDaemon()
const made = scratch(daemon, 'slipway-e2e-build-')

const project = (dockerfile: string) => made.folderWith({ Dockerfile: dockerfile, 'hello.txt': 'hello\n' })

it.skipIf(!daemon)('builds from the editor, shows step states change live, then finds the image in the Images view', async () => {
  const marker = Math.random().toString(36).slice(2, 8)
  const tag = `slipway-e2e/build-${marker}:1.0`
  made.keep(tag)
  const dir = await project([`FROM ${BUSYBOX_IMAGE}`, 'COPY hello.txt /hello.txt', `RUN echo ${marker} && sleep 3`, 'RUN printf "\\033[31mred\\033[0m\\n"', 'CMD ["cat", "/hello.txt"]', ''].join('\n'))
  const app = await launchApp({ dockerHost: daemon!.dockerHost, dialogs: { openFile: () => path.join(dir, 'Dockerfile') } })
  const { page } = app
  try {
    const dialog = await openBuildDialog(page)
    await expect.poll(() => dialog.getByLabel('Build context').inputValue()).toBe(dir)

    // A bad tag is explained in place and nothing starts.
    await dialog.getByLabel('Image tag').fill('MyApp:1.0')
    await dialog.getByRole('button', { name: 'Start build' }).click()
    await expect.poll(() => dialog.innerText()).toContain('must be lowercase')

    await dialog.getByLabel('Image tag').fill(tag)
    await dialog.getByRole('checkbox', { name: 'No cache' }).check()
    await dialog.getByRole('button', { name: 'Start build' }).click()
    await expect.poll(() => dialog.count()).toBe(0)

    const panel = page.getByRole('region', { name: 'Build progress' })
    const steps = panel.getByRole('list', { name: 'Build steps' }).getByRole('listitem')
    await expect.poll(() => steps.count(), { timeout: 15_000 }).toBe(5)
    const sleepStep = steps.nth(2)
    expect(await sleepStep.innerText()).toContain(`Step 3/5: RUN echo ${marker} && sleep 3`)
    // Live: the sleeping step is seen running while the first steps are already done, then done.
    await expect.poll(() => sleepStep.getAttribute('data-state'), { timeout: 30_000, interval: 100 }).toBe('running')
    // BuildKit (the default) reports a FROM whose image the engine has as cached.
    expect(await steps.nth(0).getAttribute('data-state')).toMatch(/^(done|cached)$/)
    expect(await steps.nth(4).getAttribute('data-state')).toBe('waiting')
    await expect.poll(() => panel.getByRole('status', { name: 'Build status' }).innerText(), { timeout: 60_000 }).toBe('Succeeded')
    expect(await Promise.all([0, 1, 2, 3, 4].map((i) => steps.nth(i).getAttribute('data-state')))).toEqual([expect.stringMatching(/^(done|cached)$/), 'done', 'done', 'done', 'done'])

    // The log has every line, ANSI colours rendered as colour, not escape codes.
    const log = panel.getByRole('log')
    // BuildKit prefixes a step's output with the step, as `docker buildx build` does: `[3/5] <marker>`.
    await log.getByText(new RegExp(`(^|\\] )${marker}$`)).first().waitFor()
    const red = log.getByText('red', { exact: true })
    expect(await red.evaluate((el) => getComputedStyle(el).color)).toMatch(/rgb\(\d+, \d+, \d+\)/)
    expect(await log.innerText()).not.toContain('\u001b[')

    // Search narrows the log to matching lines.
    await panel.getByRole('searchbox', { name: 'Search the log' }).fill(marker)
    await expect.poll(() => panel.innerText()).toMatch(/\d+ of \d+ lines/)

    // A step shows its instruction in the editor: its block is selected (aria-current) and flashes,
    // and the text view's cursor is on the step's line. Then another step moves both.
    const instructions = page.getByRole('list', { name: 'Instructions' })
    const selectedBlock = instructions.locator('[role="listitem"][aria-current="true"]')
    const textView = page.getByRole('textbox', { name: 'Dockerfile text' })
    const cursorLine = async () => ({
      number: await page.locator('.cm-editor .cm-lineNumbers .cm-activeLineGutter').innerText(),
      text: await textView.locator('.cm-activeLine').innerText()
    })
    await sleepStep.getByRole('button').click()
    await expect.poll(() => selectedBlock.count()).toBe(1)
    expect(await selectedBlock.getAttribute('aria-label')).toMatch(/^RUN\b/)
    expect(await selectedBlock.innerText()).toContain(`echo ${marker} && sleep 3`)
    expect(await selectedBlock.getAttribute('class')).toContain('flash')
    expect(await instructions.locator('[role="listitem"].flash').count()).toBe(1)
    await expect.poll(cursorLine).toEqual({ number: '3', text: `RUN echo ${marker} && sleep 3` })
    await steps.nth(0).getByRole('button').click()
    await expect.poll(() => selectedBlock.getAttribute('aria-label')).toMatch(/^FROM\b/)
    expect(await selectedBlock.innerText()).toContain(BUSYBOX_IMAGE.split(':')[0])
    await expect.poll(cursorLine).toEqual({ number: '1', text: `FROM ${BUSYBOX_IMAGE}` })
    expect(await instructions.locator('[role="listitem"][aria-current="true"]').count()).toBe(1)

    await panel.getByRole('button', { name: 'Show image' }).click()
    await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toBe('Images')
    const row = page.getByRole('row').filter({ hasText: `slipway-e2e/build-${marker}` })
    await row.first().waitFor({ timeout: 15_000 })
    expect(await row.first().getByRole('button', { name: 'Run' }).isVisible()).toBe(true)

    // The Builds view lists it, with its steps and log re-openable.
    await page.getByRole('button', { name: 'Builds', exact: true }).click()
    const list = page.getByRole('list', { name: 'Builds' })
    await list.getByRole('button', { name: `${tag} — Succeeded` }).click()
    await expect.poll(() => page.getByRole('list', { name: 'Build steps' }).getByRole('listitem').count()).toBe(5)
    expect(await list.getByRole('button', { name: `Rebuild ${tag}` }).isEnabled()).toBe(true)
  } finally {
    await app.close()
  }
})

it.skipIf(!daemon)('marks the failing step with the engine message and its last lines, next to the step', async () => {
  const tag = `slipway-e2e/fail-${Math.random().toString(36).slice(2, 8)}:1`
  const dir = await project([`FROM ${BUSYBOX_IMAGE}`, 'RUN echo "about to fail" && exit 100', ''].join('\n'))
  let opening = path.join(dir, 'Dockerfile')
  const app = await launchApp({ dockerHost: daemon!.dockerHost, dialogs: { openFile: () => opening } })
  const { page } = app
  try {
    const dialog = await openBuildDialog(page)
    await dialog.getByLabel('Image tag').fill(tag)
    await dialog.getByRole('button', { name: 'Start build' }).click()
    const panel = page.getByRole('region', { name: 'Build progress' })
    await expect.poll(() => panel.getByRole('status', { name: 'Build status' }).innerText(), { timeout: 60_000 }).toBe('Failed')
    const failed = panel.getByRole('list', { name: 'Build steps' }).getByRole('listitem').nth(1)
    expect(await failed.getAttribute('data-state')).toBe('failed')
    const note = await failed.getByRole('alert').innerText()
    expect(note).toContain('returned a non-zero code: 100')
    expect(note).toContain('about to fail')
    expect(await failed.getByRole('button').count()).toBe(1)

    // With another Dockerfile in the editor, the steps no longer point at its lines.
    const other = await project(`FROM ${BUSYBOX_IMAGE}\n`)
    opening = path.join(other, 'Dockerfile')
    await page.getByRole('button', { name: 'Open…' }).click()
    await expect.poll(() => failed.getByRole('button').count()).toBe(0)
    expect(await failed.getAttribute('data-state')).toBe('failed')
  } finally {
    await app.close()
  }
})

it.skipIf(!daemon)('keeps a 200,000-line log responsive: few rows in the page, search and scrolling stay fast', async () => {
  const tag = `slipway-e2e/log-${Math.random().toString(36).slice(2, 8)}:1`
  made.keep(tag)
  const dir = await project([`FROM ${BUSYBOX_IMAGE}`, 'RUN seq 1 200000', ''].join('\n'))
  const app = await launchApp({ dockerHost: daemon!.dockerHost, dialogs: { openFile: () => path.join(dir, 'Dockerfile') } })
  const { page } = app
  try {
    const dialog = await openBuildDialog(page)
    await dialog.getByLabel('Image tag').fill(tag)
    await dialog.getByRole('checkbox', { name: 'No cache' }).check()
    // BuildKit keeps at most 2 MiB of a step's output (`[output clipped, log limit 2MiB reached]`); the classic builder sends it all.
    await expect.poll(() => dialog.getByLabel('Builder').locator('option[value="classic"]').count()).toBe(1)
    await dialog.getByLabel('Builder').selectOption('classic')
    await dialog.getByRole('button', { name: 'Start build' }).click()
    const panel = page.getByRole('region', { name: 'Build progress' })
    await expect.poll(() => panel.getByRole('status', { name: 'Build status' }).innerText(), { timeout: 120_000 }).toBe('Succeeded')
    const count = Number(/(\d+) lines/.exec(await panel.innerText())?.[1])
    expect(count).toBeGreaterThan(200_000)
    const log = panel.getByRole('log')
    expect(await log.locator('.build-log-line').count()).toBeLessThan(120)
    await log.getByText('200000', { exact: true }).waitFor()

    // Search across all lines, and scrolling to the top, each answer within a frame budget a person feels as instant.
    const started = Date.now()
    await panel.getByRole('searchbox', { name: 'Search the log' }).fill('199999')
    await expect.poll(() => panel.innerText()).toContain(`1 of ${count} lines`)
    const searchMs = Date.now() - started
    await panel.getByRole('searchbox', { name: 'Search the log' }).fill('')
    await panel.getByRole('checkbox', { name: 'Follow' }).uncheck()
    const scrollStarted = Date.now()
    await log.evaluate((el) => el.scrollTo({ top: 0 }))
    await log.getByText('Sending build context', { exact: false }).waitFor()
    const scrollMs = Date.now() - scrollStarted
    console.log(`200,000-line log: search ${searchMs} ms, scroll to top ${scrollMs} ms`)
    expect(searchMs).toBeLessThan(1500)
    expect(scrollMs).toBeLessThan(1000)
  } finally {
    await app.close()
  }
})
