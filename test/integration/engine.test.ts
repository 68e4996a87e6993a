import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ConnectionState } from '../../src/shared/ipc/channels/engine'
import type { DockerEvent } from '../../src/shared/docker/events'
import { resolveEngineCandidates } from '../../src/main/docker/connection'
import { EngineConnection } from '../../src/main/docker/engine'
import { EventFollower } from '../../src/main/docker/events'
import { requireDaemon, startPrivateDockerd, TEST_LABEL, type PrivateDockerd } from '../support/daemon'

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
    const down = states.findLast((s) => s.status === 'disconnected')
    expect(down?.status === 'disconnected' && down.hint).toMatch(/No engine socket|Nothing answers/)
    expect(() => engine.docker()).toThrow(/Not connected/)

    const downAt = states.length
    await daemon.start()
    await waitForStatus(states, 'connected', 20_000, downAt)
    expect(engine.state.status).toBe('connected')
    expect((await engine.docker().ping()).toString()).toBe('OK')
  }, 90_000)
})
