// Main's own confirmations seen from the page: what a person meets when main asks (a restored draft's
// file, a delete), and that a refusal there changes nothing while the page says what happened.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BUSYBOX_IMAGE } from '../support/base-images'
import { requireDaemon } from '../support/daemon'
import { launchApp, type LaunchedApp } from './harness'

const daemon = requireDaemon()
const unique = `${process.pid}-${Date.now().toString(36)}`
const REPO = `slipway-test/e2e-host-access-${unique}`

let dir: string

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'slipway-e2e-host-access-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

function instructions(page: Page) {
  return page.getByRole('list', { name: 'Instructions' })
}

/** A first session opens `file`, changes it without saving and goes away; returns the data folder holding its draft. */
async function leaveDraftOf(file: string): Promise<string> {
  const userDataDir = await mkdtemp(path.join(dir, 'data-'))
  const first = await launchApp({ userDataDir, dialogs: { openFile: () => file } })
  try {
    await instructions(first.page).waitFor()
    await first.page.getByRole('button', { name: 'Open…' }).click()
    const from = instructions(first.page).getByRole('listitem', { name: /^FROM/ })
    await from.getByLabel('Tag', { exact: true }).fill('trixie')
    await first.page.getByText(/Draft kept/).waitFor({ timeout: 10_000 })
  } finally {
    await first.close()
  }
  return userDataDir
}

async function restoreDraft(app: LaunchedApp): Promise<void> {
  const offer = app.page.getByRole('region', { name: 'Unsaved draft' })
  await offer.getByRole('button', { name: 'Restore draft' }).click()
  await instructions(app.page).getByRole('listitem', { name: 'FROM debian:trixie' }).waitFor()
}

describe('a restored draft of a file', () => {
  it('saves after main asks "Save to <file>?", and then lists its folder', async () => {
    const project = await mkdtemp(path.join(dir, 'project-'))
    const file = path.join(project, 'Dockerfile')
    await writeFile(file, 'FROM debian:bookworm\n')
    const userDataDir = await leaveDraftOf(file)
    const app = await launchApp({ userDataDir })
    try {
      await restoreDraft(app)
      const context = app.page.getByRole('region', { name: 'Build context' })
      // Nothing was picked in this session yet: the folder is not listed.
      await expect.poll(() => context.innerText()).toContain('Slipway lists a folder\'s files only once you picked it')
      await app.page.getByRole('button', { name: 'Save', exact: true }).click()
      await expect.poll(() => readFile(file, 'utf8')).toBe('FROM debian:trixie\n')
      expect(app.confirms.map((c) => c.message)).toEqual([`Save to ${file}?`])
      await expect.poll(() => context.innerText()).toMatch(/in 1 file to send/)
      expect(await app.page.getByText('Unsaved changes').count()).toBe(0)
    } finally {
      await app.close()
    }
  })

  it('is not written when the person cancels main\'s question, and the work stays', async () => {
    const project = await mkdtemp(path.join(dir, 'project-'))
    const file = path.join(project, 'Dockerfile')
    await writeFile(file, 'FROM debian:bookworm\n')
    const userDataDir = await leaveDraftOf(file)
    const app = await launchApp({ userDataDir, boundaryConfirms: 'cancel' })
    try {
      await restoreDraft(app)
      await app.page.getByRole('button', { name: 'Save', exact: true }).click()
      await expect.poll(() => app.confirms.length).toBe(1)
      expect(app.confirms[0]!.message).toBe(`Save to ${file}?`)
      expect(await readFile(file, 'utf8')).toBe('FROM debian:bookworm\n')
      expect(await app.page.getByText('Unsaved changes').count()).toBe(1)
      expect(await instructions(app.page).getByRole('listitem', { name: 'FROM debian:trixie' }).count()).toBe(1)
    } finally {
      await app.close()
    }
  })
})

describe.skipIf(!daemon)('deleting an image', () => {
  beforeAll(async () => {
    await daemon!.docker.getImage(BUSYBOX_IMAGE).tag({ repo: REPO, tag: 'refuse' })
  })
  afterAll(async () => {
    await daemon!.docker.getImage(`${REPO}:refuse`).remove().catch(() => undefined)
  })

  it('deletes nothing when the person refuses main\'s confirmation, and the dialog says so', async () => {
    const app = await launchApp({ dockerHost: daemon!.dockerHost, boundaryConfirms: 'cancel' })
    try {
      const { page } = app
      await page.getByRole('button', { name: 'Images', exact: true }).click()
      const grid = page.getByRole('grid', { name: 'Images' })
      await grid.waitFor({ timeout: 15_000 })
      await page.getByRole('searchbox', { name: 'Search images' }).fill(REPO)
      const row = grid.getByRole('row').filter({ has: page.getByRole('gridcell', { name: 'refuse', exact: true }) })
      await row.getByRole('button', { name: 'Delete' }).click()
      const dialog = page.getByRole('dialog', { name: `Delete ${REPO}:refuse` })
      await dialog.getByRole('button', { name: 'Delete', exact: true }).click()
      await expect.poll(() => dialog.innerText()).toContain('Nothing was deleted: the delete was not confirmed.')
      expect(app.confirms).toHaveLength(1)
      expect(app.confirms[0]).toMatchObject({ message: `Remove the tag ${REPO}:refuse?`, boundary: true })
      expect(app.confirms[0]!.detail).toContain(`the tag ${REPO}:refuse`)
      expect(await daemon!.docker.getImage(`${REPO}:refuse`).inspect().then(() => true, () => false)).toBe(true)
    } finally {
      await app.close()
    }
  })
})
