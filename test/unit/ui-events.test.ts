// One-shot UI commands: handled once by whoever listens; a command sent just before its view mounts
// reaches it, an old one does not.
import { describe, expect, it } from 'vitest'
import { createEventBus } from '../../src/renderer/ui-events'

interface Events {
  reveal: { id: string }
}

describe('the UI event bus', () => {
  it('delivers to every listener once, and not after unsubscribing', () => {
    const bus = createEventBus<Events>()
    const seen: string[] = []
    const stop = bus.on('reveal', ({ id }) => seen.push(`a:${id}`))
    bus.on('reveal', ({ id }) => seen.push(`b:${id}`))
    bus.emit('reveal', { id: '1' })
    stop()
    bus.emit('reveal', { id: '2' })
    expect(seen).toEqual(['a:1', 'b:1', 'b:2'])
  })

  it('hands a command sent while nobody listens to the first listener, once', () => {
    let now = 0
    const bus = createEventBus<Events>(() => now)
    bus.emit('reveal', { id: 'early' })
    now = 200
    const first: string[] = []
    const second: string[] = []
    bus.on('reveal', ({ id }) => first.push(id))
    bus.on('reveal', ({ id }) => second.push(id))
    expect(first).toEqual(['early'])
    expect(second).toEqual([])
  })

  it('drops a command nobody took within a second', () => {
    let now = 0
    const bus = createEventBus<Events>(() => now)
    bus.emit('reveal', { id: 'old' })
    now = 5000
    const seen: string[] = []
    bus.on('reveal', ({ id }) => seen.push(id))
    expect(seen).toEqual([])
  })
})
