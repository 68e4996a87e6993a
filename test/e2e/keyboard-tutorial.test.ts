// The whole tutorial with the keyboard alone: no click, no mouse, only Tab/Shift+Tab, Enter,
// Space, arrow keys, Escape and typing. Write the Dockerfile with the blocks, choose the build
// context, build, run the image with a host port, open it, stop and remove the container,
// delete the image. Each control is reached by tabbing to it, and shows a visible focus mark.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import type { Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEBIAN_IMAGE } from '../support/base-images'
import { requireDaemon } from '../support/daemon'
import { launchApp } from './harness'
import { fetchText } from '../support/images'
import { FLASK_APP_PY, FLASK_GREETING } from '../support/flask-app'

const daemon = requireDaemon()
const unique = `${process.pid}${Date.now().toString(36)}`
const IMAGE_REPO = `slipway-test/kbd-${unique}`
const IMAGE = `${IMAGE_REPO}:1.0`
const CONTAINER = `kbd-${unique}`
const SHOTS = '/tmp/slipway-keyboard'

const EXPECTED_DOCKERFILE = [
  `FROM ${DEBIAN_IMAGE}`,
  'RUN apt-get update && apt-get install -y --no-install-recommends python3-flask',
  'COPY app.py /app/app.py',
  'EXPOSE 5000',
  'CMD ["python3", "/app/app.py"]'
]

/** What has the focus, for messages. */
function describeFocus(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement
    if (!el || el === document.body) return 'nothing (the page body)'
    const name = el.getAttribute('aria-label') ?? (el as HTMLElement).innerText?.trim().slice(0, 40) ?? ''
    return `<${el.tagName.toLowerCase()}${el.getAttribute('role') ? ` role=${el.getAttribute('role')}` : ''}> "${name}"`
  })
}

function isFocused(target: Locator): Promise<boolean> {
  return target.evaluate((el) => el === document.activeElement, undefined, { timeout: 500 }).catch(() => false)
}

/** Presses Tab (or Shift+Tab) until `target` has the focus; fails when it cannot be reached. */
async function tabTo(page: Page, target: Locator, options: { back?: boolean; max?: number } = {}): Promise<void> {
  const max = options.max ?? 120
  await target.first().waitFor({ timeout: 30_000 })
  for (let i = 0; i <= max; i++) {
    if (await isFocused(target)) {
      // A visible focus mark: an outline or a ring (box-shadow).
      const style = await target.evaluate((el) => {
        const s = getComputedStyle(el)
        return { outline: s.outlineStyle !== 'none' && s.outlineWidth !== '0px', ring: s.boxShadow !== 'none' }
      })
      expect(style.outline || style.ring, `focus is not visible on ${await describeFocus(page)}`).toBe(true)
      return
    }
    // Tab indents in the text view; Escape first lets Tab move on, as its hint says.
    if (await page.evaluate(() => Boolean(document.activeElement?.closest('.cm-editor')))) await page.keyboard.press('Escape')
    await page.keyboard.press(options.back ? 'Shift+Tab' : 'Tab')
  }
  throw new Error(`${options.back ? 'Shift+Tab' : 'Tab'} did not reach ${String(target)} in ${max} presses; the focus is on ${await describeFocus(page)}`)
}

/** In a grid (one Tab stop, arrow keys inside): presses `key` until `target` has the focus. */
async function arrowTo(page: Page, target: Locator, key: string, max = 20): Promise<void> {
  for (let i = 0; i < max && !(await isFocused(target)); i++) await page.keyboard.press(key)
  await expectFocus(page, target, `${key} did not reach ${String(target)}`)
}

async function expectFocus(page: Page, target: Locator, what: string): Promise<void> {
  await expect.poll(() => isFocused(target), { message: `${what}; the focus is on ${await describeFocus(page)}`, timeout: 5000 }).toBe(true)
}

