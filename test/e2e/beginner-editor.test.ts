// A beginner's pass over the editor and the build (issue 18): new blocks start empty, the build panel
// fits the window at 1024×700 and 1280×800, the log shows what a terminal would, the build dialog
// stops known problems before they reach Docker, and a failed build says which steps did not run.
// Screenshots go to /tmp/slipway-beginner for a person to look at.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import type { Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BUSYBOX_IMAGE, ensureBusyboxImage } from '../support/base-images'
import { requireDaemon } from '../support/daemon'
import { launchApp } from './harness'

const daemon = requireDaemon()
const SHOTS = '/tmp/slipway-beginner'
const SIZES = [
  { width: 1024, height: 700 },
  { width: 1280, height: 800 }
]
const temps: string[] = []
const tags: string[] = []

beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true })
  if (daemon) await ensureBusyboxImage(daemon.docker)
})

afterAll(async () => {
  if (daemon) for (const tag of tags) await daemon.docker.getImage(tag).remove({ force: true }).catch(() => undefined)
  await Promise.all(temps.map((dir) => rm(dir, { recursive: true, force: true })))
})

async function folder(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'slipway-e2e-beginner-'))
  temps.push(dir)
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, name), text)
  return dir
}

const instructions = (page: Page) => page.getByRole('list', { name: 'Instructions' })
const textView = (page: Page) => page.getByRole('textbox', { name: 'Dockerfile text' })
const shownText = (page: Page) => textView(page).evaluate((el) => Array.from(el.querySelectorAll('.cm-line'), (l) => l.textContent ?? '').join('\n'))

async function addInstruction(page: Page, keyword: string): Promise<Locator> {
  await page.getByRole('button', { name: 'Add instruction', exact: true }).click()
  await page.getByRole('menuitem', { name: keyword, exact: true }).click()
  // The new block goes after the selected one, which is the last one added.
  const selected = instructions(page).locator('[role="listitem"][aria-current="true"]')
  await expect.poll(() => selected.locator('.keyword-badge').innerText()).toBe(keyword)
  const items = instructions(page).getByRole('listitem')
  return items.nth((await items.count()) - 1)
}

type Box = { x: number; y: number; width: number; height: number }
async function box(locator: Locator): Promise<Box> {
  const b = await locator.boundingBox()
  if (!b) throw new Error('not rendered')
  return b
}

/** The element is wholly inside the window. */
async function expectOnScreen(page: Page, locator: Locator, what: string): Promise<void> {
  const size = page.viewportSize()!
  const b = await box(locator)
  expect({ what, top: b.y >= 0, left: b.x >= 0, bottom: b.y + b.height <= size.height + 0.5, right: b.x + b.width <= size.width + 0.5 }).toEqual({
    what,
    top: true,
    left: true,
    bottom: true,
    right: true
  })
}

/** Builds the opened Dockerfile as `tag` from the build dialog and waits for the build to end as `ends`; returns the build panel. */
async function buildAs(page: Page, tag: string, ends: 'Succeeded' | 'Failed', options: { noCache?: boolean } = {}): Promise<Locator> {
  // The dialog builds what the editor shows when it opens: wait until the opened file is there.
  await page.getByRole('button', { name: 'Open…' }).click()
  await instructions(page).getByRole('listitem', { name: /^FROM/ }).waitFor()
  await page.getByRole('button', { name: 'Build', exact: true }).click()
  const dialog = page.getByRole('dialog', { name: 'Build an image' })
  await expect.poll(() => dialog.getByLabel('Build context', { exact: true }).inputValue()).not.toBe('')
  await dialog.getByLabel('Image tag').fill(tag)
  if (options.noCache) await dialog.getByRole('checkbox', { name: 'No cache' }).check()
  await dialog.getByRole('button', { name: 'Start build' }).click()
  const panel = page.getByRole('region', { name: 'Build progress' })
  await expect.poll(() => panel.getByRole('status', { name: 'Build status' }).innerText(), { timeout: 90_000 }).toBe(ends)
  return panel
}

