import { create } from 'zustand'
import type { DockerEvent } from '../../shared/docker/events'
import { imageRows, type ImageContainer, type ImageRow } from '../../shared/ipc/channels/images'
import { errorMessage } from '../../shared/ipc/errors'
import { api } from '../api'

export type SortColumn = 'repository' | 'tag' | 'id' | 'created' | 'size' | 'ports' | 'inUse'
export interface SortOrder {
  column: SortColumn
  direction: 'asc' | 'desc'
}

export type ImagesDialog =
  | { kind: 'delete'; targets: string[] }
  | { kind: 'tag'; source: string; current: string }
  | { kind: 'pull' }
  | { kind: 'prune' }

interface ImagesState {
  rows: ImageRow[]
  containers: Record<string, ImageContainer[]>
  /** Exposed ports by image ID; missing while not yet inspected. */
  ports: Record<string, string[]>
  danglingHidden: number
  loaded: boolean
  error: string | null
  showDangling: boolean
  search: string
  sort: SortOrder
  /** Row keys. */
  selected: ReadonlySet<string>
  /** The row key whose details panel is open. */
  inspecting: string | null
  dialog: ImagesDialog | null
  /** A row key the table should scroll into view (then it clears this). */
  scrollTo: string | null
  /** The last thing done, read out politely (e.g. "Deleted myapp:1.0"). */
  notice: string
  /** Loads now and follows engine events; returns the unsubscribe function. */
  start(): () => void
  refresh(): void
  setSearch(search: string): void
  setShowDangling(show: boolean): void
  sortBy(column: SortColumn): void
  setSelected(keys: Iterable<string>): void
  toggleSelected(key: string): void
  inspect(key: string | null): void
  openDialog(dialog: ImagesDialog | null): void
  setNotice(notice: string): void
  setScrollTo(key: string | null): void
}

/** Image and container events that change what the list shows. */
const imageActions = new Set(['tag', 'untag', 'delete', 'pull', 'import', 'load', 'create'])
const containerActions = new Set(['create', 'destroy', 'start', 'die', 'pause', 'unpause'])

export function affectsImageList(event: DockerEvent): boolean {
  if (event.type === 'engine') return true
  if (event.type === 'image') return imageActions.has(event.action)
  if (event.type === 'container') return containerActions.has(event.action)
  return false
}

export function rowMatches(row: ImageRow, query: string): boolean {
  if (!query) return true
  const q = query.toLowerCase()
  if (row.repository.toLowerCase().includes(q) || row.tag.toLowerCase().includes(q)) return true
  if (row.id.replace(/^sha256:/, '').startsWith(q.replace(/^sha256:/, ''))) return true
  if (row.reference?.toLowerCase().includes(q)) return true
  for (const [key, value] of Object.entries(row.labels)) {
    if (`${key}=${value}`.toLowerCase().includes(q)) return true
  }
  return false
}

// One collator for every comparison: localeCompare with options builds a new one per call, which made
// sorting 2,000 tags take a quarter of a second.
const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' })

function compareText(a: string, b: string): number {
  return collator.compare(a, b)
}

/** Filters by the search text and sorts by the chosen column (ties: repository, tag). */
export function visibleRows(
  rows: ImageRow[],
  query: string,
  sort: SortOrder,
  ports: Record<string, string[]>,
  containers: Record<string, ImageContainer[]>
): ImageRow[] {
  const q = query.trim()
  const filtered = q ? rows.filter((row) => rowMatches(row, q)) : [...rows]
  const sign = sort.direction === 'asc' ? 1 : -1
  const key: Record<SortColumn, (a: ImageRow, b: ImageRow) => number> = {
    repository: (a, b) => compareText(a.repository, b.repository),
    tag: (a, b) => compareText(a.tag, b.tag),
    id: (a, b) => compareText(a.shortId, b.shortId),
    created: (a, b) => a.created - b.created,
    size: (a, b) => a.size - b.size,
    ports: (a, b) => compareText((ports[a.id] ?? []).join(' '), (ports[b.id] ?? []).join(' ')),
    inUse: (a, b) => (containers[a.id]?.length ?? 0) - (containers[b.id]?.length ?? 0)
  }
  const primary = key[sort.column]
  return filtered.sort((a, b) => sign * primary(a, b) || compareText(a.repository, b.repository) || compareText(a.tag, b.tag))
}

let timer: ReturnType<typeof setTimeout> | null = null
let inFlight = false
let again = false
/** A short wait gathers a burst of events into one list call. */
const COALESCE_MS = 30

export const useImages = create<ImagesState>((set, get) => {
  async function load(): Promise<void> {
    inFlight = true
    try {
      const list = await api.images.list({ dangling: get().showDangling })
      const rows = imageRows(list.images)
      const keys = new Set(rows.map((r) => r.key))
      const selected = new Set([...get().selected].filter((k) => keys.has(k)))
      set({ rows, containers: list.containers, danglingHidden: list.danglingHidden, loaded: true, error: null, selected })
      const known = get().ports
      const missing = list.images.map((image) => image.id).filter((id) => !(id in known))
      if (missing.length > 0) {
        const found = await api.images.exposedPorts({ ids: missing.slice(0, 10_000) })
        set({ ports: { ...get().ports, ...found } })
      }
    } catch (error) {
      set({ error: errorMessage(error), loaded: true })
    } finally {
      inFlight = false
      if (again) {
        again = false
        schedule(0)
      }
    }
  }

  function schedule(delay = COALESCE_MS): void {
    if (inFlight) {
      again = true
      return
    }
    if (timer) return
    timer = setTimeout(() => {
      timer = null
      if (inFlight) again = true
      else void load()
    }, delay)
  }

  return {
    rows: [],
    containers: {},
    ports: {},
    danglingHidden: 0,
    loaded: false,
    error: null,
    showDangling: false,
    search: '',
    sort: { column: 'created', direction: 'desc' },
    selected: new Set(),
    inspecting: null,
    dialog: null,
    scrollTo: null,
    notice: '',
    start() {
      const unsubscribe = api.events.dockerEvents((batch) => {
        if (batch.some(affectsImageList)) schedule()
      })
      schedule(0)
      return unsubscribe
    },
    refresh: () => schedule(0),
    setSearch: (search) => set({ search }),
    setShowDangling(showDangling) {
      set({ showDangling })
      schedule(0)
    },
    sortBy(column) {
      const { sort } = get()
      const direction = sort.column === column ? (sort.direction === 'asc' ? 'desc' : 'asc') : column === 'created' || column === 'size' ? 'desc' : 'asc'
      set({ sort: { column, direction } })
    },
    setSelected: (keys) => set({ selected: new Set(keys) }),
    toggleSelected(key) {
      const selected = new Set(get().selected)
      if (selected.has(key)) selected.delete(key)
      else selected.add(key)
      set({ selected })
    },
    inspect: (inspecting) => set({ inspecting }),
    openDialog: (dialog) => set({ dialog }),
    setNotice: (notice) => set({ notice }),
    setScrollTo: (scrollTo) => set({ scrollTo })
  }
})
