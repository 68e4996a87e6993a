// Long operations against the real engine: a pull from the (throttled) test registry reports per-layer
// progress in batches and, cancelled mid-way, stops the engine's download (the registry sees it hang up) and
// says cancelled; a followed log is an operation that ends by itself when the container stops.
import type Dockerode from 'dockerode'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startPull } from '../../src/main/docker/images'
import { startLogFollow } from '../../src/main/docker/logs'
import { Operations } from '../../src/main/operations'
import type { OperationUpdate } from '../../src/shared/ipc/channels/operations'
import { BUSYBOX_IMAGE } from '../support/base-images'
import { requireDaemon, TEST_LABEL } from '../support/daemon'
import { startTestRegistry, type RegistryImage, type TestRegistry } from '../support/registry'

const daemon = requireDaemon()
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function until<T>(what: string, read: () => T | undefined | null | false, timeoutMs = 30_000): Promise<T> {
  const start = Date.now()
  for (;;) {
    const value = read()
    if (value) return value
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`)
    await sleep(50)
  }
}

describe.skipIf(!daemon)('long operations on the engine', () => {
  const docker = daemon?.docker as Dockerode
  let registry: TestRegistry
  let image: RegistryImage
  const updates: OperationUpdate[] = []
  const operations = new Operations({ emit: (batch) => updates.push(...batch) })
  const containers: string[] = []

  beforeAll(async () => {
    // 4 MB of random bytes at 500 kB/s: about 8 s to download, time enough to cancel in the middle.
    registry = await startTestRegistry({ throttleBytesPerSecond: 500_000 })
    await registry.introduceBase(docker, BUSYBOX_IMAGE)
    image = await registry.addImage(docker, { repository: 'slipway-test/pull-cancel', tag: '1', from: BUSYBOX_IMAGE, extraLayers: [4_000_000] })
  }, 120_000)

  afterAll(async () => {
    operations.dispose()
    for (const id of containers) await docker.getContainer(id).remove({ force: true }).catch(() => undefined)
    await docker.getImage(image?.reference ?? 'none').remove({ force: true }).catch(() => undefined)
    await registry?.close()
  })

  it('cancels a pull mid-way: the engine stops downloading, the operation says cancelled, no image is tagged', async () => {
    const started = startPull(operations, docker, image.reference)
    expect(started).toMatchObject({ kind: 'pull', state: 'running', status: { reference: image.reference } })
    const big = image.layers.find((l) => l.origin === 'generated')!
    const send = await until('the big layer to be downloading', () => {
      const found = registry.blobSends.find((s) => s.digest === big.digest)
      return found && found.sent > 500_000 ? found : null
    })
    // The operation's updates name the layer with bytes moving.
    const short = big.digest.slice('sha256:'.length, 'sha256:'.length + 12)
    await until('progress of that layer', () =>
      updates.some((u) => u.id === started.id && u.kind === 'pull' && u.status.layers.some((l) => l.id === short && l.current > 0 && l.current < l.total))
    )

    const cancelled = await operations.cancel(started.id)
    expect(cancelled).toMatchObject({ id: started.id, state: 'cancelled', error: null, result: null })
    expect(updates.filter((u) => u.id === started.id).at(-1)).toMatchObject({ state: 'cancelled' })

    // The engine hung up on the registry, well before the end, and sends no more requests for it.
    await until('the engine to hang up', () => send.state === 'aborted', 10_000)
    const sentAtCancel = send.sent
    const requestsAtCancel = registry.requests.length
    await sleep(1500)
    expect(send.sent).toBe(sentAtCancel)
    expect(send.sent).toBeLessThan(send.total)
    expect(registry.requests.length).toBe(requestsAtCancel)
    console.log(`[operations] pull cancelled after ${send.sent} of ${send.total} bytes of the layer`)
    await expect(docker.getImage(image.reference).inspect()).rejects.toMatchObject({ statusCode: 404 })
  })

  it('pulls to the end: finished with the image id, progress in a few batches rather than one per engine message', async () => {
    const before = updates.length
    const started = startPull(operations, docker, image.reference)
    const done = await operations.wait(started.id)
    expect(done).toMatchObject({ state: 'finished', result: { reference: image.reference, id: image.configDigest } })
    const mine = updates.slice(before).filter((u) => u.id === started.id)
    // ~8 s at most every 50 ms, and never more batches than that.
    expect(mine.length).toBeGreaterThan(3)
    expect(mine.length).toBeLessThan(250)
    expect((await docker.getImage(image.reference).inspect()).Config.Labels?.[TEST_LABEL]).toBe('1')
  })

  it('a pull the engine cannot do fails with what to do; a malformed name is refused before any operation', async () => {
    const started = startPull(operations, docker, 'localhost:1/slipway-nothing:latest')
    const failed = await operations.wait(started.id)
    expect(failed).toMatchObject({ state: 'failed', error: expect.stringMatching(/^Could not reach localhost:1 to pull localhost:1\/slipway-nothing:latest: .*Check the network connection/) })
    const count = operations.list().length
    expect(() => startPull(operations, docker, 'Not A Name')).toThrow(expect.objectContaining({ code: 'invalid-input', message: expect.stringMatching(/may not contain spaces/) }))
    expect(operations.list()).toHaveLength(count)
  })

  it('follows a log until the container stops: its lines as items, then finished by itself', async () => {
    const container = await docker.createContainer({
      Image: BUSYBOX_IMAGE,
      Cmd: ['sh', '-c', 'i=1; while [ $i -le 5 ]; do echo "line $i"; echo "oops $i" >&2; i=$((i+1)); sleep 0.2; done; sleep 60'],
      Labels: { [TEST_LABEL]: '1' }
    })
    containers.push(container.id)
    await container.start()
    const started = await startLogFollow(operations, docker, container.id, null)
    expect(started).toMatchObject({ kind: 'logs', state: 'running', status: { containerId: container.id } })
    const lines = () => updates.filter((u) => u.id === started.id).flatMap((u) => (u.kind === 'logs' ? u.items : []))
    await until('five lines on each stream', () => lines().filter((l) => l.stream === 'stderr').length === 5)
    expect(operations.get(started.id)?.state).toBe('running')
    await container.stop({ t: 0 })
    const ended = await operations.wait(started.id)
    expect(ended).toMatchObject({ state: 'finished', error: null })
    expect(lines().filter((l) => l.stream === 'stdout').map((l) => l.text)).toEqual(['line 1', 'line 2', 'line 3', 'line 4', 'line 5'])
    expect(lines().filter((l) => l.stream === 'stderr').map((l) => l.text)).toEqual(['oops 1', 'oops 2', 'oops 3', 'oops 4', 'oops 5'])
  })

  it('cancelling a log follow closes the stream; a container that is not there is refused at once', async () => {
    const container = await docker.createContainer({ Image: BUSYBOX_IMAGE, Cmd: ['sh', '-c', 'while true; do echo tick; sleep 0.1; done'], Labels: { [TEST_LABEL]: '1' } })
    containers.push(container.id)
    await container.start()
    const started = await startLogFollow(operations, docker, container.id, 0)
    await until('a tick', () => updates.some((u) => u.id === started.id && u.items.length > 0))
    expect(await operations.cancel(started.id)).toMatchObject({ state: 'cancelled' })
    const count = updates.filter((u) => u.id === started.id).length
    await sleep(500)
    expect(updates.filter((u) => u.id === started.id)).toHaveLength(count)
    expect((await container.inspect()).State.Running).toBe(true)
    await expect(startLogFollow(operations, docker, 'slipway-no-such-container', null)).rejects.toMatchObject({ statusCode: 404 })
  })
})
