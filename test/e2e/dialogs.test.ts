// Every modal dialog is a real modal: the page behind it is inert. For each dialog the app can
// open: Tab and Shift+Tab stay inside, focus() on a control behind it does nothing, the controls
// behind it are gone from the browser's accessibility tree, a click on one does not reach it,
// and Escape closes the dialog with the focus back on the button that opened it.
import type { CDPSession, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BUSYBOX_IMAGE } from '../support/base-images'
import { requireDaemon } from '../support/daemon'
import { launchApp } from './harness'

const daemon = requireDaemon()
const unique = `${process.pid}${Date.now().toString(36)}`
const REPO = `slipway-test/dialogs-${unique}`
const IMAGE = `${REPO}:one`

interface AxNode {
  ignored: boolean
  role?: { value: string }
  name?: { value: string }
}

function focusInside(dialog: Locator): Promise<boolean> {
  return dialog.evaluate((el) => el.contains(document.activeElement) && document.activeElement !== el.ownerDocument.body)
}

function describeFocus(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement
    if (!el || el === document.body) return 'the page body'
    return `<${el.tagName.toLowerCase()}> "${el.getAttribute('aria-label') ?? (el as HTMLElement).innerText?.trim().slice(0, 40) ?? ''}"`
  })
}

/** The names of the buttons, fields and dialogs Chromium's own accessibility tree exposes now. */
async function exposedControls(cdp: CDPSession): Promise<string[]> {
  const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as { nodes: AxNode[] }
  return nodes
    .filter((n) => !n.ignored && ['button', 'combobox', 'textbox', 'searchbox', 'checkbox', 'dialog', 'grid', 'navigation'].includes(n.role?.value ?? ''))
    .map((n) => `${n.role!.value} ${n.name?.value ?? ''}`.trim())
}

interface Case {
  /** The dialog's accessible name. */
  name: string
  /** The button that opens it. */
  opener: (page: Page) => Locator
  /** The view it is opened from (the sidebar button's name). */
  view: string
  /** A click on the backdrop closes this one (it did before it became a native dialog). */
  backdropCloses: boolean
}

const cases: Case[] = [
  { name: 'New Dockerfile', view: 'Dockerfile', backdropCloses: true, opener: (page) => page.getByRole('button', { name: 'New…' }) },
  { name: 'Build an image', view: 'Dockerfile', backdropCloses: false, opener: (page) => page.getByRole('button', { name: 'Build', exact: true }) },
  { name: 'Pull image', view: 'Images', backdropCloses: true, opener: (page) => page.getByRole('button', { name: 'Pull image', exact: true }) },
  { name: 'Prune images', view: 'Images', backdropCloses: true, opener: (page) => page.getByRole('button', { name: 'Prune…' }) },
  { name: 'Add tag', view: 'Images', backdropCloses: true, opener: (page) => imageRow(page).getByRole('button', { name: 'Add tag' }) },
  { name: `Delete ${IMAGE}`, view: 'Images', backdropCloses: true, opener: (page) => imageRow(page).getByRole('button', { name: 'Delete', exact: true }) },
  { name: `Run ${IMAGE}`, view: 'Images', backdropCloses: false, opener: (page) => imageRow(page).getByRole('button', { name: 'Run', exact: true }) }
]

function imageRow(page: Page): Locator {
  return page.getByRole('grid', { name: 'Images' }).getByRole('row').filter({ hasText: REPO })
}

async function showView(page: Page, view: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: view, exact: true }).click()
  await page.getByRole('heading', { level: 1, name: view }).waitFor()
  if (view === 'Images') {
    await page.getByRole('searchbox', { name: 'Search images' }).fill(REPO)
    await expect.poll(() => imageRow(page).count(), { timeout: 20_000 }).toBe(1)
  }
}

/** Opens the dialog from the keyboard (focus on its button, Enter) and waits for the focus to be inside. */
async function open(page: Page, c: Case): Promise<Locator> {
  const opener = c.opener(page)
  await opener.focus()
  await page.keyboard.press('Enter')
  const dialog = page.getByRole('dialog', { name: c.name })
  await dialog.waitFor()
  await expect.poll(() => focusInside(dialog), { message: `${c.name}: the focus did not move into the dialog` }).toBe(true)
  // Dialogs that load something first move the focus once more when it arrives.
  await page.waitForTimeout(400)
  return dialog
}

