// Lists follow the engine's events: which events affect which list, and the helper that refetches a
// list with coalescing while a view needs it.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { DockerEvent } from '../../src/shared/docker/events'
import { createLiveList } from '../../src/renderer/store/live-list'
import { affectsContainerList, affectsImageList, movesATag } from '../../src/renderer/store/list-events'

function event(type: string, action: string): DockerEvent {
  return { type, action, id: 'x', attributes: {}, time: 0 }
}

describe('which events affect a list', () => {
  it.each([
    ['image', 'tag', true],
    ['image', 'untag', true],
    ['image', 'delete', true],
    ['image', 'pull', true],
    ['image', 'push', false],
    // Podman: a build's -t moves the tag with no tag event.
    ['image', 'build', true],
    ['container', 'create', true],
    ['container', 'die', true],
    ['container', 'exec_start: sh -c true', false],
    ['container', 'rename', true],
    ['network', 'connect', false],
    ['volume', 'create', false],
    ['engine', 'reconnected', true]
  ])('images: %s %s → %s', (type, action, expected) => {
    expect(affectsImageList(event(type, action))).toBe(expected)
  })

  it.each([
    ['container', 'start', true],
    ['container', 'stop', true],
    ['container', 'rename', true],
    ['container', 'health_status: healthy', true],
    ['container', 'exec_start: sh -c true', false],
    ['container', 'exec_die', false],
    ['container', 'attach', false],
    ['container', 'resize', false],
    ['image', 'tag', false],
    ['engine', 'reconnected', true]
  ])('containers: %s %s → %s', (type, action, expected) => {
    expect(affectsContainerList(event(type, action))).toBe(expected)
  })

  it.each([
    ['image', 'tag', true],
    ['image', 'untag', true],
    ['image', 'build', true],
    ['image', 'pull', false],
    ['container', 'create', false]
  ])('a tag may have moved (outdated containers): %s %s → %s', (type, action, expected) => {
    expect(movesATag(event(type, action))).toBe(expected)
  })
})

describe('createLiveList', () => {
  let listeners: Set<(batch: DockerEvent[]) => void>
  let loads: number
  let finishLoad: (() => void)[]

  function makeList() {
    return createLiveList({
      subscribe(listener) {
        listeners.add(listener)
        return () => listeners.delete(listener)
      },
      affects: (e) => e.type === 'image',
      load: () =>
        new Promise<void>((resolve) => {
          loads++
          finishLoad.push(resolve)
        })
    })
  }
  const send = (...batch: DockerEvent[]) => listeners.forEach((l) => l(batch))
  async function settle() {
    while (finishLoad.length > 0) {
      finishLoad.shift()!()
      await vi.advanceTimersByTimeAsync(50)
    }
  }

  beforeEach(() => {
    vi.useFakeTimers()
    listeners = new Set()
    loads = 0
    finishLoad = []
  })
  afterEach(() => vi.useRealTimers())

  it('loads when the first view needs it, subscribes once, and unsubscribes after the last view', async () => {
    const list = makeList()
    const releaseA = list.acquire()
    const releaseB = list.acquire()
    expect(loads).toBe(1)
    expect(listeners.size).toBe(1)
    await settle()
    releaseA()
    releaseA()
    expect(listeners.size).toBe(1)
    releaseB()
    expect(listeners.size).toBe(0)
  })

  it('refetches only for events that affect the list, once per burst', async () => {
    const list = makeList()
    list.acquire()
    await settle()
    send(event('network', 'connect'))
    await vi.advanceTimersByTimeAsync(100)
    expect(loads).toBe(1)
    send(event('image', 'tag'))
    send(event('image', 'tag'), event('image', 'untag'))
    await vi.advanceTimersByTimeAsync(100)
    expect(loads).toBe(2)
  })

  it('never runs two fetches at once: events during a fetch give one more after it', async () => {
    const list = makeList()
    list.acquire()
    expect(loads).toBe(1)
    send(event('image', 'tag'))
    await vi.advanceTimersByTimeAsync(100)
    send(event('image', 'delete'))
    list.refresh(0)
    await vi.advanceTimersByTimeAsync(100)
    expect(loads).toBe(1)
    finishLoad.shift()!()
    await vi.advanceTimersByTimeAsync(100)
    expect(loads).toBe(2)
    await settle()
    expect(loads).toBe(2)
  })

  it('a pending event refetch does not survive the last view going', async () => {
    const list = makeList()
    const release = list.acquire()
    await settle()
    send(event('image', 'tag'))
    release()
    await vi.advanceTimersByTimeAsync(100)
    expect(loads).toBe(1)
  })
})
