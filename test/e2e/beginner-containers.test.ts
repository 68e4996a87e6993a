// Issue 18, the containers, run and images half: what a newcomer sees at 1024×700 and 1280×800 when they
// run the tutorial's app, stop it, read its log, rebuild it and look at the Images list.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import os from 'node:os'
import path from 'node:path'
import type { Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BUSYBOX_IMAGE, DEBIAN_IMAGE } from '../support/base-images'
import { requireDaemon } from '../support/daemon'
import { buildTestImage } from '../support/images'
import { openBuildDialog } from './build-dialog'
import { launchApp, type LaunchedApp } from './harness'

const daemon = requireDaemon()
const unique = `${process.pid % 10000}${Date.now().toString(36).slice(-4)}`
const REPO = `slipway-test/beginner-${unique}`
const APP = `${REPO}:latest`
const LABEL = 'com.slipway.test.beginner-e2e'
const SIZES = [
  { width: 1024, height: 700 },
  { width: 1280, height: 800 }
]
const SHOTS = process.env.SLIPWAY_SHOTS_DIR ?? path.join(os.tmpdir(), 'slipway-beginner-shots')
// Ports free for the run dialog to map (one per window size); another one held on the host to see the "in use" alert.
const FREE_PORT = 21000 + (process.pid % 9000)
const HELD_PORT = FREE_PORT + 2

// Shell-form CMD: `sh -c` is PID 1 and ignores SIGTERM, as a beginner's `CMD python app.py` would,
// so Stop waits the 10 s and Docker kills it. It logs as Flask does: the address inside, and stderr lines.
const appDockerfile = (build: string) =>
  [
    `FROM ${BUSYBOX_IMAGE}`,
    'EXPOSE 5000',
    `LABEL build=${build}`,
    `CMD echo " * Running on http://127.0.0.1:5000"; echo ' * Serving Flask app "app"' >&2; echo "GET / 200" >&2; sleep 1000`,
    ''
  ].join('\n')

const containersTable = (page: Page) => page.getByRole('table', { name: 'Containers' })
const rowOf = (page: Page, name: string) => containersTable(page).getByRole('row').filter({ has: page.getByRole('rowheader', { name, exact: true }) })
const exitNotices = (page: Page) => page.getByRole('alert').filter({ hasText: /exited/ })

async function show(page: Page, view: 'Containers' | 'Images'): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: view, exact: true }).click()
  await page.getByRole('heading', { level: 1, name: view }).waitFor({ timeout: 15_000 })
}

/** The element is drawn whole inside the window (not off to the right, not under the status bar). */
async function expectInViewport(page: Page, locator: Locator, what: string): Promise<void> {
  const box = await locator.boundingBox()
  const viewport = page.viewportSize()!
  expect(box, `${what} is drawn`).not.toBeNull()
  expect(box!.x, `${what} left edge`).toBeGreaterThanOrEqual(0)
  expect(box!.x + box!.width, `${what} right edge`).toBeLessThanOrEqual(viewport.width)
  expect(box!.y + box!.height, `${what} bottom edge`).toBeLessThanOrEqual(viewport.height)
}

/** The element shows all of its text: nothing cut off by overflow. */
async function expectNotClipped(locator: Locator, what: string): Promise<void> {
  const { scroll, client } = await locator.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }))
  expect(scroll, `${what}: ${scroll} px of text in ${client} px`).toBeLessThanOrEqual(client)
}

/** Closes the app, keeping a picture of how it was left (to see a failure as the person would). */
async function closeApp(app: LaunchedApp, name: string): Promise<void> {
  await app.page.screenshot({ path: path.join(SHOTS, `last-${name}.png`) }).catch(() => undefined)
  await app.close()
}

async function runFromImages(page: Page, image: string): Promise<Locator> {
  await show(page, 'Images')
  await page.getByRole('searchbox', { name: 'Search images' }).fill(image.split(':')[0]!)
  const grid = page.getByRole('grid', { name: 'Images' })
  const repository = image.split(':')[0]!
  await grid.getByRole('row').filter({ has: page.getByRole('gridcell', { name: repository, exact: true }) }).getByRole('button', { name: 'Run', exact: true }).click()
  const dialog = page.getByRole('dialog')
  await dialog.getByRole('textbox', { name: 'Host port' }).first().waitFor({ timeout: 15_000 })
  return dialog
}

