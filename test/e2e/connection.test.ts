import { execFileSync } from 'node:child_process'
import { rm, symlink } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { expect, it } from 'vitest'
import { requireDaemon } from '../support/daemon'
import { launchApp } from './harness'

const daemon = requireDaemon()
const daemonSocket = daemon?.dockerHost.startsWith('unix://') ? daemon.dockerHost.slice('unix://'.length) : null

it.skipIf(!daemon)('shows the connected engine and its version, as docker version reports it', async () => {
  const version = execFileSync('docker', ['version', '--format', '{{.Server.Version}}'], {
    env: { ...process.env, DOCKER_HOST: daemon!.dockerHost }
  })
    .toString()
    .trim()
  const app = await launchApp({ dockerHost: daemon!.dockerHost })
  try {
    const status = app.page.getByRole('status')
    await expect.poll(() => status.innerText(), { timeout: 15_000 }).toContain(`Docker Engine ${version}`)
    expect(await status.innerText()).toContain(daemon!.dockerHost)
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
    expect(await app.page.getByRole('status').innerText()).toContain('Not connected')

    await symlink(daemonSocket!, socket)
    await app.page.getByRole('button', { name: 'Retry' }).click()
    await expect.poll(() => app.page.getByRole('status').innerText(), { timeout: 15_000 }).toContain('Connected to Docker Engine')
    expect(await banner.count()).toBe(0)
  } finally {
    await app.close()
    await rm(socket, { force: true })
  }
})
