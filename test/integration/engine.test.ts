import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import net from 'node:net'
import type Dockerode from 'dockerode'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ConnectionState } from '../../src/shared/ipc/channels/engine'
import type { DockerEvent } from '../../src/shared/docker/events'
import type { ImageList } from '../../src/shared/ipc/channels/images'
import { BUSYBOX_IMAGE } from '../support/base-images'
import { startMainUnderTest, type MainUnderTest } from '../support/faults/handlers'
import { buildTestImage } from '../support/images'
import { contextDirName, resolveEngineCandidates } from '../../src/main/docker/engine-resolution'
import { EngineConnection } from '../../src/main/docker/engine-connection'
import { EventFollower } from '../../src/main/docker/events'
import { dockerodeFor, requireDaemon, startPrivateDockerd, TEST_LABEL, type PrivateDockerd } from '../support/daemon'

const main = requireDaemon()

async function waitForStatus(states: ConnectionState[], status: ConnectionState['status'], timeoutMs: number, fromIndex = 0): Promise<number> {
  const start = Date.now()
  for (;;) {
    const index = states.findIndex((s, i) => i >= fromIndex && s.status === status)
    if (index >= 0) return Date.now() - start
    if (Date.now() - start > timeoutMs) throw new Error(`no ${status} state within ${timeoutMs} ms; saw ${states.map((s) => s.status).join(', ')}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

describe.skipIf(!main)('engine connection against a real daemon', () => {
  let daemon: PrivateDockerd
  let engine: EngineConnection
  const states: ConnectionState[] = []

  beforeAll(async () => {
    // A daemon of its own, so stopping it disturbs no other test.
    daemon = await startPrivateDockerd({ networking: 'none', name: 'reconnect' })
    engine = new EngineConnection({
      resolve: () => resolveEngineCandidates({ env: { DOCKER_HOST: daemon.dockerHost }, homeDir: '/nonexistent', platform: 'linux' }),
      onState: (state) => states.push(state),
      healthIntervalMs: 300,
      pingTimeoutMs: 1000,
      retryDelaysMs: { first: 200, max: 1000 }
    })
  }, 120_000)

  afterAll(async () => {
    engine?.dispose()
    await daemon?.destroy()
  })

  it('connects and reads the engine version', async () => {
    const state = await engine.connect()
    expect(state.status).toBe('connected')
    if (state.status !== 'connected') return
    const version = await engine.docker().version()
    expect(state.engine).toMatchObject({ name: 'Docker Engine', version: version.Version, apiVersion: version.ApiVersion })
    expect(state.endpoint).toEqual({ host: daemon.dockerHost, source: 'DOCKER_HOST' })
  })

  it('follows the event stream', async () => {
    const follower = new EventFollower(engine, 10)
    const seen: DockerEvent[] = []
    follower.subscribe((batch) => seen.push(...batch))
    try {
      await new Promise((r) => setTimeout(r, 300))
      const name = `slipway-events-${Date.now()}`
      await engine.docker().createVolume({ Name: name, Labels: { [TEST_LABEL]: '1' } })
      await expect.poll(() => seen.some((e) => e.type === 'volume' && e.action === 'create' && e.id === name), { timeout: 5000 }).toBe(true)
      await engine.docker().getVolume(name).remove()
    } finally {
      follower.dispose()
    }
  })

  it('notices the daemon stopping and reconnects by itself when it is back', async () => {
    const before = states.length
    await daemon.stop()
    const noticedMs = await waitForStatus(states, 'disconnected', 10_000, before)
    expect(noticedMs).toBeLessThan(10_000)
    // A ping caught while the daemon stops says the answer was cut; the next retry finds the socket gone.
    const lastHint = () => {
      const down = states.findLast((s) => s.status === 'disconnected')
      return down?.status === 'disconnected' ? down.hint : ''
    }
    await expect.poll(lastHint, { timeout: 15_000 }).toMatch(/No engine socket|Nothing answers/)
    expect(() => engine.docker()).toThrow(/Not connected/)

    const downAt = states.length
    await daemon.start()
    await waitForStatus(states, 'connected', 20_000, downAt)
    expect(engine.state.status).toBe('connected')
    expect((await engine.docker().ping()).toString()).toBe('OK')
  }, 90_000)
})

/** A TCP address for a daemon's Unix socket, so DOCKER_HOST can name it as tcp:// (the form docker-modem lets win). */
async function tcpForward(socketPath: string): Promise<{ dockerHost: string; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>()
  const server = net.createServer((client) => {
    const engine = net.connect(socketPath)
    for (const s of [client, engine]) {
      sockets.add(s)
      s.on('error', () => undefined)
      s.on('close', () => sockets.delete(s))
    }
    client.pipe(engine).pipe(client)
    client.on('close', () => engine.destroy())
    engine.on('close', () => client.destroy())
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as net.AddressInfo
  return {
    dockerHost: `tcp://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy()
        server.close(() => resolve())
      })
  }
}

