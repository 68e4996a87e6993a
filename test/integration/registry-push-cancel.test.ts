// Cancelling a push on real parts: the engine pushes to Debian's docker-registry through a TCP proxy that lets
// 256 kB a second through, so the upload is still going when the person presses Cancel. Cancel must close the
// engine's push stream (the engine stops uploading), end the operation as cancelled, and leave no tag behind.
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import type Dockerode from 'dockerode'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Operations } from '../../src/main/operations'
import { DockerCredentials } from '../../src/main/registry/credentials'
import { logIn } from '../../src/main/registry/login'
import { startPush } from '../../src/main/registry/push'
import type { OperationUpdate } from '../../src/shared/ipc/channels/operations'
import { BUSYBOX_IMAGE } from '../support/base-images'
import { requireDaemon } from '../support/daemon'
import { distributionRegistryMissing, startDistributionRegistry, type DistributionRegistry } from '../support/distribution-registry'
import { buildTestImage } from '../support/images'
import { onPodman } from '../support/engines/under-test'

const daemon = requireDaemon()
const missing = distributionRegistryMissing()
if (missing) console.warn(`[slipway tests] skipping the push-cancel test: ${missing}`)

/** Forwards 127.0.0.1:<port> to `target`, the engine→registry direction at `bytesPerSecond`; counts what went up. */
async function startThrottlingProxy(target: string, bytesPerSecond: number) {
  const [host, port] = [target.slice(0, target.lastIndexOf(':')), Number(target.slice(target.lastIndexOf(':') + 1))]
  const sockets = new Set<net.Socket>()
  let uploaded = 0
  const server = net.createServer((client) => {
    const upstream = net.connect(port, host)
    sockets.add(client).add(upstream)
    for (const s of [client, upstream]) s.on('close', () => sockets.delete(s)).on('error', () => undefined)
    client.on('close', () => upstream.destroy())
    upstream.on('close', () => client.destroy())
    upstream.pipe(client)
    client.on('data', (chunk: Buffer) => {
      client.pause()
      uploaded += chunk.length
      upstream.write(chunk)
      setTimeout(() => client.resume(), (chunk.length / bytesPerSecond) * 1000)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    host: `127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    uploaded: () => uploaded,
    stop: () => {
      for (const s of sockets) s.destroy()
      return new Promise<void>((resolve) => server.close(() => resolve()))
    }
  }
}

describe.skipIf(!daemon || missing)('registries: cancelling a push', () => {
  const docker = daemon?.docker as Dockerode
  const source = 'slipway-test/push-cancel:1'
  let registry: DistributionRegistry
  let proxy: Awaited<ReturnType<typeof startThrottlingProxy>>
  let configDir: string
  let reference: string
  const updates: OperationUpdate[] = []
  const operations = new Operations({ emit: (batch) => updates.push(...batch), batchMs: 10 })

  beforeAll(async () => {
    registry = await startDistributionRegistry()
    proxy = await startThrottlingProxy(registry.host, 256 * 1024)
    configDir = await mkdtemp(path.join(os.tmpdir(), 'slipway-docker-config-'))
    // 8 MB that does not compress: about 30 s through the proxy, far longer than the test waits.
    await buildTestImage(docker, source, { Dockerfile: `FROM ${BUSYBOX_IMAGE}\nCOPY data.bin /data.bin\n`, 'data.bin': randomBytes(8 * 2 ** 20).toString('base64') })
    reference = `${proxy.host}/me/cancelled:1`
  }, 180_000)

  afterAll(async () => {
    operations.dispose()
    for (const image of [reference, source]) await docker.getImage(image).remove({ force: true }).catch(() => undefined)
    await proxy?.stop()
    await registry?.stop()
    await rm(configDir, { recursive: true, force: true })
  })

  it('stops the upload, ends as cancelled and leaves no tag on the registry', async () => {
    const credentials = new DockerCredentials({ env: { PATH: '/nonexistent-slipway-bin', DOCKER_CONFIG: configDir }, homeDir: os.tmpdir(), platform: 'linux' })
    await logIn(docker, credentials, { registry: proxy.host, username: registry.username, password: registry.password })
    const push = startPush(operations, docker, credentials, { reference, source })
    // Podman's push stream has no layer progress: there the proxy seeing bytes says the upload runs.
    const pushing = () =>
      onPodman()
        ? proxy.uploaded() > 0
        : updates.some((u) => u.id === push.id && u.kind === 'push' && u.status.layers.some((layer) => layer.status === 'Pushing' && layer.current > 0))
    await expect.poll(pushing, { timeout: 60_000, interval: 100 }).toBe(true)
    const cancelled = await operations.cancel(push.id)
    const final = cancelled.state === 'running' ? await operations.wait(push.id) : cancelled
    expect(final.state).toBe('cancelled')

    // The engine stopped sending: no bytes reach the proxy for two seconds, well before 8 MB could have gone up.
    const stopped = async () => {
      const before = proxy.uploaded()
      await new Promise((resolve) => setTimeout(resolve, 2000))
      return proxy.uploaded() - before
    }
    await expect.poll(stopped, { timeout: 20_000, interval: 0 }).toBe(0)
    expect(proxy.uploaded()).toBeLessThan(8 * 2 ** 20)

    // Nothing was tagged: the registry has no manifest for the reference.
    const auth = `Basic ${Buffer.from(`${registry.username}:${registry.password}`).toString('base64')}`
    const manifest = await fetch(`http://${registry.host}/v2/me/cancelled/manifests/1`, {
      headers: { Authorization: auth, Accept: 'application/vnd.docker.distribution.manifest.v2+json' }
    })
    expect(manifest.status).toBe(404)
  }, 180_000)
})
