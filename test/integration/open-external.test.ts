// app.openExternal opens only the links main made for ports that running containers publish on this
// machine, recomputed from the engine at the time of the call, and nothing for a remote engine's ports.
import net from 'node:net'
import os from 'node:os'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findFreeHostPort, listPublishedHostPorts } from '../../src/main/docker/port-check'
import { runContainer } from '../../src/main/docker/run'
import type { ContainerSummary } from '../../src/shared/ipc/channels/containers'
import { emptyRunOptions } from '../../src/shared/docker/run-command'
import { BUSYBOX_IMAGE } from '../support/base-images'
import { requireDaemon, TEST_LABEL } from '../support/daemon'
import { startMainUnderTest, type MainUnderTest } from '../support/faults/handlers'

const daemon = requireDaemon()

/** An address of this machine that is not loopback: an engine reached through it looks remote to Slipway. */
function externalAddress(): string | null {
  for (const addresses of Object.values(os.networkInterfaces())) {
    for (const a of addresses ?? []) if (a.family === 'IPv4' && !a.internal) return a.address
  }
  return null
}

/** Forwards TCP connections on `host` to the test daemon, so the same engine is reachable as tcp://host:port. */
async function forwardToDaemon(host: string, dockerHost: string): Promise<{ dockerHost: string; close: () => Promise<void> }> {
  const target = new URL(dockerHost)
  const server = net.createServer((client) => {
    const upstream = target.protocol === 'unix:' ? net.connect(target.pathname) : net.connect(Number(target.port || 2375), target.hostname)
    client.pipe(upstream).pipe(client)
    const end = () => {
      client.destroy()
      upstream.destroy()
    }
    client.on('error', end)
    upstream.on('error', end)
  })
  await new Promise<void>((resolve) => server.listen(0, host, resolve))
  const { port } = server.address() as net.AddressInfo
  return { dockerHost: `tcp://${host}:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) }
}

describe.skipIf(!daemon)('app.openExternal and the port links of the container list', () => {
  const docker = daemon!.docker
  let local: MainUnderTest
  let hostPort: number
  let containerId: string

  beforeAll(async () => {
    hostPort = (await findFreeHostPort(await listPublishedHostPorts(docker), 18580, '', 'tcp', true))!
    const options = { ...emptyRunOptions(BUSYBOX_IMAGE), labels: [{ key: TEST_LABEL, value: '1' }] }
    options.ports = [{ hostIp: '', hostPort, containerPort: 80, protocol: 'tcp' }]
    options.command = ['httpd', '-f', '-p', '80']
    containerId = (await runContainer(docker, options)).id
    local = await startMainUnderTest(daemon!.dockerHost)
  })

  afterAll(async () => {
    await local?.dispose()
    if (containerId) await docker.getContainer(containerId).remove({ force: true }).catch(() => undefined)
  })

  const portOf = async (main: MainUnderTest) => {
    const list = await main.value<ContainerSummary[]>('containers.list', { all: false })
    return list.find((c) => c.id === containerId)!.ports.find((p) => p.containerPort === 80)!
  }

  it('opens exactly the link the list shows, and nothing else on that port or host', async () => {
    const link = (await portOf(local)).url
    expect(link).toBe(`http://localhost:${hostPort}`)
    expect((await local.call('app.openExternal', { url: link })).ok).toBe(true)

    for (const url of [
      `http://localhost:${hostPort}/admin/delete?all=1`,
      `http://localhost:${hostPort}/`,
      `http://localhost:${hostPort}?x`,
      `http://localhost:${hostPort}#x`,
      `http://127.0.0.1:${hostPort}`,
      `http://[::1]:${hostPort}`,
      `https://localhost:${hostPort}`,
      `http://LOCALHOST:${hostPort}`,
      `http://user@localhost:${hostPort}`,
      `http://localhost:${hostPort + 1}`,
      'file:///etc/passwd'
    ]) {
      const refusal = await local.refusal('app.openExternal', { url })
      expect(refusal.message).toBe(`Slipway only opens http(s) links to ports your containers publish on this machine; refused ${url}.`)
    }
  })

  it('stops opening a link once its container no longer publishes the port (computed at the call, not remembered)', async () => {
    const link = (await portOf(local)).url!
    await docker.getContainer(containerId).stop({ t: 0 })
    // Docker 26 can list a container as running for a moment after its stop returned.
    await expect.poll(async () => (await docker.listContainers({ filters: { id: [containerId] } })).length).toBe(0)
    try {
      expect((await local.refusal('app.openExternal', { url: link })).code).toBe('forbidden')
    } finally {
      await docker.getContainer(containerId).start()
    }
    expect((await local.call('app.openExternal', { url: link })).ok).toBe(true)
  })

  const address = externalAddress()
  it.skipIf(!address)('shows no link for a remote engine, and opens none of its ports here (engine reached through a non-loopback address)', async () => {
    const forward = await forwardToDaemon(address!, daemon!.dockerHost)
    const remote = await startMainUnderTest(forward.dockerHost)
    try {
      const port = await portOf(remote)
      expect(port.hostPort).toBe(hostPort)
      expect(port.url).toBeNull()
      const refusal = await remote.refusal('app.openExternal', { url: `http://localhost:${hostPort}` })
      expect(refusal.message).toBe(
        `The engine runs on another machine (${forward.dockerHost}), so the ports its containers publish are open there, not here; Slipway does not open links to them. Refused http://localhost:${hostPort}.`
      )
    } finally {
      await remote.dispose()
      await forward.close()
    }
  })
  if (!address) console.warn('[slipway tests] skipping the remote-engine link test: this machine has no non-loopback IPv4 address')
})
