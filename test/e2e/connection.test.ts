import { execFileSync } from 'node:child_process'
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { expect, it } from 'vitest'
import { contextDirName } from '../../src/main/docker/engine-resolution'
import { requireDaemon } from '../support/daemon'
import { engineStatusText, launchApp } from './harness'
import { engineProductName } from '../support/engines/under-test'

const daemon = requireDaemon()

/** The status bar's engine status (other live regions, such as drag and drop's, are status too). */
const daemonSocket = daemon?.dockerHost.startsWith('unix://') ? daemon.dockerHost.slice('unix://'.length) : null

it.skipIf(!daemon)('shows the connected engine and its version, as docker version reports it', async () => {
  const version = execFileSync('docker', ['version', '--format', '{{.Server.Version}}'], {
    env: { ...process.env, DOCKER_HOST: daemon!.dockerHost }
  })
    .toString()
    .trim()
  const app = await launchApp({ dockerHost: daemon!.dockerHost })
  try {
    await expect.poll(() => engineStatusText(app.page), { timeout: 15_000 }).toContain(`${engineProductName()} ${version}`)
    expect(await engineStatusText(app.page)).toContain(daemon!.dockerHost)
    for (const name of ['Dockerfile', 'Images', 'Containers', 'Builds']) {
      await app.page.getByRole('button', { name, exact: true }).click()
      await expect.poll(() => app.page.getByRole('heading', { level: 1 }).innerText()).toContain(name)
    }
  } finally {
    await app.close()
  }
})

it.skipIf(!daemonSocket)('names the socket where nothing listens, and Retry connects once an engine is there', async () => {
  const socket = path.join(os.tmpdir(), `slipway-nothing-${process.pid}.sock`)
  const app = await launchApp({
    dockerHost: `unix://${socket}`,
    // No automatic retry during this test: only the button may reconnect.
    engineTiming: { healthIntervalMs: 1000, retryDelaysMs: { first: 600_000, max: 600_000 } }
  })
  try {
    const banner = app.page.getByRole('region', { name: 'Engine connection' })
    await banner.waitFor({ timeout: 15_000 })
    expect(await banner.innerText()).toContain(socket)
    expect(await banner.innerText()).toMatch(/No engine socket at/)
    expect(await engineStatusText(app.page)).toContain('Not connected')

    await symlink(daemonSocket!, socket)
    await app.page.getByRole('button', { name: 'Retry' }).click()
    await expect.poll(() => engineStatusText(app.page), { timeout: 15_000 }).toContain(`Connected to ${engineProductName()}`)
    expect(await banner.count()).toBe(0)
  } finally {
    await app.close()
    await rm(socket, { force: true })
  }
})

it.skipIf(!daemon)('lists docker contexts, switches to one without a restart, and remembers the choice', async () => {
  const home = await mkdtemp(path.join(os.tmpdir(), 'slipway-home-'))
  const userDataDir = await mkdtemp(path.join(os.tmpdir(), 'slipway-data-'))
  const meta = path.join(home, '.docker', 'contexts', 'meta', contextDirName('test-engine'))
  await mkdir(meta, { recursive: true })
  await writeFile(path.join(meta, 'meta.json'), JSON.stringify({ Name: 'test-engine', Metadata: {}, Endpoints: { docker: { Host: daemon!.dockerHost, SkipTLSVerify: false } } }))
  try {
    // DOCKER_HOST points nowhere: only the chosen context can connect.
    const first = await launchApp({ dockerHost: 'unix:///nonexistent/docker.sock', homeDir: home, userDataDir })
    try {
      await first.page.getByRole('region', { name: 'Engine connection' }).waitFor({ timeout: 15_000 })
      const engine = first.page.getByRole('combobox', { name: 'Engine' })
      await engine.focus()
      await expect.poll(() => engine.locator('option').allInnerTexts()).toContainEqual(expect.stringContaining('test-engine'))
      await engine.selectOption('test-engine')
      await expect.poll(() => engineStatusText(first.page), { timeout: 15_000 }).toContain('context test-engine')
    } finally {
      await first.close()
    }
    const second = await launchApp({ dockerHost: 'unix:///nonexistent/docker.sock', homeDir: home, userDataDir })
    try {
      await expect.poll(() => engineStatusText(second.page), { timeout: 15_000 }).toContain('context test-engine')
      expect(await second.page.getByRole('combobox', { name: 'Engine' }).inputValue()).toBe('test-engine')
    } finally {
      await second.close()
    }
  } finally {
    await rm(home, { recursive: true, force: true })
    await rm(userDataDir, { recursive: true, force: true })
  }
})
