import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import os from 'node:os'
import path from 'node:path'
import type Dockerode from 'dockerode'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BUSYBOX_IMAGE } from '../support/base-images'
import { requireDaemon, TEST_LABEL } from '../support/daemon'
import { onPodman } from '../support/engines/under-test'
import { launchApp } from './harness'
import { buildTestImage, fetchText } from '../support/images'

const daemon = requireDaemon()
const unique = `${process.pid}${Date.now().toString(36)}`
const WEB_IMAGE = `slipway-test/containers-e2e-web:${unique}`
const RUN_LABEL = 'com.slipway.test.containers-e2e'
// An odd port for EXPOSE, so the test can hold it on the host and see the dialog suggest another.
const EXPOSED = 20000 + (process.pid % 20000)

function buildImage(docker: Dockerode, tag: string, dockerfile: string): Promise<void> {
  return buildTestImage(docker, tag, { Dockerfile: dockerfile }, { [RUN_LABEL]: unique })
}


const containersTable = (page: Page) => page.getByRole('table', { name: 'Containers' })
const rowOf = (page: Page, name: string) => containersTable(page).getByRole('row').filter({ has: page.getByRole('rowheader', { name, exact: true }) })

async function showContainers(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Containers', exact: true }).click()
  await containersTable(page).waitFor({ timeout: 15_000 })
}