/** Opens "Add instruction" from the keyboard and picks `keyword` with the arrow keys. */
async function addInstruction(page: Page, keyword: string): Promise<Locator> {
  // Forward, round the end of the page: Shift+Tab would pass through the earlier blocks and
  // select them, and the new instruction goes after the selected one.
  const button = page.getByRole('button', { name: 'Add instruction', exact: true })
  await tabTo(page, button, { max: 250 })
  await page.keyboard.press('Enter')
  const menu = page.getByRole('menu', { name: 'Instructions to add' })
  await menu.waitFor()
  const item = menu.getByRole('menuitem', { name: keyword, exact: true })
  for (let i = 0; i < 20 && !(await isFocused(item)); i++) await page.keyboard.press('ArrowDown')
  await expectFocus(page, item, `the arrow keys did not reach ${keyword} in the menu`)
  await page.keyboard.press('Enter')
  await menu.waitFor({ state: 'detached' })
  const block = page.getByRole('list', { name: 'Instructions' }).getByRole('listitem').filter({ has: page.locator(`.keyword-badge:text-is("${keyword}")`) })
  // The new block's first field has the focus.
  await expect.poll(() => block.evaluate((el) => el.contains(document.activeElement)), { message: `the new ${keyword} block did not get the focus` }).toBe(true)
  return block
}

async function typeInto(page: Page, field: Locator, text: string): Promise<void> {
  await tabTo(page, field)
  await page.keyboard.press('ControlOrMeta+A')
  await page.keyboard.type(text)
  await expect.poll(() => field.inputValue()).toBe(text)
}


