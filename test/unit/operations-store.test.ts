// The renderer's operations store fed by main's real registry (in process): an operation is known by id
// whoever started it and whatever came first (its batch or its start's answer), a flood of lines re-renders
// once a frame, a forgotten operation stays forgotten, a build's lines stay with the build store, and a
// pull that ends refreshes the Images list.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { Operations } from '../../src/main/operations'
import type { OperationSnapshot, OperationUpdate } from '../../src/shared/ipc/channels/operations'
import type { LogLine } from '../../src/shared/ipc/channels/containers'

type Store = typeof import('../../src/renderer/store/operations')

const line = (n: number): LogLine => ({ stream: 'stdout', text: `line ${n}`, time: '' })

describe('the operations store', () => {
  let store: Store
  let listener: (updates: OperationUpdate[]) => void = () => {}
  const calls: string[] = []
  // Main's registry; its batches reach the store as the preload's event would deliver them.
  const operations = new Operations({ emit: (updates) => listener(structuredClone(updates)), batchMs: 10 })
  const frames: (() => void)[] = []
  let nextStart: () => OperationSnapshot = () => {
    throw new Error('no start scripted')
  }

  beforeAll(async () => {
    vi.stubGlobal('requestAnimationFrame', (run: () => void) => frames.push(run))
    const answer = (name: string) => async (input?: unknown) => {
      calls.push(name)
      if (name === 'operations.list') return []
      if (name === 'operations.cancel') return operations.cancel((input as { id: string }).id)
      if (name === 'images.pull' || name === 'containers.followLogs') return nextStart()
      if (name === 'images.list') return { images: [], containers: {}, danglingHidden: 0 }
      return null
    }
    const client = new Proxy(
      {},
      {
        get: (_, group: string) =>
          group === 'events'
            ? { operationProgress: (l: typeof listener) => ((listener = l), () => undefined), dockerEvents: () => () => undefined }
            : new Proxy({}, { get: (__, name: string) => answer(`${group}.${name}`) })
      }
    )
    vi.stubGlobal('window', { slipway: client })
    store = await import('../../src/renderer/store/operations')
    store.ensureOperationEvents()
  })
  afterAll(() => {
    operations.dispose()
    vi.unstubAllGlobals()
  })

  const flushFrames = () => frames.splice(0).forEach((run) => run())

  it('takes an operation whose batches come before its start answers, and keeps its lines outside state', async () => {
    let push: (lines: LogLine[]) => void = () => {}
    let finish: () => void = () => {}
    // Main starts it and sends lines at once; the start's answer reaches the page last.
    const started = operations.start('logs', { containerId: 'c1' }, (op) => {
      push = (lines) => op.push(lines)
      return new Promise((resolve) => (finish = () => resolve(null)))
    })
    await new Promise((r) => setTimeout(r, 0))
    push([line(1), line(2)])
    await new Promise((r) => setTimeout(r, 30))
    expect(store.useOperations.getState().records[started.id]).toMatchObject({ kind: 'logs', state: 'running' })
    nextStart = () => started
    await store.useOperations.getState().followLogs('c1', null)
    expect(store.operationItems<'logs'>(started.id).map((l) => l.text)).toEqual(['line 1', 'line 2'])

    // A flood: thousands of lines over a few batches, one re-render when the frame comes.
    const version = store.useOperations.getState().itemsVersion
    for (let i = 3; i <= 20_000; i++) push([line(i)])
    finish()
    await operations.wait(started.id)
    expect(store.useOperations.getState().itemsVersion).toBe(version)
    flushFrames()
    expect(store.useOperations.getState().itemsVersion).toBe(version + 1)
    expect(store.operationItems<'logs'>(started.id)).toHaveLength(20_000)
    expect(store.useOperations.getState().records[started.id]).toMatchObject({ state: 'finished' })

    // Forgotten: gone, and a late batch does not bring it back.
    store.useOperations.getState().forget(started.id)
    expect(store.useOperations.getState().records[started.id]).toBeUndefined()
    expect(store.operationItems(started.id)).toEqual([])
  })

  it('forgetting a running operation cancels it on main', async () => {
    const started = operations.start('logs', { containerId: 'c2' }, (op) => new Promise((resolve) => op.signal.addEventListener('abort', () => resolve(null))))
    await new Promise((r) => setTimeout(r, 30))
    store.useOperations.getState().forget(started.id)
    expect(await operations.wait(started.id)).toMatchObject({ state: 'cancelled' })
    await new Promise((r) => setTimeout(r, 30))
    expect(store.useOperations.getState().records[started.id]).toBeUndefined()
  })

  it('a build update goes to the build store’s listener; its lines are not kept twice', async () => {
    const seen: string[] = []
    const stop = store.onOperationUpdates('build', (update) => seen.push(...update.items))
    const build = operations.track('build', 'b-1', { id: 'b-1', status: 'running' } as never, () => undefined)
    build.push(['Step 1/1 : FROM busybox'])
    build.end('finished')
    await new Promise((r) => setTimeout(r, 0))
    stop()
    expect(seen).toEqual(['Step 1/1 : FROM busybox'])
    expect(store.useOperations.getState().records['b-1']).toMatchObject({ kind: 'build', state: 'finished' })
    expect(store.operationItems('b-1')).toEqual([])
  })

  it('a pull that ends refreshes the Images list and says so; a cancel answers with how it ended', async () => {
    const { useImages } = await import('../../src/renderer/store/images')
    let release: () => void = () => {}
    const started = operations.start('pull', { reference: 'busybox:latest', layers: [], status: 'Starting' }, () => new Promise((resolve) => (release = () => resolve({ reference: 'busybox:latest', id: 'sha256:1' }))))
    nextStart = () => started
    await store.useOperations.getState().pull('busybox:latest')
    const lists = calls.filter((c) => c === 'images.list').length
    await new Promise((r) => setTimeout(r, 0))
    release()
    await operations.wait(started.id)
    await vi.waitFor(() => expect(calls.filter((c) => c === 'images.list').length).toBeGreaterThan(lists))
    expect(useImages.getState().notice).toBe('Pulled busybox:latest.')

    const slow = operations.start('pull', { reference: 'ubuntu:latest', layers: [], status: 'Starting' }, (op) => new Promise((_, reject) => op.signal.addEventListener('abort', () => reject(new Error('aborted')))))
    await new Promise((r) => setTimeout(r, 0))
    await store.useOperations.getState().cancel(slow.id)
    expect(store.useOperations.getState().records[slow.id]).toMatchObject({ state: 'cancelled' })
    expect(useImages.getState().notice).toBe('Pull of ubuntu:latest cancelled.')
  })
})
