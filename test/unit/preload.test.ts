import { beforeEach, describe, expect, it, vi } from 'vitest'
import { contract, events } from '../../src/shared/ipc/contract'

const exposed: Record<string, unknown> = {}
const invoke = vi.fn(async () => ({ ok: true, value: 'answer' }))
const listeners = new Map<string, (event: unknown, payload: unknown) => void>()

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, value: unknown) => (exposed[key] = value) },
  ipcRenderer: {
    invoke,
    on: (channel: string, listener: (event: unknown, payload: unknown) => void) => listeners.set(channel, listener),
    removeListener: (channel: string) => listeners.delete(channel),
    send: () => {
      throw new Error('the preload must not send raw messages')
    }
  }
}))

describe('preload', () => {
  beforeEach(async () => {
    await import('../../src/preload/index')
  })

  it('exposes exactly one object, window.slipway, made of the contract named functions', () => {
    expect(Object.keys(exposed)).toEqual(['slipway'])
    const slipway = exposed.slipway as Record<string, Record<string, unknown>>
    expect(Object.keys(slipway).sort()).toEqual([...Object.keys(contract), 'events'].sort())
    for (const [group, channels] of Object.entries(contract)) {
      expect(Object.keys(slipway[group]!).sort()).toEqual(Object.keys(channels).sort())
      for (const fn of Object.values(slipway[group]!)) expect(typeof fn).toBe('function')
    }
    expect(Object.keys(slipway.events!).sort()).toEqual(Object.keys(events).sort())
    for (const raw of ['invoke', 'send', 'on', 'ipcRenderer', 'electronAPI']) expect(slipway).not.toHaveProperty(raw)
  })

  it('calls through ipcRenderer.invoke on the channel name, and listeners get the payload, not the event', async () => {
    const slipway = exposed.slipway as { engine: { status(): Promise<unknown> }; events: { connectionState(l: (p: unknown) => void): () => void } }
    expect(await slipway.engine.status()).toBe('answer')
    expect(invoke).toHaveBeenCalledWith('engine.status', undefined)
    const received: unknown[] = []
    const unsubscribe = slipway.events.connectionState((payload) => received.push(payload))
    listeners.get('event:connectionState')!({ sender: 'electron event' }, { status: 'connecting' })
    expect(received).toEqual([{ status: 'connecting' }])
    unsubscribe()
    expect(listeners.has('event:connectionState')).toBe(false)
  })
})
