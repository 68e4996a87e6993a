// The Images grid from the keyboard (ARIA grid pattern): one Tab stop, arrow keys between rows and
// cells, the virtual list scrolls the focused row into view, Home/End, Ctrl+Home/End, PageUp/PageDown,
// Space and Shift+arrows select, Enter opens the details, Delete keeps the focus in the grid (also when the row
// goes while its dialog is open), and Run runs the image.
import { randomUUID } from 'node:crypto'
import type { Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BUSYBOX_IMAGE } from '../support/base-images'
import { requireDaemon } from '../support/daemon'
import { buildTestImage } from '../support/images'
import { launchApp } from './harness'
import { familiarName } from '../../src/main/docker/images/engine-names'

const daemon = requireDaemon()
const run = randomUUID().slice(0, 8)
const REPO = `slipway-test/grid-${run}`
const RUN_LABEL = 'com.slipway.test.grid-run'
const COUNT = 36
const tagOf = (i: number) => `img-${String(i).padStart(2, '0')}`

/** What has the focus: its row's tag (third data cell) and the control's name. */
function focused(page: Page): Promise<{ tag: string | null; name: string; role: string; inGrid: boolean }> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null
    const row = el?.closest('[role="row"]')
    const cells = row ? row.querySelectorAll('[role="gridcell"]') : []
    return {
      tag: cells[2]?.textContent ?? null,
      name: el?.getAttribute('aria-label') ?? el?.textContent?.trim() ?? '',
      role: el?.getAttribute('role') ?? el?.tagName.toLowerCase() ?? '',
      inGrid: Boolean(el?.closest('[role="grid"]'))
    }
  })
}

/** Is the focused row fully inside the grid's viewport, below its sticky header? */
function focusedRowVisible(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const row = document.activeElement?.closest('[role="row"]')
    const grid = document.querySelector('[role="grid"]')
    const header = grid?.querySelector('[role="rowgroup"]')
    if (!row || !grid || !header) return false
    const r = row.getBoundingClientRect()
    // The grid's viewport: without its border and its horizontal scrollbar.
    const bottom = grid.getBoundingClientRect().top + grid.clientTop + grid.clientHeight
    return r.top >= header.getBoundingClientRect().bottom - 1 && r.bottom <= bottom + 1
  })
}

async function press(page: Page, key: string, times = 1): Promise<void> {
  for (let i = 0; i < times; i++) await page.keyboard.press(key)
}

function row(page: Page, i: number): Locator {
  return page.getByRole('grid', { name: 'Images' }).getByRole('row').filter({ has: page.getByRole('gridcell', { name: tagOf(i), exact: true }) })
}

