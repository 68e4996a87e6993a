import { create } from 'zustand'
import type { ContainerSummary, LogLine } from '../../shared/ipc/channels/containers'
import { errorMessage } from '../../shared/ipc/errors'
import { api } from '../api'

export type ContainerAction = 'start' | 'stop' | 'restart' | 'remove'

/** Shown where the person is when a container they run from Slipway exits. */
export interface ExitNotice {
  id: string
  name: string
  exitCode: number | null
  lastLines: LogLine[]
}

interface ContainersState {
  containers: ContainerSummary[]
  loaded: boolean
  loadError: string | null
  runningOnly: boolean
  /** The last action's error, with the container it was about. */
  actionError: { id: string; message: string } | null
  /** Container id → the action in progress. */
  busy: Record<string, ContainerAction>
  notices: ExitNotice[]
  /** Containers run or started from Slipway: their exits raise a notice. */
  watched: Set<string>
  /** Containers the person just stopped, restarted or removed: their exits are expected. */
  expectedExits: Set<string>
  /** Follows engine events; returns the unsubscribe function. Safe to call more than once. */
  start(): () => void
  load(): Promise<void>
  setRunningOnly(runningOnly: boolean): void
  act(id: string, action: ContainerAction): Promise<void>
  watch(id: string): void
  dismissNotice(id: string): void
  clearActionError(): void
}

let reloadTimer: ReturnType<typeof setTimeout> | null = null
let subscribers = 0
let loadRequest = 0
let unsubscribeEvents: (() => void) | null = null

export const useContainers = create<ContainersState>((set, get) => {
  const scheduleReload = () => {
    if (reloadTimer) clearTimeout(reloadTimer)
    reloadTimer = setTimeout(() => {
      reloadTimer = null
      void get().load()
    }, 120)
  }

  const noticeExit = async (id: string, exitCode: number | null, fallbackName: string) => {
    let lastLines: LogLine[] = []
    try {
      lastLines = await api.containers.tailLogs({ id, lines: 8 })
    } catch {
      // Removed already (--rm): the notice still has the exit code.
    }
    const name = get().containers.find((c) => c.id === id)?.name ?? fallbackName
    set((s) => ({ notices: [...s.notices.filter((n) => n.id !== id), { id, name, exitCode, lastLines }].slice(-4) }))
  }

  return {
    containers: [],
    loaded: false,
    loadError: null,
    runningOnly: false,
    actionError: null,
    busy: {},
    notices: [],
    watched: new Set(),
    expectedExits: new Set(),

    start() {
      subscribers++
      if (!unsubscribeEvents) {
        unsubscribeEvents = api.events.dockerEvents((batch) => {
          let reload = false
          for (const event of batch) {
            if (event.type === 'engine' || event.type === 'container') reload = true
            if (event.type === 'container' && event.action === 'die') {
              const { watched, expectedExits } = get()
              if (watched.has(event.id) && !expectedExits.has(event.id)) {
                const code = Number(event.attributes.exitCode)
                void noticeExit(event.id, Number.isFinite(code) ? code : null, event.attributes.name ?? event.id.slice(0, 12))
              }
            }
          }
          if (reload) scheduleReload()
        })
        void get().load()
      }
      return () => {
        subscribers--
        if (subscribers === 0 && unsubscribeEvents) {
          unsubscribeEvents()
          unsubscribeEvents = null
        }
      }
    },

    async load() {
      // Only the latest request may set the list: an older answer arriving late would show a stale state.
      const request = ++loadRequest
      try {
        const containers = await api.containers.list({ all: true })
        if (request === loadRequest) set({ containers, loaded: true, loadError: null })
      } catch (error) {
        if (request === loadRequest) set({ loaded: true, loadError: errorMessage(error) })
      }
    },

    setRunningOnly: (runningOnly) => set({ runningOnly }),

    async act(id, action) {
      set((s) => ({ busy: { ...s.busy, [id]: action }, actionError: null }))
      if (action !== 'start') set((s) => ({ expectedExits: new Set(s.expectedExits).add(id) }))
      try {
        if (action === 'start') {
          get().watch(id)
          await api.containers.start({ id })
        } else if (action === 'stop') await api.containers.stop({ id })
        else if (action === 'restart') await api.containers.restart({ id })
        else await api.containers.remove({ id })
      } catch (error) {
        set({ actionError: { id, message: errorMessage(error) } })
      } finally {
        set((s) => {
          const busy = { ...s.busy }
          delete busy[id]
          return { busy }
        })
        // Exits caused by this action are expected until its events have arrived.
        setTimeout(() => {
          set((s) => {
            const expectedExits = new Set(s.expectedExits)
            expectedExits.delete(id)
            return { expectedExits }
          })
        }, 3000)
        scheduleReload()
      }
    },

    watch: (id) => set((s) => ({ watched: new Set(s.watched).add(id) })),
    dismissNotice: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })),
    clearActionError: () => set({ actionError: null })
  }
})

/** What the table shows: all containers, or only running ones. */
export function visibleContainers(containers: ContainerSummary[], runningOnly: boolean): ContainerSummary[] {
  return runningOnly ? containers.filter((c) => c.state === 'running' || c.state === 'restarting') : containers
}
