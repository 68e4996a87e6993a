// Inside the tutorial's image, by clicking: Files in the image details reads the image's export, shows the
// layers with their instructions, and the COPY layer's tree has /usr/src/app/app.py marked added; opening it
// shows the tutorial's app.py. An image built in Slipway from the open Dockerfile links each layer to its block.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import type { Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BUSYBOX_IMAGE, DEBIAN_IMAGE } from '../support/base-images'
import { requireDaemon } from '../support/daemon'
import { FLASK_APP_PY } from '../support/flask-app'
import { buildTestImage } from '../support/images'
import { openBuildDialog } from './build-dialog'
import { launchApp } from './harness'

const daemon = requireDaemon()
const unique = `${process.pid}${Date.now().toString(36)}`
const IMAGE_REPO = `slipway-test/files-${unique}`
const IMAGE = `${IMAGE_REPO}:latest`

/** Images → the image's details → Files: the dialog. */
async function openFiles(page: Page, repository: string, image: string): Promise<Locator> {
  await page.getByRole('button', { name: 'Images', exact: true }).click()
  const grid = page.getByRole('grid', { name: 'Images' })
  await grid.waitFor({ timeout: 15_000 })
  await page.getByRole('searchbox', { name: 'Search images' }).fill(repository)
  await grid.getByRole('row').filter({ hasText: repository }).getByRole('button', { name: 'Inspect' }).click()
  await page.getByRole('complementary', { name: 'Image details' }).getByRole('button', { name: 'Files', exact: true }).click()
  return page.getByRole('dialog', { name: `Files in ${image}` })
}