describe.skipIf(!daemon)('the Images grid with the keyboard', () => {
  const docker = daemon!.docker

  beforeAll(async () => {
    // A few dozen tiny images, each its own image (a LABEL differs), built from the busybox base.
    const indexes = Array.from({ length: COUNT }, (_, i) => i)
    for (let start = 0; start < COUNT; start += 6) {
      await Promise.all(
        indexes.slice(start, start + 6).map((i) => buildTestImage(docker, `${REPO}:${tagOf(i)}`, { Dockerfile: `FROM ${BUSYBOX_IMAGE}\nLABEL grid.index=${i}\n` }, { [RUN_LABEL]: run }))
      )
    }
  }, 240_000)

  afterAll(async () => {
    const containers = await docker.listContainers({ all: true, filters: { label: [`${RUN_LABEL}=${run}`] } })
    await Promise.all(containers.map((c) => docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined)))
    const images = await docker.listImages({ filters: { label: [`${RUN_LABEL}=${run}`] } })
    for (const image of images) await docker.getImage(image.Id).remove({ force: true }).catch(() => undefined)
  }, 120_000)

  it('moves with the arrow keys past the visible rows, selects, opens and runs an image', async () => {
    const app = await launchApp({ dockerHost: daemon!.dockerHost })
    const { page } = app
    try {
      await page.getByRole('button', { name: 'Images', exact: true }).click()
      const grid = page.getByRole('grid', { name: 'Images' })
      await grid.waitFor({ timeout: 15_000 })
      const search = page.getByRole('searchbox', { name: 'Search images' })
      await search.fill(REPO)
      await expect.poll(() => grid.getAttribute('aria-rowcount'), { timeout: 20_000 }).toBe(String(COUNT + 1))
      await grid.getByRole('button', { name: 'Tag', exact: true }).click()
      expect(await grid.getByRole('columnheader', { name: 'Tag' }).getAttribute('aria-sort')).toBe('ascending')
      const rendered = await grid.getByRole('row').count()
      expect(rendered, 'the list is virtual: fewer rows in the page than images').toBeLessThan(COUNT + 1)

      // One Tab stop: from the search box, Tab reaches the grid once, where the person last was (the Tag header they clicked).
      await search.focus()
      for (let i = 0; i < 10 && !(await focused(page)).inGrid; i++) await page.keyboard.press('Tab')
      expect(await focused(page)).toMatchObject({ name: expect.stringMatching(/^Tag/), inGrid: true })
      expect(await grid.evaluate((el) => el.querySelectorAll('[tabindex="0"]').length)).toBe(1)
      // Down from the header: the first image's Tag cell; Ctrl+Home: its first cell.
      await press(page, 'ArrowDown')
      expect(await focused(page)).toMatchObject({ tag: tagOf(0), role: 'gridcell', name: tagOf(0) })
      await press(page, 'Control+Home')
      expect(await focused(page)).toMatchObject({ tag: tagOf(0), name: `Select ${REPO}:${tagOf(0)}`, inGrid: true })
      await page.keyboard.press('Tab')
      expect((await focused(page)).inGrid, 'a second Tab leaves the grid').toBe(false)
      await page.keyboard.press('Shift+Tab')
      expect(await focused(page)).toMatchObject({ tag: tagOf(0), inGrid: true })

      // Right moves across the row's cells and buttons; Up reaches the header's "select all".
      await press(page, 'ArrowRight')
      expect(await focused(page)).toMatchObject({ tag: tagOf(0), role: 'gridcell', name: REPO })
      await press(page, 'ArrowLeft')
      await press(page, 'ArrowUp')
      expect((await focused(page)).name).toBe('Select all shown images')
      await press(page, 'ArrowDown')

      // Down past the rows that fit: the focused row is the expected image and is scrolled into view.
      await press(page, 'ArrowDown', 25)
      expect(await focused(page)).toMatchObject({ tag: tagOf(25), name: `Select ${REPO}:${tagOf(25)}` })
      expect(await focusedRowVisible(page), 'the 26th row should be scrolled into view').toBe(true)
      expect(await grid.evaluate((el) => el.scrollTop)).toBeGreaterThan(0)

      // Page keys move by a screenful; Ctrl+End and Ctrl+Home go to the last and first image.
      await press(page, 'PageUp')
      const paged = (await focused(page)).tag!
      expect(Number(paged.slice(4))).toBeLessThan(24)
      expect(await focusedRowVisible(page)).toBe(true)
      await press(page, 'PageDown')
      expect((await focused(page)).tag).toBe(tagOf(25))
      await press(page, 'Control+End')
      expect(await focused(page)).toMatchObject({ tag: tagOf(COUNT - 1), name: 'Delete' })
      expect(await focusedRowVisible(page)).toBe(true)
      await press(page, 'Control+Home')
      expect(await focused(page)).toMatchObject({ tag: tagOf(0), name: `Select ${REPO}:${tagOf(0)}` })
      expect(await focusedRowVisible(page)).toBe(true)
      // End and Home stay in the row.
      await press(page, 'End')
      expect(await focused(page)).toMatchObject({ tag: tagOf(0), name: 'Delete' })
      await press(page, 'Home')
      expect(await focused(page)).toMatchObject({ tag: tagOf(0), name: `Select ${REPO}:${tagOf(0)}` })

      // Selection as in a file manager: Space toggles, Shift+Down extends from the anchor.
      await press(page, 'ArrowDown', 2)
      await press(page, 'Space')
      await press(page, 'Shift+ArrowDown', 2)
      expect((await focused(page)).tag).toBe(tagOf(4))
      for (const i of [2, 3, 4]) expect(await row(page, i).getAttribute('aria-selected'), `row ${i} selected`).toBe('true')
      for (const i of [1, 5]) expect(await row(page, i).getAttribute('aria-selected'), `row ${i} not selected`).toBe('false')
      await expect.poll(() => page.locator('.images-count').innerText()).toContain('3 selected')
      // Space on a cell (not the checkbox) toggles the row too.
      await press(page, 'ArrowRight')
      await press(page, 'Space')
      expect(await row(page, 4).getAttribute('aria-selected')).toBe('false')

      // Enter on a cell opens the image's details.
      await press(page, 'ArrowDown', 26)
      expect(await focused(page)).toMatchObject({ tag: tagOf(30), role: 'gridcell' })
      expect(await focusedRowVisible(page)).toBe(true)
      await press(page, 'Enter')
      const details = page.getByRole('complementary', { name: 'Image details' })
      await expect.poll(() => details.getByRole('heading', { level: 2 }).innerText()).toBe(`${REPO}:${tagOf(30)}`)

      // Delete from the keyboard: once the row is gone, the focus stays in the grid, on the row that took its place.
      await press(page, 'ArrowDown')
      await press(page, 'End')
      expect(await focused(page)).toMatchObject({ tag: tagOf(31), name: 'Delete' })
      await press(page, 'Enter')
      const confirm = page.getByRole('dialog', { name: `Delete ${REPO}:${tagOf(31)}` })
      const confirmDelete = confirm.getByRole('button', { name: 'Delete', exact: true })
      await confirmDelete.waitFor()
      await confirmDelete.focus()
      await press(page, 'Enter')
      await confirm.waitFor({ state: 'detached' })
      await expect.poll(() => row(page, 31).count(), { timeout: 10_000 }).toBe(0)
      await expect.poll(() => focused(page)).toMatchObject({ tag: tagOf(32), name: 'Delete' })
      // The row can go while its dialog is open (the image deleted elsewhere, or the engine's event arriving before
      // the dialog has closed): the focus still comes back into the grid, on the row that took its place.
      await press(page, 'Enter')
      const stale = page.getByRole('dialog', { name: `Delete ${REPO}:${tagOf(32)}` })
      await stale.waitFor()
      await docker.getImage(`${REPO}:${tagOf(32)}`).remove()
      await expect.poll(() => row(page, 32).count(), { timeout: 10_000 }).toBe(0)
      await press(page, 'Escape')
      await stale.waitFor({ state: 'detached' })
      await expect.poll(() => focused(page)).toMatchObject({ tag: tagOf(33), name: 'Delete' })
      await press(page, 'ArrowUp')

      // Run from the keyboard: End, Left to Run, Enter. Escape brings the focus back to that Run button.
      await press(page, 'End')
      await press(page, 'ArrowLeft', 3)
      expect(await focused(page)).toMatchObject({ tag: tagOf(30), name: 'Run' })
      await press(page, 'Enter')
      const runDialog = page.getByRole('dialog', { name: `Run ${REPO}:${tagOf(30)}` })
      const name = runDialog.getByRole('textbox', { name: 'Container name' })
      await expect.poll(() => name.evaluate((el) => el === document.activeElement)).toBe(true)
      await press(page, 'Escape')
      await runDialog.waitFor({ state: 'detached' })
      await expect.poll(() => focused(page)).toMatchObject({ tag: tagOf(30), name: 'Run' })
      await press(page, 'Enter')
      await expect.poll(() => name.evaluate((el) => el === document.activeElement)).toBe(true)
      await page.keyboard.type(`grid-${run}`)
      await press(page, 'Enter')
      await runDialog.waitFor({ state: 'detached', timeout: 30_000 })
      await page.getByRole('heading', { level: 1, name: 'Containers' }).waitFor()
      const made = await docker.listContainers({ all: true, filters: { name: [`grid-${run}`] } })
      expect(made).toHaveLength(1)
      // Podman lists the image as docker.io/…: the same reference in Docker's short form.
      expect(familiarName(made[0]!.Image)).toBe(`${REPO}:${tagOf(30)}`)
    } finally {
      await app.close()
    }
  }, 180_000)
})
