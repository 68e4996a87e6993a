// Issue 18 (containers, run): pure parts — which exits Slipway asked for, the localhost address for a log
// line, the Docker-syntax ports field editing a mapping, and the containers running an older build.
import { describe, expect, it, vi } from 'vitest'
import { exitCauseOf, forgetStopRequest, stoppedOnRequest, whileStopping } from '../../src/main/docker/containers/stop-requests'
import { applyPortSpecs, type PortRow } from '../../src/renderer/components/run/form'
import { reachFromHost, referenceBreakPoints } from '../../src/renderer/components/containers/format'
import type { ContainerSummary, PublishedPort } from '../../src/shared/ipc/channels/containers'

describe('stop requests', () => {
  it('marks an exit as asked for while the stop runs and just after, not once a start came', async () => {
    const id = 'a'.repeat(64)
    expect(exitCauseOf(id)).toEqual({ requested: false })
    let during: unknown
    await whileStopping(id, 'stop', async () => {
      during = exitCauseOf(id.slice(0, 12))
    })
    expect(during).toEqual({ requested: true, reason: 'stop', killedAfterTimeout: false })
    // Shorter than a short ID, a prefix names no container in particular: not this one.
    expect(exitCauseOf('')).toEqual({ requested: false })
    expect(exitCauseOf(id.slice(0, 4))).toEqual({ requested: false })
    expect(exitCauseOf(id)).toMatchObject({ requested: true })
    expect(stoppedOnRequest(id)).toEqual({ killedAfterTimeout: false })
    // Long after the stop ended, a die is the app's own again.
    expect(exitCauseOf(id, Date.now() + 60_000)).toEqual({ requested: false })
    forgetStopRequest(id)
    expect(exitCauseOf(id)).toEqual({ requested: false })
    expect(stoppedOnRequest(id)).toBeNull()
  })

  it('keeps the mark when the stop fails, and names what did it', async () => {
    const id = 'b'.repeat(64)
    await expect(whileStopping(id, 'recreate', () => Promise.reject(new Error('engine said no')))).rejects.toThrow('engine said no')
    expect(exitCauseOf(id)).toEqual({ requested: true, reason: 'recreate', killedAfterTimeout: false })
    expect(stoppedOnRequest(id)).toBeNull()
  })
})

describe('reachFromHost', () => {
  const port = (containerPort: number, hostPort: number, url: string | null = `http://localhost:${hostPort}`): PublishedPort => ({
    hostIp: '0.0.0.0',
    hostPort,
    containerPort,
    protocol: 'tcp',
    url
  })

  it('names the published port for the addresses Flask and others print inside the container', () => {
    for (const line of [' * Running on http://127.0.0.1:5000', ' * Running on http://172.17.0.2:5000', 'Listening at: http://0.0.0.0:5000 (1)']) {
      expect(reachFromHost(line, [port(5000, 8888)])).toEqual({ containerPort: 5000, published: port(5000, 8888) })
    }
  })

  it('says when the port is not published, and ignores lines without an address', () => {
    expect(reachFromHost('Running on http://127.0.0.1:8000', [port(5000, 8888)])).toEqual({ containerPort: 8000, published: null })
    expect(reachFromHost('GET / 200', [port(5000, 8888)])).toBeNull()
  })
})

describe('applyPortSpecs', () => {
  const prefilled: PortRow[] = [{ key: 'p1', hostIp: '', hostPortText: '5000', containerPort: 5000, protocol: 'tcp', exposed: true }]

  it('replaces the mapping of the same container port (8888:5000 over 5000:5000), keeping the row', () => {
    const rows = applyPortSpecs(prefilled, [{ hostIp: '', hostPort: 8888, containerPort: 5000, protocol: 'tcp' }], ['5000/tcp'])
    expect(rows).toEqual([{ ...prefilled[0], hostPortText: '8888' }])
  })

  it('adds a row for another port or protocol, and for a second mapping of one port in the same paste', () => {
    const rows = applyPortSpecs(
      prefilled,
      [
        { hostIp: '', hostPort: 8888, containerPort: 5000, protocol: 'tcp' },
        { hostIp: '127.0.0.1', hostPort: 8889, containerPort: 5000, protocol: 'tcp' },
        { hostIp: '', hostPort: 53, containerPort: 53, protocol: 'udp' }
      ],
      ['5000/tcp']
    )
    expect(rows.map((r) => [r.hostIp, r.hostPortText, `${r.containerPort}/${r.protocol}`, r.exposed])).toEqual([
      ['', '8888', '5000/tcp', true],
      ['127.0.0.1', '8889', '5000/tcp', true],
      ['', '53', '53/udp', false]
    ])
  })
})

describe('containers on an older build', () => {
  const container = (name: string, outdated?: string): ContainerSummary => ({
    id: name,
    name,
    image: 'sha256:' + '1'.repeat(64),
    state: 'running',
    status: 'Up',
    exitCode: null,
    ports: [],
    created: 0,
    ...(outdated ? { outdated: { tag: outdated } } : {})
  })

  it('finds them by tag, with or without :latest', async () => {
    // The store module reads the client from window, as in the app; this selector never calls it.
    vi.stubGlobal('window', { slipway: {} })
    const { containersRunningOlderBuild } = await import('../../src/renderer/store/containers')
    const list = [container('a', 'myfirstapp'), container('b'), container('c', 'other:1')]
    expect(containersRunningOlderBuild(list, 'myfirstapp:latest').map((c) => c.name)).toEqual(['a'])
    expect(containersRunningOlderBuild(list, 'docker.io/library/myfirstapp').map((c) => c.name)).toEqual(['a'])
    expect(containersRunningOlderBuild(list, 'other:2')).toEqual([])
  })

  it('cuts an image name only after its separators', () => {
    expect(referenceBreakPoints('ghcr.io/me/my-app:1.0@sha256:ab')).toEqual(['ghcr.io/', 'me/', 'my-', 'app:', '1.0@', 'sha256:', 'ab'])
  })
})