describe.skipIf(!daemon)('A beginner runs, stops, rebuilds and finds their app', () => {
  const docker = daemon!.docker
  let held: Server
  let tempDir: string

  beforeAll(async () => {
    await mkdir(SHOTS, { recursive: true })
    tempDir = await mkdtemp(path.join(os.tmpdir(), 'slipway-beginner-'))
    await buildTestImage(docker, APP, { Dockerfile: appDockerfile('1') }, { [LABEL]: unique })
    held = createServer((_req, res) => res.end('held'))
    await new Promise<void>((resolve) => held.listen(HELD_PORT, '0.0.0.0', resolve))
  }, 120_000)

  afterAll(async () => {
    held?.close()
    const containers = await docker.listContainers({ all: true, filters: { label: [`${LABEL}=${unique}`] } })
    await Promise.all(containers.map((c) => docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined)))
    const images = await docker.listImages({ filters: { label: [`${LABEL}=${unique}`] } })
    for (const image of images) await docker.getImage(image.Id).remove({ force: true }).catch(() => undefined)
    await rm(tempDir, { recursive: true, force: true })
  })

  it('deleting an image with its running container raises no exit notice; a crash after it still does (18.2)', async () => {
    const app = await launchApp({ dockerHost: daemon!.dockerHost, dialogs: { confirm: () => 0 } })
    const tag = `${REPO}-deleted:v1`
    const doomed = `doomed-${unique}`
    const crashed = `crashed-after-delete-${unique}`
    try {
      const { page } = app
      await buildTestImage(docker, tag, { Dockerfile: appDockerfile('deleted') }, { [LABEL]: unique })
      await docker.createContainer({ Image: tag, name: doomed, Labels: { [LABEL]: unique } })
      await docker.createContainer({ Image: APP, name: crashed, Labels: { [LABEL]: unique } })
      await show(page, 'Containers')
      for (const name of [doomed, crashed]) {
        await rowOf(page, name).getByRole('button', { name: 'Start', exact: true }).click()
        await expect.poll(() => rowOf(page, name).innerText(), { timeout: 15_000 }).toContain('Running')
      }

      await show(page, 'Images')
      await page.getByRole('searchbox', { name: 'Search images' }).fill(`${REPO}-deleted`)
      const row = page.getByRole('grid', { name: 'Images' }).getByRole('row').filter({ hasText: `${REPO}-deleted` })
      await row.getByRole('button', { name: 'Delete', exact: true }).click()
      await page.getByRole('dialog').getByRole('button', { name: 'Remove these containers and the image' }).click()
      await expect.poll(() => row.count(), { timeout: 30_000 }).toBe(0)

      // The kill from outside comes after the delete's exit in the engine's order: its notice is the only one.
      await docker.getContainer(crashed).kill()
      await expect.poll(() => exitNotices(page).count(), { timeout: 20_000 }).toBe(1)
      expect(await exitNotices(page).innerText()).toContain(crashed)
    } finally {
      await closeApp(app, 'delete-image')
    }
  }, 120_000)

  for (const [index, size] of SIZES.entries()) {
    const at = `${size.width}x${size.height}`
    const freePort = FREE_PORT + index

    it(`ports: the Docker-syntax field edits the mapping, alerts follow the form, a refused check is said (18.7, ${at})`, async () => {
      const app = await launchApp({ dockerHost: daemon!.dockerHost, viewport: size })
      try {
        const { page } = app
        const dialog = await runFromImages(page, APP)
        const hostPort = dialog.getByRole('textbox', { name: 'Host port' })
        await hostPort.fill(String(HELD_PORT))
        await expect.poll(() => dialog.innerText(), { timeout: 15_000 }).toContain(`Host port ${HELD_PORT} is in use`)

        // The tutorial's 8888:5000, pasted: it replaces the prefilled mapping of container port 5000.
        await dialog.getByRole('textbox', { name: 'Ports in Docker syntax' }).fill(`${freePort}:5000`)
        await dialog.getByRole('button', { name: 'Apply', exact: true }).click()
        expect(await hostPort.count()).toBe(1)
        expect(await hostPort.inputValue()).toBe(String(freePort))
        // The alert was about the held port: it goes with it, at once.
        expect(await dialog.innerText()).not.toContain('is in use')
        await expect.poll(() => dialog.getByLabel('docker run command').innerText()).toBe(`docker run -d -p ${freePort}:5000 ${APP}`)
        await page.screenshot({ path: path.join(SHOTS, `run-ports-${at}.png`) })
        await dialog.getByRole('button', { name: 'Cancel' }).click()

        // More mappings than one check may try: the engine's refusal is said at the ports.
        const again = await runFromImages(page, APP)
        await again.getByRole('textbox', { name: 'Ports in Docker syntax' }).fill('30000-31100:30000-31100')
        await again.getByRole('button', { name: 'Apply', exact: true }).click()
        await expect.poll(() => again.getByRole('alert').allInnerTexts(), { timeout: 15_000 }).toContainEqual(expect.stringContaining('at most 1024 port mappings'))
        await again.getByRole('button', { name: 'Cancel' }).click()
      } finally {
        await closeApp(app, `ports-${at}`)
      }
    }, 90_000)

    it(`stops Slipway asked for are not alarms; a crash is, and leads to its row (18.2, ${at})`, async () => {
      const app = await launchApp({ dockerHost: daemon!.dockerHost, viewport: size, dialogs: { confirm: () => 0 } })
      const stopped = `stopped-${unique}-${size.width}`
      const crashed = `crashed-${unique}-${size.width}`
      try {
        const { page } = app
        for (const name of [stopped, crashed]) await docker.createContainer({ Image: APP, name, Labels: { [LABEL]: unique } })
        await show(page, 'Containers')
        // Started from Slipway: their exits are watched.
        for (const name of [stopped, crashed]) {
          await rowOf(page, name).getByRole('button', { name: 'Start', exact: true }).click()
          await expect.poll(() => rowOf(page, name).innerText(), { timeout: 15_000 }).toContain('Running')
        }

        // Stop: the app ignores SIGTERM, so it takes 10 s; the row says so while it waits.
        const row = rowOf(page, stopped)
        await row.getByRole('button', { name: 'Stop', exact: true }).click()
        await expect.poll(() => row.innerText()).toContain('Stopping…')
        expect(await row.innerText()).toContain('waits up to 10 s')
        await page.screenshot({ path: path.join(SHOTS, `stopping-${at}.png`) })
        await expect.poll(() => row.innerText(), { timeout: 30_000 }).toContain('the app ignored SIGTERM, so Docker killed it after 10 s; an exec-form CMD lets it stop at once')
        expect(await row.innerText()).toContain('Stopped')
        expect(await row.innerText()).not.toContain('Exited with code 137')
        expect(await row.locator('.state-failed').count()).toBe(0)
        await expectInViewport(page, row.locator('.state-note'), 'the note on the stop')
        await page.screenshot({ path: path.join(SHOTS, `stopped-${at}.png`) })

        // Remove, of a running container: "Removing…", then gone.
        await row.getByRole('button', { name: 'Start', exact: true }).click()
        await expect.poll(() => row.innerText(), { timeout: 15_000 }).toContain('Running')
        await row.getByRole('button', { name: 'Remove', exact: true }).click()
        await expect.poll(() => rowOf(page, stopped).count(), { timeout: 30_000 }).toBe(0)

        // An exit nobody asked for (killed from outside Slipway) raises a notice: the only one, as the
        // notices come in the engine's order, the stop and remove above would have raised theirs before it.
        await page.getByRole('checkbox', { name: 'Running only' }).check()
        await docker.getContainer((await docker.listContainers({ filters: { name: [crashed] } }))[0]!.Id).kill()
        await expect.poll(() => exitNotices(page).count(), { timeout: 20_000 }).toBe(1)
        expect(await exitNotices(page).innerText()).toContain(`${crashed} exited with code 137`)
        await page.screenshot({ path: path.join(SHOTS, `exit-notice-${at}.png`) })

        // "Show in Containers" leads to the row, though "Running only" hid it.
        await exitNotices(page).getByRole('button', { name: 'Show in Containers' }).click()
        await expect.poll(() => rowOf(page, crashed).count()).toBe(1)
        expect(await page.getByRole('checkbox', { name: 'Running only' }).isChecked()).toBe(false)
        await expectInViewport(page, rowOf(page, crashed).getByRole('rowheader'), 'the crashed container row')
        await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe(crashed)
      } finally {
        await closeApp(app, `stops-${at}`)
      }
    }, 120_000)

    it(`logs: stderr marked but not red; "Running on 127.0.0.1:5000" says the localhost link (18.3, ${at})`, async () => {
      const app = await launchApp({ dockerHost: daemon!.dockerHost, viewport: size })
      const name = `logs-${unique}-${size.width}`
      try {
        const { page } = app
        const dialog = await runFromImages(page, APP)
        await dialog.getByRole('textbox', { name: 'Container name' }).fill(name)
        await dialog.getByRole('textbox', { name: 'Host port' }).fill(String(freePort))
        await dialog.getByRole('button', { name: 'Run', exact: true }).click()
        await dialog.waitFor({ state: 'detached', timeout: 30_000 })
        const row = rowOf(page, name)
        await expect.poll(() => row.innerText(), { timeout: 15_000 }).toContain('Running')
        await row.getByRole('button', { name: 'Logs' }).click()

        const log = page.getByRole('log', { name: `Log lines of ${name}` })
        await expect.poll(() => log.innerText(), { timeout: 15_000 }).toContain('GET / 200')
        const stderr = log.locator('.log-line.stderr').filter({ hasText: 'GET / 200' })
        const stdout = log.locator('.log-line:not(.stderr)').filter({ hasText: 'Running on' })
        // Told apart by a marker, in the text colour of any other line.
        expect(await stderr.innerText()).toContain('stderr')
        const colour = (l: Locator) => l.locator('.log-text').evaluate((el) => getComputedStyle(el).color)
        expect(await colour(stderr)).toBe(await colour(stdout))
        const danger = await page.evaluate(() => {
          const probe = document.createElement('span')
          probe.style.color = 'var(--danger)'
          document.body.append(probe)
          const value = getComputedStyle(probe).color
          probe.remove()
          return value
        })
        expect(await colour(stderr)).not.toBe(danger)

        // From this machine the app is at localhost:<the published port>, a link that opens the browser.
        const link = stdout.getByRole('link', { name: `localhost:${freePort}` })
        expect(await stdout.innerText()).toContain('from this machine')
        await link.click()
        await expect.poll(() => app.openedUrls).toEqual([`http://localhost:${freePort}`])
        // The list beside the log still fits: no column pushed out of view.
        await expectNotClipped(page.locator('.containers-table-wrap'), 'the containers table')
        await page.screenshot({ path: path.join(SHOTS, `logs-${at}.png`) })
        await page.getByRole('button', { name: 'Close logs' }).click()
        await row.getByRole('button', { name: 'Remove', exact: true }).click()
        await expect.poll(() => rowOf(page, name).count(), { timeout: 30_000 }).toBe(0)
      } finally {
        await docker.getContainer(name).remove({ force: true }).catch(() => undefined)
        await closeApp(app, `logs-${at}`)
      }
    }, 120_000)

    it(`a container on an older build is marked "outdated: Recreate", with short IDs; recreating raises no notice (18.4, ${at})`, async () => {
      const app = await launchApp({ dockerHost: daemon!.dockerHost, viewport: size, dialogs: { confirm: () => 0 } })
      const tag = `${REPO}-old${size.width}:latest`
      const name = `outdated-${unique}-${size.width}`
      try {
        const { page } = app
        await buildTestImage(docker, tag, { Dockerfile: appDockerfile('old') }, { [LABEL]: unique })
        const container = await docker.createContainer({ Image: tag, name, Labels: { [LABEL]: unique } })
        const oldImage = (await container.inspect()).Image
        await show(page, 'Containers')
        const row = rowOf(page, name)
        await row.getByRole('button', { name: 'Start', exact: true }).click()
        await expect.poll(() => row.innerText(), { timeout: 15_000 }).toContain('Running')
        expect(await row.getByRole('button', { name: /^Outdated/ }).count()).toBe(0)

        // Rebuilt while it runs: the tag moves on, the container keeps the old build.
        await buildTestImage(docker, tag, { Dockerfile: appDockerfile('new') }, { [LABEL]: unique })
        const badge = row.getByRole('button', { name: new RegExp(`^Outdated: recreate ${name}`) })
        await expect.poll(() => badge.count(), { timeout: 20_000 }).toBe(1)
        expect(await badge.innerText()).toBe('outdated: Recreate')
        const text = await row.innerText()
        expect(text).toContain(`older build ${oldImage.slice(7, 19)}`)
        expect(text).not.toContain('sha256:')
        await expectInViewport(page, badge, 'the outdated badge')
        // The image name wraps only between its parts, never inside a word.
        const imageCell = row.locator('.container-image code').first()
        const lines = await imageCell.locator('.reference-part').evaluateAll((parts) => parts.map((part) => part.getClientRects().length))
        expect(lines.every((n) => n === 1), `each part of the name on one line: ${JSON.stringify(lines)}`).toBe(true)
        expect(lines.length).toBeGreaterThan(0)
        await page.screenshot({ path: path.join(SHOTS, `outdated-${at}.png`) })

        await badge.click()
        const dialog = page.getByRole('dialog')
        // Titled by the tag, as its command is, not by the old build's ID.
        await expect.poll(() => dialog.getByRole('heading').first().innerText(), { timeout: 15_000 }).toBe(`Recreate with changes ${tag}`)
        await dialog.getByRole('textbox', { name: 'Container name' }).waitFor({ timeout: 15_000 })
        await dialog.getByRole('button', { name: 'Run', exact: true }).click()
        await dialog.waitFor({ state: 'detached', timeout: 40_000 })
        await expect.poll(() => rowOf(page, name).innerText(), { timeout: 20_000 }).toContain('Running')
        await expect.poll(() => rowOf(page, name).getByRole('button', { name: /^Outdated/ }).count(), { timeout: 20_000 }).toBe(0)

        // The old container (parked as "<name>-replaced-…") was stopped and removed by Slipway: no notice.
        // A kill from outside does raise one, the only one.
        const current = (await docker.listContainers({ filters: { name: [`^/${name}$`] } }))[0]!
        await docker.getContainer(current.Id).kill()
        await expect.poll(() => exitNotices(page).count(), { timeout: 20_000 }).toBe(1)
        expect(await exitNotices(page).innerText()).not.toContain('replaced')
      } finally {
        await closeApp(app, `outdated-${at}`)
      }
    }, 150_000)

    it(`the Images list shows what the tutorial points at (18.10, ${at})`, async () => {
      const dir = await mkdtemp(path.join(tempDir, 'project-'))
      await writeFile(path.join(dir, 'Dockerfile'), appDockerfile(`shown${size.width}`))
      const built = `${REPO}-shown${size.width}:latest`
      const app = await launchApp({ dockerHost: daemon!.dockerHost, viewport: size, dialogs: { openFile: () => path.join(dir, 'Dockerfile') } })
      // A name like the tutorial's "myfirstapp", for the In use pill.
      const user = `app${unique.slice(-4)}${index}`
      let inUse: { remove(options: object): Promise<unknown> } | null = null
      try {
        const { page } = app
        // Build from the editor, then "Show image": the new row is in view and marked, not selected.
        const buildDialog = await openBuildDialog(page)
        await buildDialog.getByLabel('Image tag').fill(built)
        await buildDialog.getByRole('button', { name: 'Start build' }).click()
        await page.getByRole('button', { name: 'Show image' }).first().waitFor({ timeout: 90_000 })
        inUse = await docker.createContainer({ Image: built, name: user, Labels: { [LABEL]: unique } })
        await page.getByRole('button', { name: 'Show image' }).first().click()
        await page.getByRole('heading', { level: 1, name: 'Images' }).waitFor()
        const grid = page.getByRole('grid', { name: 'Images' })
        const builtRow = grid.getByRole('row').filter({ hasText: `${REPO}-shown${size.width}` })
        await expect.poll(() => builtRow.getAttribute('class'), { timeout: 15_000 }).toContain('revealed')
        expect(await builtRow.getAttribute('aria-selected')).toBe('false')
        expect(await builtRow.getByRole('checkbox').isChecked()).toBe(false)
        expect(await page.getByRole('button', { name: 'Delete selected' }).isDisabled()).toBe(true)

        // The new build: every action button in view, every header whole, the In use pill whole.
        await page.getByRole('searchbox', { name: 'Search images' }).fill(`${REPO}-shown${size.width}`)
        for (const name of ['Run', 'Inspect', 'Add tag', 'Delete']) {
          await expectInViewport(page, builtRow.getByRole('button', { name, exact: true }), `${name} button`)
        }
        const header = grid.getByRole('columnheader', { name: 'Exposed ports' }).getByRole('button')
        await expectNotClipped(header, 'the Exposed ports header')
        // At 1024 px the Size column gives way (the details say it); every other header stays whole.
        for (const column of ['Repository', 'Tag', 'Image ID', 'Created', ...(size.width >= 1280 ? ['Size'] : []), 'In use']) {
          await expectNotClipped(grid.getByRole('columnheader', { name: column }).getByRole('button'), `the ${column} header`)
        }
        const chip = builtRow.locator('.images-chip-name').filter({ hasText: user })
        await expect.poll(() => chip.count(), { timeout: 15_000 }).toBe(1)
        await expectNotClipped(chip, 'the In use pill')
        for (const [index, what] of [[2, 'tag'], [4, 'created'], [6, 'exposed ports']] as const) {
          await expectNotClipped(builtRow.getByRole('gridcell').nth(index), `the ${what}`)
        }

        // The tutorial's base image: its tag whole.
        await page.getByRole('searchbox', { name: 'Search images' }).fill(DEBIAN_IMAGE)
        const debianRow = grid.getByRole('row').filter({ has: page.getByRole('gridcell', { name: 'bookworm', exact: true }) }).first()
        await debianRow.waitFor({ timeout: 15_000 })
        await expectNotClipped(debianRow.getByRole('gridcell', { name: 'bookworm', exact: true }), 'the bookworm tag')
        await expectInViewport(page, debianRow.getByRole('button', { name: 'Delete', exact: true }), 'the Delete button')
        await page.screenshot({ path: path.join(SHOTS, `images-${at}.png`) })

        // The details do not cover the Exposed ports and Actions columns.
        await debianRow.getByRole('button', { name: 'Inspect', exact: true }).click()
        const details = page.locator('.images-details')
        await details.waitFor()
        const drawer = (await details.boundingBox())!
        for (const target of [header, debianRow.getByRole('button', { name: 'Delete', exact: true })]) {
          const box = (await target.boundingBox())!
          const overlaps = box.x < drawer.x + drawer.width && drawer.x < box.x + box.width && box.y < drawer.y + drawer.height && drawer.y < box.y + box.height
          expect(overlaps).toBe(false)
        }
        await page.screenshot({ path: path.join(SHOTS, `images-details-${at}.png`) })

        // The status bar shows the engine's address whole, or elided in the middle with the whole in its title.
        const address = page.locator('.engine-address')
        const full = await address.getAttribute('title')
        expect(await address.textContent()).toBe(full)
        await expectInViewport(page, address.locator('.engine-address-tail'), 'the end of the engine address')
      } finally {
        await inUse?.remove({ force: true }).catch(() => undefined)
        await docker.getImage(built).remove({ force: true }).catch(() => undefined)
        await closeApp(app, `images-${at}`)
      }
    }, 150_000)
  }
})
