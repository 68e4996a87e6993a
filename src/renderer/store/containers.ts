import { create } from 'zustand'
import type { ContainerSummary, LogLine } from '../../shared/ipc/channels/containers'
import { errorMessage } from '../../shared/ipc/errors'
import { api } from '../api'
import { affectsContainerList } from './list-events'
import { createLiveList } from './live-list'

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
  /** A view shows the list (or the exit notices): loads it and follows engine events until the returned function is called. */
  follow(): () => void
  load(): Promise<void>
  setRunningOnly(runningOnly: boolean): void
  act(id: string, action: ContainerAction): Promise<void>
  watch(id: string): void
  dismissNotice(id: string): void
  clearActionError(): void
  /** `docker inspect` of a container, pretty-printed. */
  inspectContainer(id: string): Promise<string>
  /** The `docker run` command that makes this container again. */
  runCommandOf(id: string): Promise<string>
  /** Saves the container's whole log to a file the person picks; the file, or null when they cancelled. */
  saveLogs(id: string, timestamps: boolean): Promise<string | null>
}

export const useContainers = create<ContainersState>((set, get) => {
  let loadRequest = 0

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

  const live = createLiveList({
    subscribe: (listener) => api.events.dockerEvents(listener),
    affects: affectsContainerList,
    load: () => get().load(),
    coalesceMs: 120,
    onBatch(batch) {
      for (const event of batch) {
        if (event.type !== 'container' || event.action !== 'die') continue
        const { watched, expectedExits } = get()
        if (watched.has(event.id) && !expectedExits.has(event.id)) {
          const code = Number(event.attributes.exitCode)
          void noticeExit(event.id, Number.isFinite(code) ? code : null, event.attributes.name ?? event.id.slice(0, 12))
        }
      }
    }
  })

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

    follow: () => live.acquire(),

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
        live.refresh()
      }
    },

    watch: (id) => set((s) => ({ watched: new Set(s.watched).add(id) })),
    dismissNotice: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })),
    clearActionError: () => set({ actionError: null }),
    inspectContainer: (id) => api.containers.inspect({ id }),
    runCommandOf: (id) => api.containers.runCommand({ id }),
    saveLogs: (id, timestamps) => api.containers.saveLogs({ id, timestamps })
  }
})

/** What the table shows: all containers, or only running ones. */
export function visibleContainers(containers: ContainerSummary[], runningOnly: boolean): ContainerSummary[] {
  return runningOnly ? containers.filter((c) => c.state === 'running' || c.state === 'restarting') : containers
}