describe.skipIf(!daemon)('modal dialogs make the page behind them inert', () => {
  const docker = daemon!.docker

  beforeAll(async () => {
    await docker.getImage(BUSYBOX_IMAGE).tag({ repo: REPO, tag: 'one' })
  })

  afterAll(async () => {
    // Untag only: the image is the shared busybox base.
    await docker.getImage(IMAGE).remove().catch(() => undefined)
  })

  it('keeps Tab, focus(), clicks and the accessibility tree inside every dialog; Escape closes and returns the focus', async () => {
    const app = await launchApp({ dockerHost: daemon!.dockerHost })
    const { page } = app
    const cdp = await page.context().newCDPSession(page)
    try {
      await page.getByRole('heading', { level: 1, name: 'Dockerfile' }).waitFor({ timeout: 15_000 })
      for (const c of cases) {
        await showView(page, c.view)
        const opener = c.opener(page)
        let dialog = await open(page, c)

        // Tab and Shift+Tab go round inside the dialog, never out of it.
        const visited = new Set<string>()
        for (const key of ['Tab', 'Shift+Tab']) {
          for (let i = 0; i < 25; i++) {
            await page.keyboard.press(key)
            expect(await focusInside(dialog), `${c.name}: ${key} left the dialog; the focus is on ${await describeFocus(page)}`).toBe(true)
            visited.add(await describeFocus(page))
          }
        }
        expect(visited.size, `${c.name}: Tab should visit the dialog's controls`).toBeGreaterThan(1)

        // focus() on controls behind the dialog leaves the focus where it was.
        const before = await describeFocus(page)
        const movedOut = await page.evaluate(() => {
          const dialogEl = document.querySelector('dialog[open]')
          const behind = [...document.querySelectorAll<HTMLElement>('nav button, .statusbar select, .view-header button, input[type="search"]')].filter((el) => !dialogEl?.contains(el))
          const escaped: string[] = []
          for (const el of behind) {
            el.focus()
            if (document.activeElement === el) escaped.push(el.textContent ?? el.tagName)
          }
          return { tried: behind.length, escaped }
        })
        expect(movedOut.tried, 'no controls behind the dialog were found to try').toBeGreaterThan(2)
        expect(movedOut.escaped, `${c.name}: these controls behind the dialog took the focus`).toEqual([])
        expect(await describeFocus(page)).toBe(before)

        // Screen readers see only the dialog: the sidebar, the status bar and the view are out of the tree.
        const exposed = await exposedControls(cdp)
        expect(exposed).toContain(`dialog ${c.name}`)
        for (const hidden of ['navigation Main', 'button Containers', 'button Builds', 'combobox Engine', 'grid Images', 'searchbox Search images']) {
          expect(exposed, `${c.name}: "${hidden}" behind the dialog is still in the accessibility tree`).not.toContain(hidden)
        }

        // A click on a sidebar button does not reach it (it lands on the backdrop).
        const builds = page.getByRole('navigation', { name: 'Main' }).locator('button', { hasText: 'Builds' })
        const box = await builds.boundingBox()
        expect(box).not.toBeNull()
        await page.mouse.click(box!.x + box!.width / 2, box!.y + box!.height / 2)
        await page.waitForTimeout(200)
        expect(await page.getByRole('heading', { level: 1 }).innerText(), `${c.name}: a click behind the dialog changed the view`).toBe(c.view)
        if (c.backdropCloses) {
          await dialog.waitFor({ state: 'detached' })
          dialog = await open(page, c)
        } else {
          expect(await dialog.count(), `${c.name}: a click on the backdrop closed a dialog that keeps its input`).toBe(1)
        }

        // Escape closes it and gives the focus back to its button.
        await page.keyboard.press('Escape')
        await dialog.waitFor({ state: 'detached' })
        await expect
          .poll(() => opener.evaluate((el) => el === document.activeElement), { message: `${c.name}: the focus did not return to its button; it is on ${await describeFocus(page)}` })
          .toBe(true)
        // And the page is live again.
        expect(await exposedControls(cdp)).toContain('button Builds')
      }
    } finally {
      await app.close()
    }
  }, 180_000)
})
