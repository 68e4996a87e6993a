import { randomUUID } from 'node:crypto'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BUSYBOX_IMAGE } from '../support/base-images'
import { requireDaemon, TEST_LABEL } from '../support/daemon'
import { launchApp, type LaunchedApp } from './harness'
import { dockerCli } from '../support/docker-cli'

const daemon = requireDaemon()
const run = `e2e${randomUUID().slice(0, 8)}`
const repo = `slipway-test/images-${run}`
const RUN_LABEL = `com.slipway.test.images-run=${run}`

async function exists(image: string): Promise<boolean> {
  return daemon!.docker
    .getImage(image)
    .inspect()
    .then(
      () => true,
      () => false
    )
}

async function openImages(app: LaunchedApp): Promise<Page> {
  const { page } = app
  await page.getByRole('button', { name: 'Images', exact: true }).click()
  await page.getByRole('grid', { name: 'Images' }).waitFor({ timeout: 15_000 })
  return page
}

function rowWithTag(page: Page, tag: string) {
  return page.getByRole('grid', { name: 'Images' }).getByRole('row').filter({ has: page.getByRole('gridcell', { name: tag, exact: true }) })
}

async function tagsShown(page: Page): Promise<string[]> {
  const rows = page.getByRole('grid', { name: 'Images' }).getByRole('rowgroup').nth(1).getByRole('row')
  return rows.evaluateAll((els) => els.map((el) => el.querySelectorAll('[role="gridcell"]')[2]?.textContent ?? ''))
}

