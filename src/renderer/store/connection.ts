import { create } from 'zustand'
import type { ConnectionState, EngineContexts } from '../../shared/ipc/channels/engine'
import { errorMessage } from '../../shared/ipc/errors'
import { api } from '../api'

interface ConnectionStore {
  state: ConnectionState
  contexts: EngineContexts | null
  switchError: string | null
  /** Subscribes to the engine's state; returns the unsubscribe function. */
  start(): () => void
  retry(): Promise<void>
  loadContexts(): Promise<void>
  switchContext(name: string | null): Promise<void>
}

export const useConnection = create<ConnectionStore>((set, get) => ({
  state: { status: 'connecting', attempts: [] },
  contexts: null,
  switchError: null,
  start() {
    const unsubscribe = api.events.connectionState((state) => set({ state }))
    void api.engine.status().then((state) => set({ state }))
    void get().loadContexts()
    return unsubscribe
  },
  async retry() {
    set({ state: await api.engine.retry() })
  },
  async loadContexts() {
    try {
      set({ contexts: await api.engine.listContexts() })
    } catch (error) {
      set({ switchError: errorMessage(error) })
    }
  },
  async switchContext(name) {
    set({ switchError: null })
    try {
      set({ state: await api.engine.useContext({ name }) })
      await get().loadContexts()
    } catch (error) {
      set({ switchError: errorMessage(error) })
    }
  }
}))