describe.each(SIZES)('at $width×$height', (size) => {
  const name = `${size.width}x${size.height}`

  it('starts new blocks empty, with placeholders; typing writes only what was typed; fields use the card width; the menu starts with what a beginner needs', async () => {
    const app = await launchApp({ viewport: size })
    const { page } = app
    try {
      await page.getByRole('button', { name: 'Add instruction', exact: true }).click()
      const items = await page.getByRole('menuitem').evaluateAll((els) => els.map((el) => el.getAttribute('aria-label')))
      expect(items.slice(0, 6)).toEqual(['FROM', 'WORKDIR', 'COPY', 'RUN', 'EXPOSE', 'CMD'])
      expect(items.indexOf('COPY')).toBeLessThan(items.indexOf('ADD'))
      expect(items.at(-1)).toBe('MAINTAINER')
      expect(await page.getByRole('menuitem', { name: 'MAINTAINER' }).innerText()).toContain('Deprecated')
      await page.keyboard.press('Escape')

      const from = await addInstruction(page, 'FROM')
      const image = from.getByLabel('Image', { exact: true })
      expect(await image.inputValue()).toBe('')
      expect(await image.getAttribute('placeholder')).toBe('ubuntu')
      await expect.poll(() => image.evaluate((el) => el === document.activeElement)).toBe(true)
      await page.keyboard.type(BUSYBOX_IMAGE)

      const cmd = await addInstruction(page, 'CMD')
      const argument = cmd.getByLabel('Argument 1', { exact: true })
      expect(await argument.inputValue()).toBe('')
      expect(await argument.getAttribute('placeholder')).toBe('python3')
      // Until filled in, the block says what it needs, and the file says CMD alone (not an example that builds).
      expect(await cmd.innerText()).toContain('CMD needs a command')
      await expect.poll(() => shownText(page)).toBe(`FROM ${BUSYBOX_IMAGE}\nCMD\n`)
      await argument.click()
      await page.keyboard.type('python3')
      await page.keyboard.press('Enter')
      await expect.poll(() => cmd.getByLabel('Argument 2', { exact: true }).evaluate((el) => el === document.activeElement)).toBe(true)
      await page.keyboard.type('app.py')

      const run = await addInstruction(page, 'RUN')
      const command = run.getByLabel('Command 1', { exact: true })
      expect(await command.inputValue()).toBe('')
      await command.click()
      await page.keyboard.type('pip install flask')

      const copy = await addInstruction(page, 'COPY')
      expect(await copy.getByLabel('Source 1', { exact: true }).inputValue()).toBe('')
      expect(await copy.getByLabel('Destination', { exact: true }).inputValue()).toBe('')
      expect(await copy.innerText()).toContain('COPY needs at least one source')

      await expect.poll(() => shownText(page)).toBe(`FROM ${BUSYBOX_IMAGE}\nCMD ["python3", "app.py"]\nRUN pip install flask\nCOPY\n`)

      // A command or argument field takes most of its card, not a narrow column.
      for (const [block, field] of [
        [cmd, argument],
        [run, command]
      ] as const) {
        const card = await box(block)
        const input = await box(field)
        expect(input.width / card.width).toBeGreaterThan(0.6)
      }
      await page.screenshot({ path: path.join(SHOTS, `new-blocks-${name}.png`) })
    } finally {
      await app.close()
    }
  })

  it.skipIf(!daemon)('keeps the build panel on screen under the editor, with steps and a log that shows what a terminal would', async () => {
    const tag = `slipway-e2e/beginner-${Math.random().toString(36).slice(2, 8)}:1`
    tags.push(tag)
    const dir = await folder({
      Dockerfile: [
        `FROM ${BUSYBOX_IMAGE}`,
        `RUN printf 'fetching 10%%\\rfetching 50%%\\rfetched all\\n'`,
        `RUN for i in $(seq 1 80); do printf 'word-%s ' $i; done; echo`,
        'RUN echo one && echo two && echo three',
        'CMD ["sh"]',
        ''
      ].join('\n')
    })
    const app = await launchApp({ dockerHost: daemon!.dockerHost, viewport: size, dialogs: { openFile: () => path.join(dir, 'Dockerfile') } })
    const { page } = app
    try {
      const panel = await buildAs(page, tag, 'Succeeded', { noCache: true })

      // The panel, its steps and its log are all in the window, with every step row visible.
      await expectOnScreen(page, panel, 'the build panel')
      const steps = panel.getByRole('list', { name: 'Build steps' })
      await expectOnScreen(page, steps, 'the step list')
      const log = panel.getByRole('log')
      await expectOnScreen(page, log, 'the log')
      expect((await box(log)).height).toBeGreaterThan(100)
      expect((await box(steps)).height).toBeGreaterThan(100)
      expect(await page.locator('.main').evaluate((el) => el.scrollHeight <= el.clientHeight + 1)).toBe(true)

      // Progress drawn with \r shows as its last state, on one row; long output wraps inside the log.
      // (Not the line that echoes the RUN instruction: Buildah's "STEP 2/5: RUN printf …" holds the text too.)
      const fetched = log.locator('.build-log-line').filter({ hasText: 'fetched all', hasNotText: 'printf' })
      await fetched.first().waitFor()
      expect(await fetched.first().innerText()).toMatch(/^(\[\d+\/\d+\] )?fetched all$/)
      // Only the RUN line itself (BuildKit echoes it) still names the earlier states.
      const rowTexts = await log.locator('.build-log-line').allInnerTexts()
      expect(rowTexts.filter((t) => t.includes('fetching') && !t.includes('printf'))).toEqual([])
      const long = log.locator('.build-log-line').filter({ hasText: 'word-80' }).first()
      const logBox = await box(log)
      const longBox = await box(long)
      expect(longBox.height).toBeGreaterThan(30)
      expect(longBox.x + longBox.width).toBeLessThanOrEqual(logBox.x + logBox.width + 0.5)
      const rows = await log.locator('.build-log-line').evaluateAll((els) => els.map((el) => el.getBoundingClientRect()).map((r) => ({ top: r.top, bottom: r.bottom })).sort((a, b) => a.top - b.top))
      for (let i = 1; i < rows.length; i++) expect(rows[i]!.top).toBeGreaterThanOrEqual(rows[i - 1]!.bottom - 0.5)
      await page.screenshot({ path: path.join(SHOTS, `build-panel-${name}.png`) })

      // The separator gives the log more room from the keyboard, and the panel stays on screen.
      const before = (await box(panel)).height
      await page.getByRole('separator', { name: 'Resize the build panel' }).focus()
      await page.keyboard.press('ArrowUp')
      await expect.poll(async () => (await box(panel)).height).toBeGreaterThan(before)
      await page.keyboard.press('Home')
      await expectOnScreen(page, panel, 'the build panel at its tallest')
      expect((await box(page.locator('.editor-split'))).height).toBeGreaterThanOrEqual(140)

      // Straight from the build to running it: the run dialog for the built tag.
      await panel.getByRole('button', { name: 'Run…' }).click()
      const runDialog = page.getByRole('dialog', { name: new RegExp(`^Run ${tag.replace(/[/.]/g, '\\$&')}`) })
      await runDialog.waitFor()
      await page.screenshot({ path: path.join(SHOTS, `run-after-build-${name}.png`) })
    } finally {
      await app.close()
    }
  })
})

