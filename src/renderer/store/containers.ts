import { create } from 'zustand'
import type { ContainerSummary, LogLine } from '../../shared/ipc/channels/containers'
import { sameReference } from '../../shared/docker/reference'
import { errorMessage } from '../../shared/ipc/errors'
import { api } from '../api'
import { affectsContainerList, movesATag } from './list-events'
import { createLiveList } from './live-list'

export type ContainerAction = 'start' | 'stop' | 'restart' | 'remove'

/** What a row says while an action runs. */
export const actionInProgress: Record<ContainerAction, string> = {
  start: 'Starting…',
  stop: 'Stopping…',
  restart: 'Restarting…',
  remove: 'Removing…'
}

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
  /** Containers run or started from Slipway: their exits raise a notice, unless Slipway asked for them. */
  watched: Set<string>
  /** A container to bring into view in the Containers view ("Show in Containers"), until it is. */
  revealed: string | null
  /** The container last brought into view: its row stays marked. */
  highlighted: string | null
  /** A view shows the list (or the exit notices): loads it and follows engine events until the returned function is called. */
  follow(): () => void
  load(): Promise<void>
  setRunningOnly(runningOnly: boolean): void
  act(id: string, action: ContainerAction): Promise<void>
  watch(id: string): void
  dismissNotice(id: string): void
  /** Opens the Containers view with this container's row in view (all containers shown). */
  reveal(id: string): void
  revealDone(): void
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
  // A die event can arrive before the engine's list says the container stopped (Docker 26, or a loaded engine):
  // such a container is listed again shortly, a few times at most, so its row does not stay "Running".
  const settling = new Map<string, number>()
  const recheckSettling = (containers: ContainerSummary[]) => {
    let stale = false
    for (const [id, tries] of settling) {
      const running = containers.some((c) => c.id === id && c.state === 'running')
      if (running && tries > 1) settling.set(id, tries - 1)
      else settling.delete(id)
      stale ||= running && tries > 1
    }
    if (stale) setTimeout(() => live.refresh(), 300)
  }

  const noticeExit = async (id: string, exitCode: number | null, fallbackName: string) => {
    // A stop, remove or recreate that Slipway asked for is not an alarm; only main knows (it made the request).
    const cause = await api.containers.exitCause({ id }).catch(() => ({ requested: false }))
    if (cause.requested) return
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
    // A tag moving to a new build makes containers of the old build outdated.
    affects: (event) => affectsContainerList(event) || movesATag(event),
    load: () => get().load(),
    coalesceMs: 120,
    onBatch(batch) {
      for (const event of batch) {
        if (event.type !== 'container' || event.action !== 'die') continue
        settling.set(event.id, 10)
        if (get().watched.has(event.id)) {
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
    revealed: null,
    highlighted: null,

    follow: () => live.acquire(),

    async load() {
      // Only the latest request may set the list: an older answer arriving late would show a stale state.
      const request = ++loadRequest
      try {
        const containers = await api.containers.list({ all: true })
        if (request === loadRequest) {
          set({ containers, loaded: true, loadError: null })
          recheckSettling(containers)
        }
      } catch (error) {
        if (request === loadRequest) set({ loaded: true, loadError: errorMessage(error) })
      }
    },

    setRunningOnly: (runningOnly) => set({ runningOnly }),

    async act(id, action) {
      set((s) => ({ busy: { ...s.busy, [id]: action }, actionError: null }))
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
        live.refresh()
      }
    },

    watch: (id) => set((s) => ({ watched: new Set(s.watched).add(id) })),
    dismissNotice: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })),
    reveal: (id) => set({ revealed: id, highlighted: id, runningOnly: false }),
    revealDone: () => set({ revealed: null }),
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

/** Containers running an older build of `tag` (the tag now names a newer image): offer to recreate them. */
export function containersRunningOlderBuild(containers: readonly ContainerSummary[], tag: string): ContainerSummary[] {
  return containers.filter((c) => c.outdated && sameReference(c.outdated.tag, tag))
}