describe.skipIf(!daemon)('Containers view and run dialog in the browser', () => {
  const docker = daemon!.docker
  let tempDir: string

  beforeAll(async () => {
    tempDir = await mkdtemp(path.join(os.tmpdir(), 'slipway-containers-e2e-'))
    await buildImage(
      docker,
      WEB_IMAGE,
      `FROM ${BUSYBOX_IMAGE}\nRUN mkdir -p /www && echo 'Hello from the e2e image' > /www/index.html\nEXPOSE ${EXPOSED}\nCMD ["sh", "-c", "echo serving on ${EXPOSED}; echo a warning >&2; exec httpd -f -p ${EXPOSED} -h /www"]\n`
    )
  }, 120_000)

  afterAll(async () => {
    const containers = await docker.listContainers({ all: true, filters: { label: [`${RUN_LABEL}=${unique}`] } })
    await Promise.all(containers.map((c) => docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined)))
    await docker.getImage(WEB_IMAGE).remove({ force: true }).catch(() => undefined)
    await rm(tempDir, { recursive: true, force: true })
  })

  it('runs an image from the Images view with a suggested free port and a .env file, then drives the container from the Containers view', async () => {
    const holder: Server = createServer((_req, res) => res.end('held'))
    await new Promise<void>((resolve) => holder.listen(EXPOSED, '127.0.0.1', resolve))
    const envFile = path.join(tempDir, 'app.env')
    await writeFile(envFile, '# settings\nGREETING="hello there"\nMODE=test\n')
    const savedLog = path.join(tempDir, 'saved.log')
    const name = `e2e-web-${unique}`
    const app = await launchApp({
      dockerHost: daemon!.dockerHost,
      dialogs: { openFile: () => envFile, confirm: () => 0, saveFile: () => savedLog }
    })
    try {
      const { page } = app
      await page.getByRole('button', { name: 'Images', exact: true }).click()
      const grid = page.getByRole('grid', { name: 'Images' })
      await grid.waitFor({ timeout: 15_000 })
      await page.getByRole('searchbox', { name: 'Search images' }).fill(`containers-e2e-web`)
      const imageRow = grid.getByRole('row').filter({ hasText: unique })
      await imageRow.getByRole('button', { name: 'Run', exact: true }).click()

      const dialog = page.getByRole('dialog')
      await dialog.getByRole('textbox', { name: 'Host port' }).waitFor({ timeout: 15_000 })
      expect(await dialog.innerText()).toContain('EXPOSE alone does not publish')
      // The exposed port is held by a Node server on 127.0.0.1: the prefill already picked the next free one.
      const hostPort = dialog.getByRole('textbox', { name: 'Host port' })
      const prefilled = Number(await hostPort.inputValue())
      expect(prefilled).toBeGreaterThan(EXPOSED)
      // Typing the held port is flagged, with a free one to use.
      await hostPort.fill(String(EXPOSED))
      await expect.poll(() => dialog.innerText(), { timeout: 10_000 }).toContain(`Host port ${EXPOSED} is in use by another program on this machine`)
      await dialog.getByRole('button', { name: /^Use port \d+$/ }).click()
      const chosen = Number(await hostPort.inputValue())
      expect(chosen).toBeGreaterThan(EXPOSED)
      expect(await dialog.getByRole('listitem').filter({ hasText: 'container port' }).innerText()).toContain(`${EXPOSED}/tcp`)

      const nameField = dialog.getByRole('textbox', { name: 'Container name' })
      await nameField.fill('my web')
      expect(await dialog.innerText()).toContain('A container name cannot contain spaces')
      await nameField.fill(name)
      await dialog.getByRole('button', { name: 'Import .env file' }).click()
      await expect.poll(() => dialog.getByRole('textbox', { name: 'Variable 1 name' }).inputValue()).toBe('GREETING')
      expect(await dialog.getByRole('textbox', { name: 'Variable 1 value' }).inputValue()).toBe('hello there')

      const command = dialog.getByLabel('docker run command')
      await expect.poll(() => command.innerText()).toBe(`docker run -d --name ${name} -p ${chosen}:${EXPOSED} -e 'GREETING=hello there' -e MODE=test ${WEB_IMAGE}`)
      // The container inherits the image's labels (TEST_LABEL among them), so the cleanup finds it.
      await dialog.getByRole('button', { name: 'Run', exact: true }).click()
      await dialog.waitFor({ state: 'detached', timeout: 30_000 })

      // The Containers view opens with the new container, running, and a link to its port.
      const row = rowOf(page, name)
      await expect.poll(() => row.innerText(), { timeout: 15_000 }).toContain('Running')
      const link = row.getByRole('link', { name: `localhost:${chosen}` })
      expect(await link.getAttribute('href')).toBe(`http://localhost:${chosen}`)
      expect(await fetchText((await link.getAttribute('href'))!)).toBe('Hello from the e2e image\n')
      await link.click()
      await expect.poll(() => app.openedUrls).toEqual([`http://localhost:${chosen}`])

      // Logs: stdout and stderr told apart, search, download.
      await row.getByRole('button', { name: 'Logs' }).click()
      const log = page.getByRole('log', { name: `Log lines of ${name}` })
      await expect.poll(() => log.innerText(), { timeout: 15_000 }).toContain(`serving on ${EXPOSED}`)
      await expect.poll(() => log.locator('.log-line.stderr').innerText()).toContain('a warning')
      await page.getByRole('searchbox', { name: 'Search logs' }).fill('warning')
      await expect.poll(() => log.innerText()).not.toContain('serving on')
      await page.getByRole('button', { name: 'Download' }).click()
      await expect.poll(() => readFile(savedLog, 'utf8').catch(() => ''), { timeout: 10_000 }).toContain('[stderr] a warning')

      await row.getByRole('button', { name: 'Copy run command' }).click()
      await expect.poll(() => page.getByRole('status').filter({ hasText: 'run command' }).innerText()).toContain(`docker run -d --name ${name} -p ${chosen}:${EXPOSED}`)

      await row.getByRole('button', { name: 'Inspect' }).click()
      await expect.poll(() => page.getByRole('region', { name: `Inspect ${name}` }).innerText()).toContain('"GREETING=hello there"')

      await row.getByRole('button', { name: 'Stop', exact: true }).click()
      // A stop Slipway asked for reads "Stopped", not as a crash's exit code (issue 18.2).
      await expect.poll(() => row.innerText(), { timeout: 30_000 }).toContain('Stopped')
      expect(await row.getByRole('link').count()).toBe(0)
      await page.getByRole('checkbox', { name: 'Running only' }).check()
      await expect.poll(() => rowOf(page, name).count()).toBe(0)
      await page.getByRole('checkbox', { name: 'Running only' }).uncheck()
      await rowOf(page, name).getByRole('button', { name: 'Start', exact: true }).click()
      await expect.poll(() => rowOf(page, name).innerText(), { timeout: 15_000 }).toContain('Running')

      await rowOf(page, name).getByRole('button', { name: 'Remove' }).click()
      await expect.poll(() => rowOf(page, name).count(), { timeout: 30_000 }).toBe(0)
      expect(await docker.listContainers({ all: true, filters: { name: [name] } })).toEqual([])
    } finally {
      await app.close()
      await new Promise((r) => holder.close(r))
      const left = await docker.listContainers({ all: true, filters: { name: [name] } })
      await Promise.all(left.map((c) => docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined)))
    }
  })

  it('recreates a container with changes after confirming, and shows its exit code and last log lines where the person is', async () => {
    const name = `e2e-recreate-${unique}`
    const original = await docker.createContainer({
      name,
      Image: BUSYBOX_IMAGE,
      Cmd: ['sleep', '300'],
      Env: ['COLOR=blue'],
      Labels: { [TEST_LABEL]: '1', [RUN_LABEL]: unique },
      HostConfig: { PortBindings: { '7000/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }] } },
      ExposedPorts: { '7000/tcp': {} }
    })
    await original.start()
    let confirms = 0
    const app = await launchApp({
      dockerHost: daemon!.dockerHost,
      dialogs: {
        confirm: (o) => {
          confirms++
          return o.buttons.indexOf('Replace')
        }
      }
    })
    try {
      const { page } = app
      await showContainers(page)
      const row = rowOf(page, name)
      await expect.poll(() => row.innerText(), { timeout: 15_000 }).toContain('Running')
      await row.getByRole('button', { name: 'Recreate with changes' }).click()
      const dialog = page.getByRole('dialog')
      await dialog.getByRole('textbox', { name: 'Container name' }).waitFor({ timeout: 15_000 })
      expect(await dialog.getByRole('textbox', { name: 'Container name' }).inputValue()).toBe(name)
      expect(await dialog.getByRole('textbox', { name: 'Variable 1 value' }).inputValue()).toBe('blue')
      expect(await dialog.getByRole('textbox', { name: 'Command' }).inputValue()).toBe('sleep 300')
      // Podman picked the host port when it created the container and keeps it as if given: the form says so.
      const command = await dialog.getByLabel('docker run command').innerText()
      if (onPodman()) {
        expect(command).toMatch(new RegExp(`--name ${name} -p 127\\.0\\.0\\.1:\\d+:7000 -e COLOR=blue`))
        expect(await dialog.innerText()).toContain('Podman picks a free host port when it creates a container')
      } else {
        expect(command).toContain(`--name ${name} -p 127.0.0.1::7000 -e COLOR=blue`)
        expect(await dialog.innerText()).not.toContain('Podman picks')
      }
      // The container's own name is not "taken" when recreating it.
      expect(await dialog.innerText()).not.toContain('already exists')

      await dialog.getByRole('textbox', { name: 'Variable 1 value' }).fill('green')
      await dialog.getByRole('textbox', { name: 'Command' }).fill(`sh -c 'echo "color is $COLOR"; sleep 2; echo goodbye >&2; exit 3'`)
      await dialog.getByRole('button', { name: 'Run', exact: true }).click()
      await dialog.waitFor({ state: 'detached', timeout: 30_000 })
      expect(confirms).toBe(1)
      await expect(original.inspect()).rejects.toMatchObject({ statusCode: 404 })

      // Wherever the person is, the exit shows up with its code and last lines.
      await page.getByRole('button', { name: 'Dockerfile', exact: true }).click()
      const notice = page.getByRole('alert', { name: `Container ${name} exited` })
      await notice.waitFor({ timeout: 20_000 })
      const text = await notice.innerText()
      expect(text).toContain('exited with code 3')
      expect(text).toContain('color is green')
      expect(text).toContain('goodbye')
      await notice.getByRole('button', { name: 'Show in Containers' }).click()
      await expect.poll(() => rowOf(page, name).innerText(), { timeout: 10_000 }).toContain('Exited with code 3')
    } finally {
      await app.close()
      const left = await docker.listContainers({ all: true, filters: { name: [name] } })
      await Promise.all(left.map((c) => docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined)))
    }
  })

  it('keeps a 100,000-line log responsive: virtualized, searchable', async () => {
    const container = await docker.createContainer({
      Image: BUSYBOX_IMAGE,
      Cmd: ['seq', '1', '100000'],
      Labels: { [TEST_LABEL]: '1', [RUN_LABEL]: unique }
    })
    await container.start()
    await container.wait()
    const name = (await container.inspect()).Name.slice(1)
    const app = await launchApp({ dockerHost: daemon!.dockerHost })
    try {
      const { page } = app
      await showContainers(page)
      const started = Date.now()
      await rowOf(page, name).getByRole('button', { name: 'Logs' }).click()
      const panel = page.getByRole('region', { name: `Logs of ${name}` })
      await expect.poll(() => panel.innerText(), { timeout: 60_000 }).toContain('100000 lines')
      const loadMs = Date.now() - started
      const log = page.getByRole('log', { name: `Log lines of ${name}` })
      // Following: the end is in view, and only a window of lines is in the DOM.
      await expect.poll(() => log.innerText()).toContain('100000')
      const rendered = await log.locator('.log-line').count()
      expect(rendered).toBeLessThan(200)
      const searchStarted = Date.now()
      await page.getByRole('searchbox', { name: 'Search logs' }).fill('99999')
      await expect.poll(() => panel.innerText()).toContain('1 of 100000 lines match')
      const searchMs = Date.now() - searchStarted
      expect(await log.innerText()).toContain('99999')
      // Scrolling to the top of 100,000 lines answers at once.
      await page.getByRole('searchbox', { name: 'Search logs' }).fill('')
      const scrollStarted = Date.now()
      await log.evaluate((el) => el.scrollTo({ top: 0 }))
      await expect.poll(() => log.locator('.log-line').first().innerText()).toBe('1')
      const scrollMs = Date.now() - scrollStarted
      console.log(`[containers e2e] 100,000 log lines: loaded in ${loadMs} ms, ${rendered} lines in the DOM, search in ${searchMs} ms, scroll to top in ${scrollMs} ms`)
      expect(searchMs).toBeLessThan(2000)
    } finally {
      await app.close()
      await container.remove({ force: true }).catch(() => undefined)
    }
  })
})
