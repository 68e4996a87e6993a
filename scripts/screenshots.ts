// `npm run screenshots`: the README's pictures, made through the e2e harness against the test daemon.
// Each scene sets up what a person would have (a Dockerfile, images, a running container) and
// photographs one view in light mode, plus the Dockerfile view in dark mode.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Page } from 'playwright-core'
import { ensureBusyboxImage, BUSYBOX_IMAGE } from '../test/support/base-images'
import { getTestDaemon } from '../test/support/daemon'
import { launchApp, type LaunchedApp } from '../test/e2e/harness'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const out = path.join(root, 'docs', 'screenshots')
const demoTag = 'myname/myfirstapp:1.0'

const dockerfile = `# A small web server: the busybox test image serves a page on port 5000.
FROM ${BUSYBOX_IMAGE}
LABEL org.opencontainers.image.title="My first app"
WORKDIR /www
COPY index.html /www/index.html
RUN echo "built at $(date)" > /www/built.txt \\
    && ls -la /www
EXPOSE 5000
CMD ["httpd", "-f", "-v", "-p", "5000", "-h", "/www"]
`

async function shoot(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(600)
  await page.screenshot({ path: path.join(out, `${name}.png`) })
  console.log(`wrote docs/screenshots/${name}.png`)
}

async function open(app: LaunchedApp, view: string): Promise<void> {
  await app.page.getByRole('button', { name: view, exact: true }).click()
}

async function main(): Promise<void> {
  const daemon = await getTestDaemon()
  if ('skip' in daemon) throw new Error(`No Docker daemon for screenshots: ${daemon.skip}`)
  const docker = daemon.docker
  await ensureBusyboxImage(docker)
  await mkdir(out, { recursive: true })
  const work = await mkdtemp(path.join(os.tmpdir(), 'slipway-shots-'))
  await writeFile(path.join(work, 'Dockerfile'), dockerfile)
  await writeFile(path.join(work, 'index.html'), '<h1>Hello from Slipway</h1>\n')
  await writeFile(path.join(work, '.dockerignore'), '*.log\n')

  const app = await launchApp({ dockerHost: daemon.dockerHost, dialogs: { openFile: () => path.join(work, 'Dockerfile'), confirm: () => 0 } })
  const { page } = app
  try {
    await page.getByRole('status').getByText('Connected').waitFor({ timeout: 20_000 })

    // Dockerfile view: the blocks beside the text, with a block's help open.
    await page.getByRole('button', { name: 'Open…' }).click()
    await page.getByRole('list', { name: 'Instructions' }).getByRole('listitem').first().waitFor()
    await shoot(page, 'dockerfile')

    // Build it, and photograph the live step list when it is done.
    await page.getByRole('button', { name: 'Build', exact: true }).click()
    const dialog = page.getByRole('dialog', { name: 'Build an image' })
    await dialog.getByLabel('Image tag').fill(demoTag)
    await shoot(page, 'build-options')
    await dialog.getByRole('button', { name: 'Start build' }).click()
    const panel = page.getByRole('region', { name: 'Build progress' })
    await panel.getByRole('status', { name: 'Build status' }).getByText('Succeeded').waitFor({ timeout: 120_000 })
    await shoot(page, 'build')

    // The image is selected in Images, with Run ready.
    await panel.getByRole('button', { name: 'Show image' }).click()
    const row = page.getByRole('row').filter({ hasText: 'myname/myfirstapp' }).first()
    await row.waitFor({ timeout: 15_000 })

    // The run dialog, with the exposed port mapped.
    await row.getByRole('button', { name: 'Run' }).click()
    const run = page.getByRole('dialog').filter({ has: page.getByRole('button', { name: 'Run', exact: true }) })
    await run.getByLabel('Container name').fill('myfirstapp')
    await shoot(page, 'run')
    await run.getByRole('button', { name: 'Run', exact: true }).click()

    // Containers, with its port link and logs.
    await open(app, 'Containers')
    const container = page.getByRole('row').filter({ hasText: 'myfirstapp' }).first()
    const link = container.getByRole('link').first()
    await link.waitFor({ timeout: 20_000 })
    await container.getByRole('button', { name: 'Logs' }).click()
    // A few requests, so the log shows what the server did.
    const url = (await link.getAttribute('href'))!
    for (const file of ['', 'built.txt', 'missing.html']) await fetch(new URL(file, url)).catch(() => undefined)
    await page.getByRole('log').getByText('missing.html').first().waitFor({ timeout: 10_000 }).catch(() => undefined)
    await shoot(page, 'containers')

    // Images, with the image's details and its container in use.
    await open(app, 'Images')
    await row.getByRole('button', { name: 'Inspect' }).click()
    await shoot(page, 'images')

    await open(app, 'Builds')
    await page.getByRole('list', { name: 'Builds' }).getByRole('button').first().click()
    await shoot(page, 'builds')
  } finally {
    await app.close()
    const containers = await docker.listContainers({ all: true, filters: { name: ['myfirstapp'] } })
    for (const c of containers) await docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined)
    await docker.getImage(demoTag).remove().catch(() => undefined)
    await rm(work, { recursive: true, force: true })
  }

  const dark = await launchApp({ dockerHost: daemon.dockerHost, colorScheme: 'dark', dialogs: { openFile: () => path.join(work, 'Dockerfile') } })
  try {
    await mkdir(work, { recursive: true })
    await writeFile(path.join(work, 'Dockerfile'), dockerfile)
    await writeFile(path.join(work, 'index.html'), '<h1>Hello from Slipway</h1>\n')
    await dark.page.getByRole('button', { name: 'Open…' }).click()
    await dark.page.getByRole('list', { name: 'Instructions' }).getByRole('listitem').first().waitFor()
    await shoot(dark.page, 'dockerfile-dark')
  } finally {
    await dark.close()
    await rm(work, { recursive: true, force: true })
    await daemon.stop()
  }
}

await main()