const firstSocket = main?.dockerHost.startsWith('unix://') ? new URL(main.dockerHost).pathname : null
if (main && !firstSocket) console.warn(`[slipway tests] skipping the DOCKER_HOST-versus-chosen-context test: the test daemon ${main.dockerHost} is not a Unix socket`)

describe.skipIf(!main || !firstSocket)('DOCKER_HOST in the environment does not override the chosen engine', () => {
  const U = `${process.pid}-${Date.now().toString(36)}`
  const FIRST_MARK = `slipway-test/first-engine-${U}`
  const SECOND_MARK = `slipway-test/second-engine-${U}`
  let second: PrivateDockerd
  let forward: Awaited<ReturnType<typeof tcpForward>>
  let app: MainUnderTest
  let home: string
  const ambient = { DOCKER_HOST: process.env.DOCKER_HOST, DOCKER_TLS_VERIFY: process.env.DOCKER_TLS_VERIFY, DOCKER_CERT_PATH: process.env.DOCKER_CERT_PATH }

  beforeAll(async () => {
    second = await startPrivateDockerd({ networking: 'none', name: 'second' })
    await buildTestImage(dockerodeFor(second.dockerHost), `${SECOND_MARK}:1`, { Dockerfile: 'FROM scratch\nCOPY mark /mark\n', mark: 'second' })
    await main!.docker.getImage(BUSYBOX_IMAGE).tag({ repo: FIRST_MARK, tag: '1' })
    forward = await tcpForward(second.socketPath)

    // A docker context for the first daemon's socket, as `docker context create first --docker host=unix://…` writes it.
    home = await mkdtemp(path.join(os.tmpdir(), 'slipway-two-engines-'))
    const meta = path.join(home, '.docker', 'contexts', 'meta', contextDirName('first'))
    await mkdir(meta, { recursive: true })
    await writeFile(path.join(meta, 'meta.json'), JSON.stringify({ Name: 'first', Metadata: {}, Endpoints: { docker: { Host: main!.dockerHost, SkipTLSVerify: false } } }))

    // The person's shell exported DOCKER_HOST for the second daemon: the app and the process both see it.
    process.env.DOCKER_HOST = forward.dockerHost
    delete process.env.DOCKER_TLS_VERIFY
    delete process.env.DOCKER_CERT_PATH
    app = await startMainUnderTest(forward.dockerHost, { homeDir: home })
  }, 120_000)

  afterAll(async () => {
    for (const [name, value] of Object.entries(ambient)) {
      if (value === undefined) delete process.env[name]
      else process.env[name] = value
    }
    await app?.dispose()
    await forward?.close()
    await second?.destroy()
    await main?.docker.getImage(`${FIRST_MARK}:1`).remove().catch(() => undefined)
    if (home) await rm(home, { recursive: true, force: true })
  })

  const tags = async () => (await app.value<ImageList>('images.list', {})).images.flatMap((image) => image.tags)

  it('lists the chosen socket context\'s images and says that endpoint, with DOCKER_HOST naming another daemon', async () => {
    // Unchosen, DOCKER_HOST is the engine, as for the docker CLI.
    expect(app.services.app.engine.state).toMatchObject({ status: 'connected', endpoint: { host: forward.dockerHost, source: 'DOCKER_HOST' } })
    expect(await tags()).toContain(`${SECOND_MARK}:1`)

    const state = await app.value<ConnectionState>('engine.useContext', { name: 'first' })
    expect(state).toMatchObject({ status: 'connected', endpoint: { host: main!.dockerHost, source: 'chosen', contextName: 'first' } })
    const listed = await tags()
    expect(listed).toContain(`${FIRST_MARK}:1`)
    expect(listed).not.toContain(`${SECOND_MARK}:1`)
    // The engine named in the status bar is the one answering.
    // Its data root says which daemon it is (Podman makes up a new ID on every /info).
    const identity = async (docker: Dockerode) => ((await docker.info()) as { DockerRootDir: string }).DockerRootDir
    expect(await identity(app.services.app.engine.docker())).toBe(await identity(main!.docker))
  }, 60_000)
})