it.skipIf(!daemon)('after a failed build, later steps say "Not run" and the failing block is marked in the editor, even when another is selected', async () => {
  const tag = `slipway-e2e/beginner-fail-${Math.random().toString(36).slice(2, 8)}:1`
  const dir = await folder({ Dockerfile: [`FROM ${BUSYBOX_IMAGE}`, 'RUN echo fine', 'RUN echo "about to fail" && exit 3', 'RUN echo never', 'CMD ["sh"]', ''].join('\n') })
  const app = await launchApp({ dockerHost: daemon!.dockerHost, viewport: SIZES[0], dialogs: { openFile: () => path.join(dir, 'Dockerfile') } })
  const { page } = app
  try {
    const panel = await buildAs(page, tag, 'Failed')
    const steps = panel.getByRole('list', { name: 'Build steps' }).getByRole('listitem')
    expect(await steps.nth(2).getAttribute('data-state')).toBe('failed')
    for (const i of [3, 4]) {
      expect(await steps.nth(i).getAttribute('data-state')).toBe('not-run')
      expect(await steps.nth(i).locator('.build-step-state').innerText()).toBe('Not run')
    }

    await instructions(page).getByRole('listitem', { name: /^FROM/ }).locator('.keyword-badge').click()
    const failing = instructions(page).getByRole('listitem', { name: /^RUN echo "about to fail"/ })
    await expect.poll(() => failing.getAttribute('class')).toContain('build-failed')
    expect(await failing.getAttribute('aria-current')).toBeNull()
    expect(await failing.innerText()).toContain('The last build failed here.')
    const described = await failing.evaluate((el) => document.getElementById(el.getAttribute('aria-describedby') ?? '')?.textContent ?? '')
    expect(described).toMatch(/exit code: 3|non-zero code: 3/)
    expect(await instructions(page).locator('.build-failed').count()).toBe(1)
    await page.screenshot({ path: path.join(SHOTS, 'failed-build.png') })
  } finally {
    await app.close()
  }
})