describe.skipIf(!daemon)('Files: inside the tutorial image', () => {
  const docker = daemon!.docker

  beforeAll(async () => {
    // The tutorial's Flask image (the same RUN as test/e2e/tutorial.test.ts, so the engine's cache serves it).
    await buildTestImage(docker, IMAGE, {
      Dockerfile: `FROM ${DEBIAN_IMAGE}
RUN apt-get update && apt-get install -y --no-install-recommends python3-flask && rm -rf /var/lib/apt/lists/*
COPY app.py /usr/src/app/
EXPOSE 5000
CMD ["python3", "/usr/src/app/app.py"]
`,
      'app.py': FLASK_APP_PY
    })
  }, 600_000)

  afterAll(async () => {
    await docker.getImage(IMAGE).remove({ force: true }).catch(() => undefined)
  })

  it('opens Files and finds /usr/src/app/app.py added by the COPY layer', async () => {
    const app = await launchApp({ dockerHost: daemon!.dockerHost })
    try {
      const { page } = app
      const dialog = await openFiles(page, IMAGE_REPO, IMAGE)
      // The export's size is said before anything is read.
      const size = (await docker.getImage(IMAGE).inspect()).Size
      await expect.poll(() => dialog.innerText(), { timeout: 15_000 }).toMatch(/streams the image's export from the engine: about \d+(\.\d)? MB/)
      expect(size).toBeGreaterThan(1_000_000)
      await dialog.getByRole('button', { name: 'Read files' }).click()

      const layers = dialog.getByRole('list', { name: 'Layers' })
      await layers.waitFor({ timeout: 120_000 })
      const copy = layers.getByRole('button').filter({ hasText: 'COPY' })
      // The classic builder records the COPY as `COPY file:<digest> in /usr/src/app/`.
      expect(await copy.innerText()).toMatch(/^3\. COPY\n[\s\S]* in \/usr\/src\/app\/\n\+2 ~0 −0$/)
      await copy.click()

      await dialog.getByRole('searchbox', { name: 'Filter files by name' }).fill('app.py')
      const tree = dialog.getByRole('tree', { name: 'Files' })
      const file = tree.getByRole('treeitem', { name: 'app.py, added' })
      await file.waitFor({ timeout: 15_000 })
      // Its folders, opened by the filter: /usr and /usr/src were there before, /usr/src/app is new.
      expect(await tree.getByRole('treeitem').evaluateAll((items) => items.map((i) => [i.getAttribute('aria-level'), i.getAttribute('aria-label')]))).toEqual([
        ['1', 'usr'],
        ['2', 'src'],
        ['3', 'app, added'],
        ['4', 'app.py, added']
      ])

      await file.click()
      const selected = dialog.getByRole('region', { name: 'Selected file' })
      await selected.getByRole('button', { name: 'Open' }).click()
      // Opening streams the export again up to that layer: on a busy engine that takes a while.
      const content = selected.getByLabel('Content of /usr/src/app/app.py')
      await content.waitFor({ timeout: 150_000 }).catch(async (error: unknown) => {
        throw new Error(`${String(error)}\nThe dialog said: ${await dialog.innerText()}`)
      })
      expect(await content.textContent()).toBe(FLASK_APP_PY)
    } finally {
      await app.close()
    }
  })
})

describe.skipIf(!daemon)('Files: an image built in Slipway from the open Dockerfile', () => {
  const docker = daemon!.docker
  const repository = `slipway-test/files-built-${unique}`
  const tag = `${repository}:1`
  let dir = ''

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'slipway-e2e-files-'))
    await writeFile(path.join(dir, 'Dockerfile'), [`FROM ${BUSYBOX_IMAGE}`, 'COPY hello.txt /hello.txt', 'ENV GREETING=hello', `RUN echo ${unique} > /marker.txt`, 'CMD ["cat", "/hello.txt"]', ''].join('\n'))
    await writeFile(path.join(dir, 'hello.txt'), 'hello\n')
  })

  afterAll(async () => {
    await docker.getImage(tag).remove({ force: true }).catch(() => undefined)
    await rm(dir, { recursive: true, force: true })
  })

  it("links each layer to the Dockerfile block that made it, and shows that block in the editor", async () => {
    const app = await launchApp({ dockerHost: daemon!.dockerHost, dialogs: { openFile: () => path.join(dir, 'Dockerfile') } })
    try {
      const { page } = app
      const build = await openBuildDialog(page)
      await build.getByLabel('Image tag').fill(tag)
      await build.getByRole('button', { name: 'Start build' }).click()
      const status = page.getByRole('region', { name: 'Build progress' }).getByRole('status', { name: 'Build status' })
      await expect.poll(() => status.innerText(), { timeout: 120_000 }).toBe('Succeeded')

      const dialog = await openFiles(page, repository, tag)
      await dialog.getByRole('button', { name: 'Read files' }).click()
      const layers = dialog.getByRole('list', { name: 'Layers' }).getByRole('button')
      await expect.poll(() => layers.count(), { timeout: 60_000 }).toBe(3)
      const link = dialog.getByRole('button', { name: /^Show in the Dockerfile/ })
      // The base image's layer was not made by this Dockerfile: no link.
      await layers.nth(0).click()
      await expect.poll(() => dialog.getByText(/^Layer 1:/).count()).toBe(1)
      expect(await link.count()).toBe(0)
      // The RUN is on line 4 (the ENV between made no layer).
      await layers.nth(2).click()
      await expect.poll(() => link.innerText()).toBe('Show in the Dockerfile (line 4)')
      await layers.nth(1).click()
      await expect.poll(() => link.innerText()).toBe('Show in the Dockerfile (line 2)')
      await link.click()

      // The Files dialog closes and the editor selects the COPY block, its text view's cursor on line 2.
      await expect.poll(() => dialog.count()).toBe(0)
      await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toBe('Dockerfile')
      const selectedBlock = page.getByRole('list', { name: 'Instructions' }).locator('[role="listitem"][aria-current="true"]')
      await expect.poll(() => selectedBlock.getAttribute('aria-label')).toMatch(/^COPY\b/)
      const textView = page.getByRole('textbox', { name: 'Dockerfile text' })
      await expect
        .poll(async () => ({ number: await page.locator('.cm-editor .cm-lineNumbers .cm-activeLineGutter').innerText(), text: await textView.locator('.cm-activeLine').innerText() }))
        .toEqual({ number: '2', text: 'COPY hello.txt /hello.txt' })
    } finally {
      await app.close()
    }
  })
})
