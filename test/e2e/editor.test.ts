import { mkdir, mkdtemp, readFile, readdir, rm, utimes, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import type { Locator, Page } from 'playwright-core'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { launchApp, type LaunchedApp } from './harness'

// The Dockerfile editor in Chromium with the real main-process handlers. None of this needs the
// Docker daemon: the editor works on files.

let dir: string
const apps: LaunchedApp[] = []

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'slipway-editor-'))
})
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()))
  await rm(dir, { recursive: true, force: true })
})

async function launch(options: Parameters<typeof launchApp>[0] = {}): Promise<LaunchedApp> {
  const app = await launchApp(options)
  apps.push(app)
  await instructions(app.page).waitFor()
  return app
}

function instructions(page: Page): Locator {
  return page.getByRole('list', { name: 'Instructions' })
}

function textView(page: Page): Locator {
  return page.getByRole('textbox', { name: 'Dockerfile text' })
}

/** The text view's content, line by line as CodeMirror shows it. */
async function shownText(page: Page): Promise<string> {
  return textView(page).evaluate((el) => Array.from(el.querySelectorAll('.cm-line'), (line) => line.textContent ?? '').join('\n'))
}

async function addInstruction(page: Page, keyword: string): Promise<Locator> {
  await page.getByRole('button', { name: 'Add instruction', exact: true }).click()
  await page.getByRole('menuitem', { name: keyword, exact: true }).click()
  // A new instruction goes after the selected one, which is the last one added.
  const items = instructions(page).getByRole('listitem')
  return items.nth((await items.count()) - 1)
}

async function replaceText(page: Page, text: string): Promise<void> {
  await textView(page).click()
  await page.keyboard.press('Control+a')
  await page.keyboard.press('Delete')
  await page.keyboard.insertText(text)
}

const TUTORIAL = [
  'FROM ubuntu:24.04',
  'RUN apt-get update \\',
  '    && apt-get install -y python3-pip',
  'COPY requirements.txt .',
  'RUN pip install -r requirements.txt',
  'COPY app.py .',
  'EXPOSE 5000',
  'CMD ["python3", "app.py"]',
  ''
].join('\n')

