// The images list is live from app start while an engine is connected: the first fetch without any view,
// engine events refresh it (a deleted image goes), and another engine clears it before its own rows come.
// The stores are the real ones; only the client main would answer through is a stand-in (an engine per
// endpoint in memory), put on window where the preload puts the real one.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import type { DockerEvent } from '../../src/shared/docker/events'
import type { ConnectionState } from '../../src/shared/ipc/channels/engine'
import type { ImageList, ImageSummary } from '../../src/shared/ipc/channels/images'

const engines: Record<string, ImageSummary[]> = {}
let current = 'unix:///a.sock'
let listCalls = 0
/** Lets a test hold list answers back (e.g. to switch engines while one is on its way). */
let gate: Promise<void> = Promise.resolve()
const eventListeners = new Set<(batch: DockerEvent[]) => void>()

const image = (id: string, ...tags: string[]): ImageSummary => ({ id: `sha256:${id.padEnd(64, '0')}`, created: 0, size: 1, labels: {}, tags, digestRepository: null })
const connected = (host: string): ConnectionState => ({
  status: 'connected',
  engine: { name: 'Docker Engine', version: '20.10', apiVersion: '1.41', os: 'linux', arch: 'amd64' },
  endpoint: { host, source: 'chosen' },
  attempts: []
})
const send = (...batch: DockerEvent[]) => eventListeners.forEach((listener) => listener(batch))
const imageEvent = (action: string): DockerEvent => ({ type: 'image', action, id: 'x', attributes: {}, time: 0 })

const client = {
  images: {
    async list(): Promise<ImageList> {
      listCalls++
      const asked = current
      await gate
      return { images: engines[asked] ?? [], containers: {}, danglingHidden: 0 }
    },
    exposedPorts: async () => ({})
  },
  events: {
    dockerEvents(listener: (batch: DockerEvent[]) => void) {
      eventListeners.add(listener)
      return () => eventListeners.delete(listener)
    }
  }
}

let stores: { useImages: typeof import('../../src/renderer/store/images').useImages; useConnection: typeof import('../../src/renderer/store/connection').useConnection }

beforeAll(async () => {
  vi.stubGlobal('window', { slipway: client })
  stores = {
    useImages: (await import('../../src/renderer/store/images')).useImages,
    useConnection: (await import('../../src/renderer/store/connection')).useConnection
  }
})
afterAll(() => vi.unstubAllGlobals())

const references = () => stores.useImages.getState().shown.map((row) => row.reference)

describe('the images list, live from app start', () => {
  let stop: () => void = () => undefined
  beforeEach(() => {
    stop()
    eventListeners.clear()
    engines['unix:///a.sock'] = [image('a1', 'app:1', 'app:2'), image('a2', 'web:latest')]
    engines['unix:///b.sock'] = [image('b1', 'other:1')]
    current = 'unix:///a.sock'
    listCalls = 0
    gate = Promise.resolve()
    stores.useConnection.setState({ state: { status: 'connecting', attempts: [] } })
    stores.useImages.setState({ rows: [], sorted: [], shown: [], loaded: false })
  })

  it('waits for an engine, then fetches without any view and follows its events', async () => {
    stop = stores.useImages.getState().keepLive()
    expect(listCalls).toBe(0)
    expect(eventListeners.size).toBe(0)
    stores.useConnection.setState({ state: connected(current) })
    await vi.waitFor(() => expect(references()).toEqual(['app:1', 'app:2', 'web:latest']))
    expect(listCalls).toBe(1)
    expect(eventListeners.size).toBe(1)
  })

  it('a deleted image leaves the list on its event, with no view open', async () => {
    stop = stores.useImages.getState().keepLive()
    stores.useConnection.setState({ state: connected(current) })
    await vi.waitFor(() => expect(stores.useImages.getState().loaded).toBe(true))
    engines[current] = [image('a2', 'web:latest')]
    send(imageEvent('untag'), imageEvent('untag'), imageEvent('delete'))
    await vi.waitFor(() => expect(references()).toEqual(['web:latest']))
    expect(listCalls).toBe(2)
  })

  it('opening the view shows the rows it has at once, and the view going keeps the list live', async () => {
    stop = stores.useImages.getState().keepLive()
    stores.useConnection.setState({ state: connected(current) })
    await vi.waitFor(() => expect(stores.useImages.getState().loaded).toBe(true))
    const release = stores.useImages.getState().follow()
    expect(references()).toEqual(['app:1', 'app:2', 'web:latest'])
    release()
    expect(eventListeners.size).toBe(1)
  })

  it('another engine clears the list at once, and a fetch from the last engine still on its way is dropped', async () => {
    stop = stores.useImages.getState().keepLive()
    stores.useConnection.setState({ state: connected(current) })
    await vi.waitFor(() => expect(stores.useImages.getState().loaded).toBe(true))
    let open!: () => void
    gate = new Promise((resolve) => (open = resolve))
    send(imageEvent('tag'))
    await vi.waitFor(() => expect(listCalls).toBe(2))
    current = 'unix:///b.sock'
    stores.useConnection.setState({ state: connected(current) })
    expect(references()).toEqual([])
    expect(stores.useImages.getState().loaded).toBe(false)
    let staleShown = false
    const unwatch = stores.useImages.subscribe((s) => (staleShown ||= s.shown.some((row) => row.reference === 'app:1')))
    open()
    await vi.waitFor(() => expect(references()).toEqual(['other:1']))
    unwatch()
    expect(staleShown).toBe(false)
  })

  it('losing the engine stops following; the same engine back fetches again without clearing', async () => {
    stop = stores.useImages.getState().keepLive()
    stores.useConnection.setState({ state: connected(current) })
    await vi.waitFor(() => expect(stores.useImages.getState().loaded).toBe(true))
    stores.useConnection.setState({ state: { status: 'disconnected', attempts: [], error: 'gone', hint: '', nextRetryAt: null } })
    expect(eventListeners.size).toBe(0)
    expect(references()).toHaveLength(3)
    stores.useConnection.setState({ state: connected(current) })
    expect(references()).toHaveLength(3)
    await vi.waitFor(() => expect(listCalls).toBe(2))
  })
})
