// Runs inside the page before the app: the test bridge's half of the transport. It builds the same
// contract client the preload builds, over Playwright bindings instead of Electron IPC.
import { createClient } from '../../src/shared/ipc/client'
import type { Envelope } from '../../src/shared/ipc/errors'

type Listener = (payload: unknown) => void

interface BridgeWindow {
  __slipwayInvoke(channel: string, input: unknown): Promise<Envelope>
  __slipwayDispatch(eventChannel: string, payload: unknown): void
  slipway: unknown
}

const bridgeWindow = window as unknown as BridgeWindow
const listeners = new Map<string, Set<Listener>>()

bridgeWindow.__slipwayDispatch = (eventChannel, payload) => {
  for (const listener of listeners.get(eventChannel) ?? []) listener(payload)
}

bridgeWindow.slipway = createClient({
  invoke: (channel, input) => bridgeWindow.__slipwayInvoke(channel, input),
  subscribe: (eventChannel, listener) => {
    let set = listeners.get(eventChannel)
    if (!set) listeners.set(eventChannel, (set = new Set()))
    set.add(listener)
    return () => set.delete(listener)
  }
})