describe('the visual Dockerfile editor', () => {
  it("builds the classic tutorial's Dockerfile from an empty document using only the blocks", async () => {
    const { page } = await launch({ dialogs: { saveFile: () => path.join(dir, 'Dockerfile') } })
    expect(await shownText(page)).toBe('')

    const from = await addInstruction(page, 'FROM')
    await from.getByLabel('Image', { exact: true }).fill('ubuntu')
    await from.getByLabel('Tag', { exact: true }).fill('24.04')

    const update = await addInstruction(page, 'RUN')
    await update.getByLabel('Command 1', { exact: true }).fill('apt-get update')
    await update.getByRole('button', { name: 'Add command' }).click()
    await update.getByLabel('Command 2', { exact: true }).fill('apt-get install -y python3-pip')

    const requirements = await addInstruction(page, 'COPY')
    await requirements.getByLabel('Source 1', { exact: true }).fill('requirements.txt')
    await requirements.getByLabel('Destination', { exact: true }).fill('.')

    const install = await addInstruction(page, 'RUN')
    await install.getByLabel('Command 1', { exact: true }).fill('pip install -r requirements.txt')

    const app = await addInstruction(page, 'COPY')
    await app.getByLabel('Source 1', { exact: true }).fill('app.py')
    await app.getByLabel('Destination', { exact: true }).fill('.')

    const expose = await addInstruction(page, 'EXPOSE')
    await expose.getByLabel('Port 1', { exact: true }).fill('5000')

    const cmd = await addInstruction(page, 'CMD')
    await cmd.getByLabel('Argument 1', { exact: true }).fill('python3')
    await cmd.getByRole('button', { name: 'Add argument' }).click()
    await cmd.getByLabel('Argument 2', { exact: true }).fill('app.py')

    await expect.poll(() => shownText(page)).toBe(TUTORIAL)
    const names = await instructions(page).getByRole('listitem').evaluateAll((items) => items.map((i) => i.getAttribute('aria-label')))
    expect(names).toEqual([
      'FROM ubuntu:24.04',
      'RUN apt-get update && apt-get install -y python3-pip',
      'COPY requirements.txt .',
      'RUN pip install -r requirements.txt',
      'COPY app.py .',
      'EXPOSE 5000',
      'CMD ["python3", "app.py"]'
    ])
    // The tutorial's own pitfall is pointed out on its block.
    await expect.poll(() => update.getByRole('group', { name: 'Problems' }).innerText()).toMatch(/-y|no-install-recommends|package lists/)

    await page.keyboard.press('Control+s')
    await expect.poll(() => readFile(path.join(dir, 'Dockerfile'), 'utf8').catch(() => '')).toBe(TUTORIAL)
    await expect.poll(() => page.getByText('Unsaved changes').count()).toBe(0)
  })

  it('shows an edit in the text in the blocks, and keeps the text cursor through a block edit', async () => {
    const { page } = await launch()
    await replaceText(page, 'FROM python:3.12-slim\nWORKDIR /app\nEXPOSE 5000\n')
    const expose = instructions(page).getByRole('listitem', { name: 'EXPOSE 5000' })
    await expect.poll(() => expose.getByLabel('Port 1', { exact: true }).inputValue()).toBe('5000')

    // Change the port in the text: the block follows.
    await textView(page).getByText('EXPOSE 5000').click()
    await page.keyboard.press('End')
    await page.keyboard.press('Backspace')
    await page.keyboard.press('Backspace')
    await page.keyboard.press('Backspace')
    await page.keyboard.press('Backspace')
    await page.keyboard.type('8080')
    const changed = instructions(page).getByRole('listitem', { name: 'EXPOSE 8080' })
    await expect.poll(() => changed.getByLabel('Port 1', { exact: true }).inputValue(), { timeout: 2000 }).toBe('8080')
    expect(await instructions(page).getByRole('listitem').count()).toBe(3)

    // Put the text cursor at the end of the WORKDIR line, edit a block above it, and type on.
    await textView(page).getByText('WORKDIR /app').click()
    await page.keyboard.press('End')
    await instructions(page).getByRole('listitem', { name: /^FROM/ }).getByLabel('Tag', { exact: true }).fill('3.13-slim')
    await expect.poll(() => shownText(page)).toContain('FROM python:3.13-slim\n')
    await textView(page).focus()
    await page.keyboard.type('/src')
    await expect.poll(() => shownText(page)).toBe('FROM python:3.13-slim\nWORKDIR /app/src\nEXPOSE 8080\n')
    await expect.poll(() => instructions(page).getByRole('listitem', { name: 'WORKDIR /app/src' }).count()).toBe(1)
  })

  it('gives back the unsaved draft after the page is killed', async () => {
    const userDataDir = await mkdtemp(path.join(os.tmpdir(), 'slipway-data-'))
    try {
      const first = await launchApp({ userDataDir })
      try {
        await instructions(first.page).waitFor()
        await replaceText(first.page, 'FROM debian:bookworm\nRUN echo "not saved anywhere"\n')
        await first.page.getByText(/Draft kept/).waitFor({ timeout: 10_000 })
      } finally {
        // No save, no beforeunload: the browser just goes away, as in a crash.
        await first.close()
      }
      const second = await launch({ userDataDir })
      const offer = second.page.getByRole('region', { name: 'Unsaved draft' })
      await offer.waitFor()
      expect(await offer.innerText()).toMatch(/Restore unsaved draft from \d/)
      await offer.getByRole('button', { name: 'Restore draft' }).click()
      await expect.poll(() => shownText(second.page)).toBe('FROM debian:bookworm\nRUN echo "not saved anywhere"\n')
      expect(await instructions(second.page).getByRole('listitem', { name: /^RUN echo/ }).count()).toBe(1)
      expect(await second.page.getByText('Unsaved changes').count()).toBe(1)
    } finally {
      await rm(userDataDir, { recursive: true, force: true })
    }
  })

  it('keeps a 2,000-line Dockerfile fast: only blocks near the view are in the page, and the blocks follow the text cursor', async () => {
    const lines = ['ARG BASE=debian:bookworm']
    for (let stage = 0; lines.length < 2000; stage++) {
      lines.push('', `FROM \${BASE} AS stage${stage}`, `WORKDIR /app${stage}`)
      for (let i = 0; i < 12; i++) lines.push(`RUN echo "step ${stage}.${i}" > /tmp/step${i}`, `COPY part${i}.txt /app/`)
      lines.push('USER nobody')
    }
    lines.push('CMD ["sh", "-c", "echo the end"]')
    const file = path.join(dir, 'Dockerfile')
    await writeFile(file, `${lines.join('\n')}\n`)
    const { page } = await launch({ dialogs: { openFile: () => file } })
    await page.getByRole('button', { name: 'Open…' }).click()
    const items = instructions(page).getByRole('listitem')
    await items.first().waitFor()
    const total = lines.filter((l) => l !== '').length
    expect(Number(await items.first().getAttribute('aria-setsize'))).toBe(total)
    expect(await items.count()).toBeLessThan(60)

    // The text cursor goes to the last line: its block is rendered, selected and in view.
    await textView(page).click()
    await page.keyboard.press('Control+End')
    await page.keyboard.press('ArrowUp')
    const last = instructions(page).getByRole('listitem', { name: /^CMD/ })
    await expect.poll(() => last.getAttribute('aria-current')).toBe('true')
    await expect.poll(() => last.isVisible()).toBe(true)
    expect(await last.getAttribute('aria-posinset')).toBe(String(total))

    // Typing there shows in its block at once.
    await page.keyboard.press('End')
    await page.keyboard.press('ArrowLeft')
    await page.keyboard.press('ArrowLeft')
    const shownAfter = await page.evaluate(async () => {
      const list = document.querySelector('[aria-label="Instructions"]')!
      const start = performance.now()
      document.execCommand('insertText', false, '!')
      await new Promise<void>((resolve) => {
        const check = () => (list.querySelector('[aria-label^="CMD"][aria-label*="the end!"]') ? resolve() : requestAnimationFrame(check))
        check()
      })
      return performance.now() - start
    })
    expect(shownAfter).toBeLessThan(1000)
    expect(await items.count()).toBeLessThan(60)

    // Back to the top from the text: the first blocks are rendered again.
    await page.keyboard.press('Control+Home')
    await expect.poll(() => instructions(page).getByRole('listitem', { name: /^ARG/ }).isVisible()).toBe(true)
  })

  it('opens and saves through the dialogs, and asks before overwriting a file changed on disk', async () => {
    const file = path.join(dir, 'Dockerfile')
    await writeFile(file, '# my app\nFROM debian:bookworm\n')
    const confirms: string[] = []
    let answer = 2
    const { page } = await launch({
      dialogs: {
        openFile: () => file,
        confirm: (o) => {
          confirms.push(o.message)
          return answer
        }
      }
    })
    await page.getByRole('button', { name: 'Open…' }).click()
    await expect.poll(() => shownText(page)).toBe('# my app\nFROM debian:bookworm\n')
    expect(await page.getByRole('region', { name: 'Build context' }).innerText()).toContain(dir)

    const from = instructions(page).getByRole('listitem', { name: /^FROM/ })
    await from.getByLabel('Tag', { exact: true }).fill('trixie')
    await page.getByText('Unsaved changes').waitFor()
    await page.getByRole('button', { name: 'Save', exact: true }).click()
    await expect.poll(() => readFile(file, 'utf8')).toBe('# my app\nFROM debian:trixie\n')
    expect(confirms).toEqual([])

    // Someone else changes the file; our next save asks first. Cancel keeps their version.
    await writeFile(file, 'FROM alpine:3.20\n')
    const later = new Date(Date.now() + 10_000)
    await utimes(file, later, later)
    await from.getByLabel('Stage name (AS)', { exact: true }).fill('base')
    await page.getByRole('button', { name: 'Save', exact: true }).click()
    await expect.poll(() => confirms.length).toBe(1)
    expect(confirms[0]).toMatch(/changed on disk since you opened it/)
    expect(await readFile(file, 'utf8')).toBe('FROM alpine:3.20\n')
    expect(await page.getByText('Unsaved changes').count()).toBe(1)
    answer = 0
    await page.getByRole('button', { name: 'Save', exact: true }).click()
    await expect.poll(() => readFile(file, 'utf8')).toBe('# my app\nFROM debian:trixie AS base\n')

    // Opening another file with unsaved work asks first; Cancel keeps the work.
    await from.getByLabel('Tag', { exact: true }).fill('bookworm')
    answer = 2
    await page.getByRole('button', { name: 'Open…' }).click()
    await expect.poll(() => confirms.length).toBe(3)
    expect(confirms[2]).toMatch(/Save your changes to Dockerfile before opening another file/)
    expect(await shownText(page)).toBe('# my app\nFROM debian:bookworm AS base\n')
  })

  it('shows a clear message when a file cannot be opened, and keeps the work', async () => {
    const big = path.join(dir, 'huge')
    await writeFile(big, Buffer.alloc(6 * 1024 * 1024, 0x41))
    const saved = path.join(dir, 'Dockerfile')
    const { page } = await launch({ dialogs: { openFile: () => big, saveFile: () => saved } })
    await replaceText(page, 'FROM debian:bookworm\n')
    await page.getByRole('button', { name: 'Open…' }).click()
    // Unsaved work: the scripted confirm cancels by default, so nothing happens.
    expect(await shownText(page)).toBe('FROM debian:bookworm\n')
    await page.keyboard.press('Control+s')
    await expect.poll(() => readFile(saved, 'utf8').catch(() => '')).toBe('FROM debian:bookworm\n')
    await page.getByRole('button', { name: 'Open…' }).click()
    await expect.poll(() => page.getByRole('alert').innerText()).toMatch(/huge is 6\.0 MB; Slipway opens Dockerfiles up to 5\.0 MB/)
    expect(await shownText(page)).toBe('FROM debian:bookworm\n')
  })

  it('shows a diagnostic on its block with a one-click fix, and "Ignore here" writes a suppression comment', async () => {
    const { page } = await launch()
    await replaceText(page, 'FROM ubuntu\nCMD python3 app.py\n')
    const cmd = instructions(page).getByRole('listitem', { name: /^CMD/ })
    const fix = cmd.getByRole('button', { name: 'Use the JSON (exec) form' })
    await fix.waitFor()
    expect(await cmd.getByRole('group', { name: 'Problems' }).innerText()).toMatch(/Warning[\s\S]*shell form/i)
    await fix.click()
    await expect.poll(() => shownText(page)).toBe('FROM ubuntu\nCMD ["python3", "app.py"]\n')
    expect(await cmd.count()).toBe(1)
    // At once, before linting runs again: a block shows only the problems of the text it has now.
    expect(await instructions(page).getByRole('listitem', { name: 'CMD ["python3", "app.py"]' }).getByRole('group', { name: 'Problems' }).count()).toBe(0)

    const from = instructions(page).getByRole('listitem', { name: /^FROM/ })
    await from.getByRole('group', { name: 'Problems' }).waitFor()
    const problem = await from.getByRole('group', { name: 'Problems' }).innerText()
    expect(problem).toMatch(/tag|latest/i)
    await from.getByRole('button', { name: 'Ignore here' }).first().click()
    await expect.poll(() => shownText(page)).toMatch(/^# hadolint ignore=DL300[67]\nFROM ubuntu\n/)
    await expect.poll(() => from.getByRole('group', { name: 'Problems' }).count()).toBe(0)
    // The same diagnostic is in the text view's gutter.
    await replaceText(page, 'FROM ubuntu:24.04\nEXPOSE 99999\n')
    await expect.poll(() => page.locator('.cm-lint-marker-error').count()).toBe(1)
    expect(await instructions(page).getByRole('listitem', { name: 'EXPOSE 99999' }).getByRole('group', { name: 'Problems' }).getByRole('button', { name: 'Ignore here' }).count()).toBe(1)
  })

  it('reorders by keyboard: Move buttons, Alt+arrows and the drag handle', async () => {
    const { page } = await launch()
    await replaceText(page, 'FROM debian:bookworm\nWORKDIR /app\nCOPY . .\nEXPOSE 80\n')
    const order = () => instructions(page).getByRole('listitem').evaluateAll((items) => items.map((i) => i.getAttribute('aria-label')?.split(' ')[0]))
    await expect.poll(order).toEqual(['FROM', 'WORKDIR', 'COPY', 'EXPOSE'])

    await instructions(page).getByRole('listitem', { name: /^WORKDIR/ }).getByRole('button', { name: 'Move down' }).focus()
    await page.keyboard.press('Enter')
    await expect.poll(order).toEqual(['FROM', 'COPY', 'WORKDIR', 'EXPOSE'])
    // Focus stays on the moved block's button, so pressing again moves it again.
    await page.keyboard.press('Enter')
    await expect.poll(order).toEqual(['FROM', 'COPY', 'EXPOSE', 'WORKDIR'])
    await page.keyboard.press('Alt+ArrowUp')
    await page.keyboard.press('Alt+ArrowUp')
    await expect.poll(order).toEqual(['FROM', 'WORKDIR', 'COPY', 'EXPOSE'])

    // With the drag handle, each key waits for what a screen reader says after the one before: the handle
    // takes the arrow keys only once the pick-up has happened.
    const announced = (text: string) => page.getByRole('status').filter({ hasText: text }).waitFor()
    const handle = instructions(page).getByRole('listitem', { name: /^EXPOSE/ }).getByRole('button', { name: 'Drag to reorder' })
    await handle.focus()
    await page.keyboard.press('Space')
    await announced('Picked up EXPOSE 80, at position 4 of 4.')
    // dnd-kit's keyboard sensor starts listening for arrows in a setTimeout(0) queued at pick-up; the
    // announcement can paint before that timer runs (seen under load). A page timer queued now runs after it.
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 0)))
    await page.keyboard.press('ArrowUp')
    await announced('EXPOSE 80 is over COPY . ., at position 3 of 4.')
    await page.keyboard.press('Space')
    await announced('EXPOSE 80 was moved to position 3 of 4.')
    expect(await order()).toEqual(['FROM', 'WORKDIR', 'EXPOSE', 'COPY'])
    await expect.poll(() => shownText(page)).toBe('FROM debian:bookworm\nWORKDIR /app\nEXPOSE 80\nCOPY . .\n')
  })

  it('adds from the keyboard: the menu opens with arrows, jumps by letter, and focuses the new block', async () => {
    const { page } = await launch()
    await page.getByRole('button', { name: 'Add instruction', exact: true }).focus()
    await page.keyboard.press('ArrowDown')
    await page.getByRole('menu').waitFor()
    await page.keyboard.press('w')
    await page.keyboard.press('Enter')
    const workdir = instructions(page).getByRole('listitem', { name: /^WORKDIR/ })
    await workdir.waitFor()
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('type'))).toBe('text')
    await page.keyboard.press('Control+a')
    await page.keyboard.type('/srv')
    await expect.poll(() => shownText(page)).toBe('WORKDIR /srv\n')
    await workdir.getByRole('button', { name: 'Help' }).click()
    expect(await workdir.innerText()).toMatch(/Example:/)
  })

  it('adds an instruction right after any block with its own + button, by mouse or keyboard, wherever the focus was', async () => {
    const { page } = await launch()
    await replaceText(page, 'FROM debian:bookworm\nRUN make\nCMD ["./app"]\n')
    const run = instructions(page).getByRole('listitem', { name: /^RUN/ })
    await run.waitFor()
    // By mouse, on the first block: the new one goes right after it.
    await instructions(page).getByRole('listitem', { name: /^FROM/ }).getByRole('button', { name: 'Add instruction after' }).click()
    await page.getByRole('menuitem', { name: 'WORKDIR', exact: true }).click()
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('type'))).toBe('text')
    await page.keyboard.press('Control+a')
    await page.keyboard.type('/src')
    await expect.poll(() => shownText(page)).toBe('FROM debian:bookworm\nWORKDIR /src\nRUN make\nCMD ["./app"]\n')

    // By keyboard, after RUN, with the focus coming back from the last block (Shift+Tab used to move the insertion point).
    await instructions(page).getByRole('listitem', { name: /^CMD/ }).getByRole('button', { name: 'Delete' }).focus()
    const plus = run.getByRole('button', { name: 'Add instruction after' })
    for (let i = 0; i < 40 && !(await plus.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Shift+Tab')
    await page.keyboard.press('Enter')
    await page.getByRole('menu').waitFor()
    await page.keyboard.press('e')
    await page.keyboard.press('Enter')
    await expect.poll(() => page.evaluate(() => document.activeElement?.closest('[role="listitem"]')?.getAttribute('aria-label') ?? '')).toMatch(/^EXPOSE/)
    await page.keyboard.press('Control+a')
    await page.keyboard.type('8080')
    await expect.poll(() => shownText(page)).toBe('FROM debian:bookworm\nWORKDIR /src\nRUN make\nEXPOSE 8080\nCMD ["./app"]\n')
  })

  it('creates the Flask template in a chosen folder and lists the build context with sizes', async () => {
    const folder = path.join(dir, 'flask')
    await mkdir(folder)
    const { page } = await launch({ dialogs: { chooseFolder: () => folder } })
    await page.getByRole('button', { name: 'New…' }).click()
    await page.getByRole('dialog', { name: 'New Dockerfile' }).getByRole('button', { name: /Python web app \(Flask\)/ }).click()
    await instructions(page).getByRole('listitem', { name: 'EXPOSE 5000' }).waitFor()
    expect((await readdir(folder)).sort()).toEqual(['.dockerignore', 'Dockerfile', 'app.py', 'requirements.txt'])
    expect(await shownText(page)).toBe(await readFile(path.join(folder, 'Dockerfile'), 'utf8'))
    const context = page.getByRole('region', { name: 'Build context' })
    await expect.poll(() => context.innerText()).toMatch(/in 4 files to send/)
    await context.getByRole('button', { name: 'Show files' }).click()
    const tree = page.getByRole('tree', { name: 'Files in the build context' })
    expect(await tree.innerText()).toMatch(/app\.py\s+\d+ B/)
    // The template passes the rules: no warnings or errors anywhere (tips such as pinning apt versions may show).
    await page.waitForTimeout(300)
    expect(await page.getByRole('group', { name: 'Problems' }).getByText(/^(Warning|Error)$/).count()).toBe(0)
    // A COPY source that is not in the context is reported.
    await instructions(page).getByRole('listitem', { name: 'COPY app.py .' }).getByLabel('Source 1', { exact: true }).fill('main.py')
    await expect.poll(() => instructions(page).getByRole('listitem', { name: 'COPY main.py .' }).innerText()).toMatch(/main\.py is not in the build context/)
  })
})