it.skipIf(!daemon)('the build dialog checks before building: the tag live, missing files against the chosen context, near matches; one context size with the editor', async () => {
  const dockerfile = `FROM ${BUSYBOX_IMAGE.replace('busybox', 'bussybox').replace(':latest', '')}\nCOPY app.py /app/\nEXPOS 5000\n`
  const project = await folder({ Dockerfile: dockerfile, 'app.py': 'print("hi")\n' })
  const elsewhere = await folder({ 'notes.txt': 'not the app\n' })
  const app = await launchApp({ dockerHost: daemon!.dockerHost, viewport: SIZES[0], dialogs: { openFile: () => path.join(project, 'Dockerfile'), chooseFolder: () => elsewhere } })
  const { page } = app
  try {
    await page.getByRole('button', { name: 'Open…' }).click()
    const contextPanel = page.getByRole('region', { name: 'Build context' })
    await expect.poll(() => contextPanel.innerText()).toMatch(/in 2 files to send/)
    const panelSize = /([\d.]+ k?B) in 2 files/.exec(await contextPanel.innerText())![1]!

    await page.getByRole('button', { name: 'Build', exact: true }).click()
    const dialog = page.getByRole('dialog', { name: 'Build an image' })
    // The same answer as the editor's panel, in the same words.
    await expect.poll(() => dialog.innerText()).toContain(`Sends 2 files, ${panelSize}`)

    // The tag is checked as it is typed, before Start build.
    await dialog.getByLabel('Image tag').fill('MyApp:1.0')
    await expect.poll(() => dialog.innerText()).toContain('must be lowercase')
    expect(await dialog.getByLabel('Image tag').getAttribute('aria-invalid')).toBe('true')
    await dialog.getByLabel('Image tag').fill('myapp:1.0')
    await expect.poll(() => dialog.getByLabel('Image tag').getAttribute('aria-invalid')).toBe('false')

    // Near matches, each with its fix.
    const checks = dialog.getByRole('region', { name: 'Problems found before building' })
    await expect.poll(() => checks.innerText()).toContain(`Did you mean ${BUSYBOX_IMAGE.replace(':latest', '')}?`)
    expect(await checks.innerText()).toContain('EXPOS is not a Dockerfile instruction. Did you mean EXPOSE?')
    expect(await dialog.getByRole('button', { name: 'Build anyway' }).isVisible()).toBe(true)

    // Another folder as the context: app.py is missing there; the Dockerfile's folder is offered.
    await dialog.getByRole('button', { name: 'Choose…' }).click()
    await expect.poll(() => dialog.getByLabel('Build context').inputValue()).toBe(elsewhere)
    await expect.poll(() => checks.innerText()).toContain('app.py is not in the build context')
    await page.screenshot({ path: path.join(SHOTS, 'build-dialog-checks.png') })
    await checks.getByRole('button', { name: 'Use the Dockerfile’s folder' }).click()
    await expect.poll(() => dialog.getByLabel('Build context').inputValue()).toBe(project)
    await expect.poll(() => checks.innerText()).not.toContain('app.py is not in the build context')

    await checks.getByRole('button', { name: `Change to ${BUSYBOX_IMAGE.replace(':latest', '')}` }).click()
    await checks.getByRole('button', { name: 'Change to EXPOSE' }).click()
    await expect.poll(() => checks.count()).toBe(0)
    expect(await dialog.getByRole('button', { name: 'Start build' }).isVisible()).toBe(true)
    // The fixes are in the editor too, where the person will see them.
    await expect.poll(() => shownText(page)).toBe(`FROM ${BUSYBOX_IMAGE.replace(':latest', '')}\nCOPY app.py /app/\nEXPOSE 5000\n`)
    expect(await dialog.getByLabel('docker build command').innerText()).toContain('-t myapp:1.0')
  } finally {
    await app.close()
  }
})

it('selecting a block scrolls the text view to its line', async () => {
  const app = await launchApp({ viewport: SIZES[0] })
  const { page } = app
  try {
    const lines = ['FROM debian:bookworm', ...Array.from({ length: 80 }, (_, i) => `RUN echo line-${i + 2}`)]
    await textView(page).click()
    await page.keyboard.insertText(lines.join('\n') + '\n')
    // The text view back at its top, so the last line is out of its view.
    await page.keyboard.press('Control+Home')
    const line = textView(page).locator('.cm-line', { hasText: 'RUN echo line-81' })
    const scroller = page.locator('.cm-scroller')
    const lineShown = async () => {
      if ((await line.count()) === 0) return false
      const [s, l] = [await box(scroller), await box(line)]
      return l.y >= s.y && l.y + l.height <= s.y + s.height
    }
    await expect.poll(lineShown).toBe(false)
    const last = instructions(page).getByRole('listitem', { name: 'RUN echo line-81' })
    await instructions(page).getByRole('listitem', { name: 'FROM debian:bookworm' }).locator('.keyword-badge').click()
    // Scroll the block list to its end and pick the last block there.
    await page.locator('.block-panel').evaluate((el) => el.scrollTo({ top: el.scrollHeight }))
    await last.locator('.keyword-badge').click()
    await expect.poll(() => last.getAttribute('aria-current')).toBe('true')
    await expect.poll(lineShown).toBe(true)
  } finally {
    await app.close()
  }
})
