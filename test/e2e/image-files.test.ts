// Inside the tutorial's image, by clicking: Files in the image details reads the image's export, shows the
// layers with their instructions, and the COPY layer's tree has /usr/src/app/app.py marked added; opening it
// shows the tutorial's app.py.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEBIAN_IMAGE } from '../support/base-images'
import { requireDaemon } from '../support/daemon'
import { FLASK_APP_PY } from '../support/flask-app'
import { buildTestImage } from '../support/images'
import { launchApp } from './harness'

const daemon = requireDaemon()
const unique = `${process.pid}${Date.now().toString(36)}`
const IMAGE_REPO = `slipway-test/files-${unique}`
const IMAGE = `${IMAGE_REPO}:latest`

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
      await page.getByRole('button', { name: 'Images', exact: true }).click()
      const grid = page.getByRole('grid', { name: 'Images' })
      await grid.waitFor({ timeout: 15_000 })
      await page.getByRole('searchbox', { name: 'Search images' }).fill(IMAGE_REPO)
      await grid.getByRole('row').filter({ hasText: IMAGE_REPO }).getByRole('button', { name: 'Inspect' }).click()
      await page.getByRole('complementary', { name: 'Image details' }).getByRole('button', { name: 'Files', exact: true }).click()

      const dialog = page.getByRole('dialog', { name: `Files in ${IMAGE}` })
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
