// The Docker tutorial's end, by clicking: run the Flask image with `-p 8888:5000 --name myfirstapp`,
// open http://localhost:8888, read the logs, stop and remove the container, delete the image.
import type Dockerode from 'dockerode'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEBIAN_IMAGE } from '../support/base-images'
import { requireDaemon } from '../support/daemon'
import { launchApp } from './harness'
import { buildTestImage, fetchText } from '../support/images'
import { FLASK_APP_PY, FLASK_GREETING } from '../support/flask-app'

const daemon = requireDaemon()
const unique = `${process.pid}${Date.now().toString(36)}`
const IMAGE_REPO = `slipway-test/myfirstapp-${unique}`
const IMAGE = `${IMAGE_REPO}:latest`
const CONTAINER = `myfirstapp-${unique}`

function buildFlaskImage(docker: Dockerode): Promise<void> {
  return buildTestImage(docker, IMAGE, {
    Dockerfile: `FROM ${DEBIAN_IMAGE}
RUN apt-get update && apt-get install -y --no-install-recommends python3-flask && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY app.py .
EXPOSE 5000
CMD ["python3", "app.py"]
`,
    'app.py': FLASK_APP_PY
  })
}


describe.skipIf(!daemon)('the tutorial, by clicking', () => {
  const docker = daemon!.docker

  beforeAll(async () => {
    await buildFlaskImage(docker)
  }, 600_000)

  afterAll(async () => {
    const left = await docker.listContainers({ all: true, filters: { name: [CONTAINER] } })
    await Promise.all(left.map((c) => docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined)))
    await docker.getImage(IMAGE).remove({ force: true }).catch(() => undefined)
  })

  it('runs the Flask image on port 8888 (or the suggested free one), opens it, reads its logs, stops and removes it, deletes the image', async () => {
    const app = await launchApp({ dockerHost: daemon!.dockerHost, dialogs: { confirm: () => 0 } })
    try {
      const { page } = app
      // Images view → the image's row → Run.
      await page.getByRole('button', { name: 'Images', exact: true }).click()
      const grid = page.getByRole('grid', { name: 'Images' })
      await grid.waitFor({ timeout: 15_000 })
      await page.getByRole('searchbox', { name: 'Search images' }).fill(IMAGE_REPO)
      const imageRow = grid.getByRole('row').filter({ hasText: IMAGE_REPO })
      await imageRow.getByRole('button', { name: 'Run', exact: true }).click()

      const dialog = page.getByRole('dialog')
      const hostPort = dialog.getByRole('textbox', { name: 'Host port' })
      await hostPort.waitFor({ timeout: 15_000 })
      expect(await dialog.getByRole('listitem').filter({ hasText: 'container port' }).innerText()).toContain('5000/tcp')
      await dialog.getByRole('textbox', { name: 'Container name' }).fill(CONTAINER)
      await hostPort.fill('8888')
      // If 8888 is taken on this machine, take the port the dialog suggests.
      await new Promise((r) => setTimeout(r, 1500))
      const suggestion = dialog.getByRole('button', { name: /^Use port \d+$/ })
      if (await suggestion.count()) await suggestion.click()
      const port = Number(await hostPort.inputValue())
      await expect.poll(() => dialog.getByLabel('docker run command').innerText()).toBe(`docker run -d --name ${CONTAINER} -p ${port}:5000 ${IMAGE}`)
      await dialog.getByRole('button', { name: 'Run', exact: true }).click()
      await dialog.waitFor({ state: 'detached', timeout: 60_000 })

      // Containers view: running, with a link to the published port.
      const table = page.getByRole('table', { name: 'Containers' })
      const row = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: CONTAINER, exact: true }) })
      await expect.poll(() => row.innerText(), { timeout: 20_000 }).toContain('Running')
      const link = row.getByRole('link', { name: `localhost:${port}` })
      const url = await link.getAttribute('href')
      expect(url).toBe(`http://localhost:${port}`)
      expect(await fetchText(url!)).toBe(FLASK_GREETING)
      await link.click()
      await expect.poll(() => app.openedUrls).toEqual([url])

      // Flask's own startup lines in the log (Werkzeug 2.2 in bookworm names each address it serves on).
      await row.getByRole('button', { name: 'Logs', exact: true }).click()
      const log = page.getByRole('log', { name: `Log lines of ${CONTAINER}` })
      await expect.poll(() => log.innerText(), { timeout: 20_000 }).toMatch(/Running on (http:\/\/0\.0\.0\.0:5000\/|all addresses \(0\.0\.0\.0\))/)
      expect(await log.innerText()).toContain('Running on http://127.0.0.1:5000')
      await expect.poll(() => log.innerText()).toContain('"GET / HTTP/1.1" 200')

      await row.getByRole('button', { name: 'Stop', exact: true }).click()
      // A stop Slipway asked for reads "Stopped", not as a crash's exit code (issue 18.2).
      await expect.poll(() => row.innerText(), { timeout: 30_000 }).toContain('Stopped')
      await row.getByRole('button', { name: 'Remove', exact: true }).click()
      await expect.poll(() => row.count(), { timeout: 20_000 }).toBe(0)
      expect(await docker.listContainers({ all: true, filters: { name: [CONTAINER] } })).toEqual([])

      // Back in Images: delete the image.
      await page.getByRole('button', { name: 'Images', exact: true }).click()
      await page.getByRole('searchbox', { name: 'Search images' }).fill(IMAGE_REPO)
      await imageRow.getByRole('button', { name: 'Delete', exact: true }).click()
      const confirm = page.getByRole('dialog', { name: `Delete ${IMAGE}` })
      await confirm.getByRole('button', { name: 'Delete', exact: true }).click()
      await expect.poll(() => imageRow.count(), { timeout: 20_000 }).toBe(0)
      await expect(docker.getImage(IMAGE).inspect()).rejects.toMatchObject({ statusCode: 404 })
    } finally {
      await app.close()
    }
  })
})