describe.skipIf(!daemon)('Images view in the browser', () => {
  beforeAll(async () => {
    for (const tag of ['alpha', 'beta', 'gamma']) await dockerCli(daemon!.dockerHost, ['tag', BUSYBOX_IMAGE, `${repo}:${tag}`])
    await dockerCli(daemon!.dockerHost, ['build', '-q', '-t', `${repo}-inuse:v1`, '-'], `FROM ${BUSYBOX_IMAGE}\nLABEL ${RUN_LABEL.replace('=', '="')}"\nEXPOSE 8080\nRUN echo inuse > /inuse\n`)
  }, 120_000)

  afterAll(async () => {
    const containers = await daemon!.docker.listContainers({ all: true, filters: { label: [RUN_LABEL] } })
    await Promise.all(containers.map((c) => daemon!.docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined)))
    // Untag only this file's tags of the shared busybox image; remove the images it built.
    for (const tag of ['alpha', 'beta', 'gamma', 'live']) await daemon!.docker.getImage(`${repo}:${tag}`).remove().catch(() => undefined)
    const built = await daemon!.docker.listImages({ filters: { label: [RUN_LABEL] } })
    for (const image of built) await daemon!.docker.getImage(image.Id).remove({ force: true }).catch(() => undefined)
  })

  it('searches, sorts by a column header, shows a CLI tag live, and inspects layers', async () => {
    const app = await launchApp({ dockerHost: daemon!.dockerHost })
    try {
      const page = await openImages(app)
      const grid = page.getByRole('grid', { name: 'Images' })
      for (const name of ['Repository', 'Tag', 'Image ID', 'Created', 'Size', 'Exposed ports', 'In use']) {
        await expect.poll(() => grid.getByRole('columnheader', { name }).count()).toBe(1)
      }
      await page.getByRole('searchbox', { name: 'Search images' }).fill(`images-${run}`)
      await expect.poll(() => grid.getAttribute('aria-rowcount')).toBe('5')
      await expect.poll(() => tagsShown(page)).toHaveLength(4)

      await grid.getByRole('button', { name: 'Tag', exact: true }).click()
      expect(await grid.getByRole('columnheader', { name: 'Tag' }).getAttribute('aria-sort')).toBe('ascending')
      expect(await tagsShown(page)).toEqual(['alpha', 'beta', 'gamma', 'v1'])
      await grid.getByRole('button', { name: 'Tag', exact: true }).click()
      expect(await grid.getByRole('columnheader', { name: 'Tag' }).getAttribute('aria-sort')).toBe('descending')
      expect(await tagsShown(page)).toEqual(['v1', 'gamma', 'beta', 'alpha'])

      // Search by label finds the built image only.
      await page.getByRole('searchbox', { name: 'Search images' }).fill(RUN_LABEL)
      await expect.poll(() => tagsShown(page)).toEqual(['v1'])
      await expect.poll(() => rowWithTag(page, 'v1').innerText()).toContain('8080/tcp')

      // A tag made in a terminal shows up without a refresh.
      await page.getByRole('searchbox', { name: 'Search images' }).fill(`images-${run}`)
      const started = Date.now()
      await dockerCli(daemon!.dockerHost, ['tag', BUSYBOX_IMAGE, `${repo}:live`])
      await rowWithTag(page, 'live').waitFor({ timeout: 5000 })
      console.info(`[images e2e] CLI docker tag → row visible in ${Date.now() - started} ms (including the CLI run)`)

      await rowWithTag(page, 'v1').getByRole('button', { name: 'Inspect' }).click()
      const details = page.getByRole('complementary', { name: 'Image details' })
      await expect.poll(() => details.innerText(), { timeout: 10_000 }).toContain('8080/tcp')
      await details.getByRole('tab', { name: 'Layers' }).click()
      const layers = details.getByRole('table', { name: 'Layers' })
      await expect.poll(() => layers.innerText()).toMatch(/EXPOSE\s+8080/)
      expect(await layers.innerText()).toMatch(/RUN\s+echo inuse > \/inuse/)
      await details.getByRole('tab', { name: 'Raw JSON' }).click()
      await expect.poll(() => details.innerText()).toContain('"ExposedPorts"')
      await details.getByRole('button', { name: 'Close details' }).click()
      expect(await details.count()).toBe(0)
    } finally {
      await app.close()
    }
  })

  it('deletes tags through the confirmation dialog, one and then several selected', async () => {
    const app = await launchApp({ dockerHost: daemon!.dockerHost })
    try {
      const page = await openImages(app)
      await page.getByRole('searchbox', { name: 'Search images' }).fill(`images-${run}`)
      await rowWithTag(page, 'beta').getByRole('button', { name: 'Delete' }).click()
      const dialog = page.getByRole('dialog', { name: `Delete ${repo}:beta` })
      await expect.poll(() => dialog.innerText()).toMatch(new RegExp(`Removes the tag ${repo}:beta only\\. The image \\w{12} stays, still tagged`))
      // Cancel leaves everything as it was.
      await dialog.getByRole('button', { name: 'Cancel' }).click()
      expect(await dialog.count()).toBe(0)
      expect(await exists(`${repo}:beta`)).toBe(true)

      await rowWithTag(page, 'beta').getByRole('button', { name: 'Delete' }).click()
      await dialog.getByRole('button', { name: 'Delete', exact: true }).click()
      await expect.poll(() => rowWithTag(page, 'beta').count(), { timeout: 5000 }).toBe(0)
      expect(await exists(`${repo}:beta`)).toBe(false)
      expect(await exists(BUSYBOX_IMAGE)).toBe(true)

      await page.getByRole('checkbox', { name: `Select ${repo}:alpha` }).check()
      await page.getByRole('checkbox', { name: `Select ${repo}:gamma` }).check()
      await page.getByRole('button', { name: 'Delete selected' }).click()
      const many = page.getByRole('dialog', { name: 'Delete 2 images' })
      await expect.poll(() => many.innerText()).toContain(`${repo}:alpha, ${repo}:gamma only`)
      await many.getByRole('button', { name: 'Delete', exact: true }).click()
      await expect.poll(() => rowWithTag(page, 'gamma').count(), { timeout: 5000 }).toBe(0)
      expect(await rowWithTag(page, 'alpha').count()).toBe(0)
      expect(await exists(`${repo}:alpha`)).toBe(false)
      expect(await exists(BUSYBOX_IMAGE)).toBe(true)
    } finally {
      await app.close()
    }
  })

  it('names the containers using an image and removes them with the image only when asked', async () => {
    const name = `slipway-test-e2e-${run}`
    const container = await daemon!.docker.createContainer({ Image: `${repo}-inuse:v1`, name, Cmd: ['sleep', '300'], Labels: { [TEST_LABEL]: '1' } })
    await container.start()
    const app = await launchApp({ dockerHost: daemon!.dockerHost })
    try {
      const page = await openImages(app)
      await page.getByRole('searchbox', { name: 'Search images' }).fill(`${repo}-inuse`)
      const row = rowWithTag(page, 'v1')
      await expect.poll(() => row.innerText(), { timeout: 10_000 }).toContain(name)
      await row.getByRole('button', { name: 'Delete' }).click()
      const dialog = page.getByRole('dialog', { name: `Delete ${repo}-inuse:v1` })
      await expect.poll(() => dialog.innerText()).toContain('A container uses this image')
      const text = await dialog.innerText()
      expect(text).toContain(name)
      expect(text).toContain('running')
      expect(await dialog.getByRole('button', { name: 'Delete', exact: true }).count()).toBe(0)

      // Cancel first: nothing goes.
      await dialog.getByRole('button', { name: 'Cancel' }).click()
      expect((await container.inspect()).State.Running).toBe(true)
      expect(await exists(`${repo}-inuse:v1`)).toBe(true)

      await row.getByRole('button', { name: 'Delete' }).click()
      await dialog.getByRole('button', { name: 'Remove these containers and the image' }).click()
      await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(0)
      expect(await exists(`${repo}-inuse:v1`)).toBe(false)
      expect(await daemon!.docker.listContainers({ all: true, filters: { name: [name] } })).toEqual([])
      await expect.poll(() => page.locator('.images-notice').innerText()).toContain(`removed container ${name}`)
    } finally {
      await app.close()
    }
  })
})
