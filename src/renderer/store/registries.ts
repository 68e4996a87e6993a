// Registries as the renderer sees them: who is logged in where (main reads config.json and the helpers), the
// push operations started here, and the last "newer image available" results by tag.
import { useEffect } from 'react'
import { create } from 'zustand'
import type { OperationSnapshot } from '../../shared/ipc/channels/operations'
import type { ImageUpdate, LoginResult, RegistriesList } from '../../shared/ipc/channels/registries'
import { errorMessage } from '../../shared/ipc/errors'
import { api } from '../api'
import { ensureOperationEvents, useOperations } from './operations'

interface RegistriesState {
  list: RegistriesList | null
  error: string | null
  open: boolean
  /** Newer-image results by `repo:tag`. */
  updates: Readonly<Record<string, ImageUpdate>>
  checking: boolean
  setOpen(open: boolean): void
  refresh(): Promise<void>
  /** The password goes to main in this one call and is not kept here. */
  login(registry: string, username: string, password: string): Promise<LoginResult>
  logout(registry: string): Promise<void>
  push(reference: string, source?: string): Promise<OperationSnapshot<'push'>>
  checkUpdates(references?: string[]): Promise<void>
}

let listening = false
function ensureUpdateEvents(): void {
  if (listening) return
  listening = true
  api.events.imageUpdates((results) => useRegistries.setState((s) => ({ updates: merge(s.updates, results) })))
  api.registries.updates().then((results) => useRegistries.setState((s) => ({ updates: merge(s.updates, results) })), () => undefined)
}

function merge(current: Readonly<Record<string, ImageUpdate>>, results: readonly ImageUpdate[]): Record<string, ImageUpdate> {
  const next = { ...current }
  for (const result of results) next[result.reference] = result
  return next
}

export const useRegistries = create<RegistriesState>((set, get) => ({
  list: null,
  error: null,
  open: false,
  updates: {},
  checking: false,
  setOpen: (open) => {
    set({ open })
    if (open) void get().refresh()
  },
  async refresh() {
    try {
      set({ list: await api.registries.list(), error: null })
    } catch (error) {
      set({ error: errorMessage(error) })
    }
  },
  async login(registry, username, password) {
    const result = await api.registries.login({ registry, username, password })
    await get().refresh()
    return result
  },
  async logout(registry) {
    await api.registries.logout({ registry })
    await get().refresh()
  },
  async push(reference, source) {
    ensureOperationEvents()
    const started = await api.registries.push(source ? { reference, source } : { reference })
    useOperations.setState((s) => (s.records[started.id] ? s : { records: { ...s.records, [started.id]: started } }))
    return started
  },
  async checkUpdates(references) {
    ensureUpdateEvents()
    set({ checking: true })
    try {
      const results = await api.registries.checkUpdates(references ? { references } : {})
      set((s) => ({ updates: merge(s.updates, results) }))
    } finally {
      set({ checking: false })
    }
  }
}))

/** The newer-image result for one tag (null while unchecked), following background checks. */
export function useImageUpdate(reference: string | null): ImageUpdate | null {
  useEffect(ensureUpdateEvents, [])
  return useRegistries((s) => (reference ? (s.updates[reference] ?? null) : null))
}