describe.skipIf(!daemon)('the tutorial with the keyboard alone', () => {
  const docker = daemon!.docker
  let contextDir = ''

  beforeAll(async () => {
    contextDir = await mkdtemp(path.join(os.tmpdir(), 'slipway-kbd-'))
    await writeFile(path.join(contextDir, 'app.py'), FLASK_APP_PY)
    await rm(SHOTS, { recursive: true, force: true })
  })

  afterAll(async () => {
    const left = await docker.listContainers({ all: true, filters: { name: [CONTAINER] } })
    await Promise.all(left.map((c) => docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined)))
    await docker.getImage(IMAGE).remove({ force: true }).catch(() => undefined)
    if (contextDir) await rm(contextDir, { recursive: true, force: true })
  })

  it('writes the Dockerfile with the blocks, builds, runs, opens, stops, removes and deletes without a mouse', async () => {
    const app = await launchApp({ dockerHost: daemon!.dockerHost, dialogs: { chooseFolder: () => contextDir, confirm: () => 0 } })
    const { page } = app
    const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`) })
    try {
      await page.getByRole('heading', { level: 1, name: 'Dockerfile' }).waitFor()
      const instructions = page.getByRole('list', { name: 'Instructions' })

      // FROM the test Debian image.
      const from = await addInstruction(page, 'FROM')
      const image = from.getByLabel('Image', { exact: true })
      await expectFocus(page, image, 'FROM: the Image field should have the focus')
      await typeInto(page, image, 'slipway-test/debian')
      await typeInto(page, from.getByLabel('Tag', { exact: true }), 'bookworm')
      await shot('01-from')

      // RUN apt-get update && apt-get install …: Enter in a command adds the next one.
      const run = await addInstruction(page, 'RUN')
      await typeInto(page, run.getByLabel('Command 1', { exact: true }), 'apt-get update')
      await page.keyboard.press('Enter')
      await expectFocus(page, run.getByLabel('Command 2', { exact: true }), 'Enter in Command 1 should move to a new Command 2')
      await page.keyboard.type('apt-get install -y --no-install-recommends python3-flask')

      const copy = await addInstruction(page, 'COPY')
      await typeInto(page, copy.getByLabel('Source 1', { exact: true }), 'app.py')
      await typeInto(page, copy.getByLabel('Destination', { exact: true }), '/app/app.py')

      const expose = await addInstruction(page, 'EXPOSE')
      await typeInto(page, expose.getByLabel('Port 1', { exact: true }), '5000')

      const cmd = await addInstruction(page, 'CMD')
      // CMD starts with an example (echo …): replace its arguments.
      await typeInto(page, cmd.getByLabel('Argument 1', { exact: true }), 'python3')
      const second = cmd.getByLabel('Argument 2', { exact: true })
      if (await second.count()) await typeInto(page, second, '/app/app.py')
      else {
        await page.keyboard.press('Enter')
        await expectFocus(page, second, 'Enter in Argument 1 should move to a new Argument 2')
        await page.keyboard.type('/app/app.py')
      }
      for (let n = 3; await cmd.getByLabel(`Argument ${n}`, { exact: true }).count(); ) {
        await tabTo(page, cmd.getByRole('button', { name: `Remove argument ${n}` }))
        await page.keyboard.press('Enter')
      }

      const text = page.getByRole('textbox', { name: 'Dockerfile text' })
      // Line continuations joined: the RUN's commands are written one per line.
      await expect.poll(async () => (await text.innerText()).replace(/\s*\\\n\s*/g, ' ').trim()).toBe(EXPECTED_DOCKERFILE.join('\n'))
      expect(await instructions.getByRole('listitem').count()).toBe(5)

      // The build context: the folder holding app.py, chosen through the (scripted) folder dialog.
      const contextPanel = page.getByRole('region', { name: 'Build context' })
      await tabTo(page, contextPanel.getByRole('button', { name: 'Choose context…' }), { back: true })
      await page.keyboard.press('Enter')
      await expect.poll(() => contextPanel.innerText()).toContain(contextDir)
      await expect.poll(() => contextPanel.innerText()).toMatch(/in 1 file to send/)
      await shot('02-dockerfile')

      // Build: Escape closes the options and gives the focus back to Build; Enter in the tag submits.
      const build = page.getByRole('button', { name: 'Build', exact: true })
      await tabTo(page, build, { back: true })
      await page.keyboard.press('Enter')
      const buildDialog = page.getByRole('dialog', { name: 'Build an image' })
      const tag = buildDialog.getByLabel('Image tag')
      await expectFocus(page, tag, 'the build options should open with the focus on the image tag')
      await page.keyboard.press('Escape')
      await buildDialog.waitFor({ state: 'detached' })
      await expectFocus(page, build, 'closing the build options should give the focus back to Build')
      await page.keyboard.press('Enter')
      await expectFocus(page, tag, 'the build options should open again with the focus on the image tag')
      await expect.poll(() => buildDialog.getByLabel('Build context').inputValue()).toBe(contextDir)
      // Tab stays inside the dialog.
      for (let i = 0; i < 30; i++) {
        await page.keyboard.press('Tab')
        expect(await buildDialog.evaluate((el) => el.contains(document.activeElement)), `Tab left the build dialog; focus on ${await describeFocus(page)}`).toBe(true)
      }
      await tabTo(page, tag)
      await page.keyboard.press('ControlOrMeta+A')
      await page.keyboard.type(IMAGE)
      await shot('03-build-dialog')
      await page.keyboard.press('Enter')
      await buildDialog.waitFor({ state: 'detached', timeout: 30_000 })

      const progress = page.getByRole('region', { name: 'Build progress' })
      await expect
        .poll(() => progress.getByRole('status', { name: 'Build status' }).innerText(), { timeout: 600_000, interval: 1000 })
        .toMatch(/Succeeded|Failed|Cancelled/)
      expect(await progress.getByRole('status', { name: 'Build status' }).innerText(), await progress.innerText()).toBe('Succeeded')
      await shot('04-built')

      // Show image → the Images view with the new image.
      await tabTo(page, progress.getByRole('button', { name: 'Show image' }))
      await page.keyboard.press('Enter')
      await page.getByRole('heading', { level: 1, name: 'Images' }).waitFor()
      const grid = page.getByRole('grid', { name: 'Images' })
      const search = page.getByRole('searchbox', { name: 'Search images' })
      await typeInto(page, search, IMAGE_REPO)
      const imageRow = grid.getByRole('row').filter({ hasText: IMAGE_REPO })
      await expect.poll(() => imageRow.count(), { timeout: 20_000 }).toBe(1)

      // Run: Escape returns the focus to the row's Run button; then run it for real.
      // The grid is one Tab stop (its first cell, the row's checkbox); the arrow keys reach the row's buttons.
      const runButton = imageRow.getByRole('button', { name: 'Run', exact: true })
      await tabTo(page, imageRow.getByRole('checkbox'))
      await arrowTo(page, runButton, 'ArrowRight')
      await page.keyboard.press('Enter')
      const runDialog = page.getByRole('dialog', { name: `Run ${IMAGE}` })
      const name = runDialog.getByRole('textbox', { name: 'Container name' })
      await expectFocus(page, name, 'the run dialog should open with the focus on the container name')
      await page.keyboard.press('Escape')
      await runDialog.waitFor({ state: 'detached' })
      await expectFocus(page, runButton, 'closing the run dialog should give the focus back to Run')
      await page.keyboard.press('Enter')
      await expectFocus(page, name, 'the run dialog should open again with the focus on the container name')
      await page.keyboard.type(CONTAINER)
      const hostPort = runDialog.getByRole('textbox', { name: 'Host port' })
      await typeInto(page, hostPort, '8888')
      // If 8888 is taken here, take the free port the dialog suggests.
      await page.waitForTimeout(1500)
      const suggestion = runDialog.getByRole('button', { name: /^Use port \d+$/ })
      if (await suggestion.count()) {
        await tabTo(page, suggestion)
        await page.keyboard.press('Enter')
        await tabTo(page, hostPort, { back: true })
      }
      const port = Number(await hostPort.inputValue())
      expect(port).toBeGreaterThan(0)
      await expect.poll(() => runDialog.getByLabel('docker run command').innerText()).toBe(`docker run -d --name ${CONTAINER} -p ${port}:5000 ${IMAGE}`)
      await shot('05-run-dialog')
      await page.keyboard.press('Enter')
      await runDialog.waitFor({ state: 'detached', timeout: 60_000 })

      // Containers: open the published port from its link.
      await page.getByRole('heading', { level: 1, name: 'Containers' }).waitFor()
      const table = page.getByRole('table', { name: 'Containers' })
      const row = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: CONTAINER, exact: true }) })
      await expect.poll(() => row.innerText(), { timeout: 30_000 }).toContain('Running')
      const link = row.getByRole('link', { name: `localhost:${port}` })
      await tabTo(page, link)
      await shot('06-port-link-focused')
      await page.keyboard.press('Enter')
      const url = `http://localhost:${port}`
      await expect.poll(() => app.openedUrls).toEqual([url])
      expect(await fetchText(url, 30_000)).toBe(FLASK_GREETING)

      // Stop, then Remove.
      await tabTo(page, row.getByRole('button', { name: 'Stop', exact: true }))
      await page.keyboard.press('Enter')
      // A stop the person asked for reads "Stopped", not as a crash's exit code (issue 18.2).
      await expect.poll(() => row.innerText(), { timeout: 30_000 }).toContain('Stopped')
      // Focus stays where the person was: Stop became Start on the same button.
      expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Start')
      await tabTo(page, row.getByRole('button', { name: 'Remove', exact: true }))
      await page.keyboard.press('Enter')
      await expect.poll(() => row.count(), { timeout: 20_000 }).toBe(0)
      // The row is gone; the keyboard lands on the view's heading, not on the page body.
      await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('view-title')
      expect(await docker.listContainers({ all: true, filters: { name: [CONTAINER] } })).toEqual([])

      // Back to Images by the sidebar; delete the image.
      await tabTo(page, page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Images', exact: true }), { back: true })
      await page.keyboard.press('Enter')
      await page.getByRole('heading', { level: 1, name: 'Images' }).waitFor()
      await typeInto(page, search, IMAGE_REPO)
      await expect.poll(() => imageRow.count(), { timeout: 20_000 }).toBe(1)
      await tabTo(page, imageRow.getByRole('checkbox'))
      await page.keyboard.press('End')
      await expectFocus(page, imageRow.getByRole('button', { name: 'Delete', exact: true }), 'End should reach the last button of the row, Delete')
      await page.keyboard.press('Enter')
      const confirm = page.getByRole('dialog', { name: `Delete ${IMAGE}` })
      await confirm.waitFor()
      await tabTo(page, confirm.getByRole('button', { name: 'Delete', exact: true }))
      await shot('07-delete-dialog')
      await page.keyboard.press('Enter')
      await expect.poll(() => imageRow.count(), { timeout: 20_000 }).toBe(0)
      await expect(docker.getImage(IMAGE).inspect()).rejects.toMatchObject({ statusCode: 404 })
    } finally {
      await app.close()
    }
  })
})
