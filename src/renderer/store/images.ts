// The Images list and everything the Images view asks of main. The list is the app's central one: it is
// fetched at start and kept live from engine events while an engine is connected (keepLive), so opening
// the view shows rows already here. It is kept sorted here, once per change of rows or order; the view
// only reads `shown`.
import { create } from 'zustand'
import {
  imageRows,
  type DeletePlan,
  type ImageContainer,
  type ImageDetails,
  type ImageRow,
  type PruneMode,
  type PrunePreview
} from '../../shared/ipc/channels/images'
import { formatBytes } from '../../shared/format'
import { errorMessage } from '../../shared/ipc/errors'
import { api } from '../api'
import { uiEvents } from '../ui-events'
import { DEFAULT_SORT, filterRows, matchesFocus, nextSort, sortReadsContainers, sortReadsPorts, sortRows, type SortColumn, type SortOrder } from './image-list'
import { useConnection } from './connection'
import { keepLiveWhileConnected } from './keep-live'
import { affectsImageList } from './list-events'
import { createLiveList } from './live-list'

export type { SortColumn, SortOrder } from './image-list'

export type ImagesDialog =
  | { kind: 'delete'; targets: string[] }
  | { kind: 'tag'; source: string; current: string }
  | { kind: 'pull' }
  | { kind: 'prune' }

interface ImagesState {
  /** One per tag, in the order main listed them. */
  rows: ImageRow[]
  /** `rows` in the chosen order. */
  sorted: ImageRow[]
  /** `sorted`, only those matching the search: what the table shows. */
  shown: ImageRow[]
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
  /** The last thing done, read out politely (e.g. "Deleted myapp:1.0"). */
  notice: string
  /** An image (ID or reference) to show and scroll to once the list has it, e.g. after a build. */
  pendingFocus: string | null
  /** The row key "Show image" brought into view: marked, not selected (selection arms "Delete selected"). */
  revealed: string | null
  /** From app start: loads the list and follows engine events while an engine is connected; another engine clears it first. */
  keepLive(): () => void
  /** A view shows the list: follows engine events (and checks the list once more, after the view is painted) until the returned function is called. */
  follow(): () => void
  refresh(): void
  setSearch(search: string): void
  setShowDangling(show: boolean): void
  sortBy(column: SortColumn): void
  setSelected(keys: Iterable<string>): void
  toggleSelected(key: string): void
  inspect(key: string | null): void
  openDialog(dialog: ImagesDialog | null): void
  setNotice(notice: string): void
  /** Marks the image and scrolls the table to it (now, or when the list first has it); the selection stays as it was. */
  focus(image: string): void

  inspectImage(image: string): Promise<ImageDetails>
  planDelete(targets: string[]): Promise<DeletePlan>
  /** Deletes what the plan says (and, when asked, the containers it names); says what was done. */
  deleteImages(plan: DeletePlan, removeContainers: boolean): Promise<void>
  tagImage(source: string, target: string): Promise<void>
  previewPrune(mode: PruneMode): Promise<PrunePreview>
  prune(preview: PrunePreview): Promise<void>
}

/** Resolves once the browser has painted what is set now. */
function afterPaint(): Promise<void> {
  if (typeof requestAnimationFrame !== 'function') return Promise.resolve()
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)))
}

const shortOf = (image: string) => (image.startsWith('sha256:') ? image.slice(7, 19) : image)

export const useImages = create<ImagesState>((set, get) => {
  /** Sets rows (or the order, ports, containers) and recomputes the shown list only as far as needed. */
  function arrange(change: Partial<Pick<ImagesState, 'rows' | 'sort' | 'ports' | 'containers' | 'search'>>): Partial<ImagesState> {
    const s = { ...get(), ...change }
    const resort =
      change.rows !== undefined ||
      change.sort !== undefined ||
      (change.ports !== undefined && sortReadsPorts(s.sort)) ||
      (change.containers !== undefined && sortReadsContainers(s.sort))
    const sorted = resort ? sortRows(s.rows, s.sort, s.ports, s.containers) : s.sorted
    const shown = resort || change.search !== undefined ? filterRows(sorted, s.search) : s.shown
    return { ...change, sorted, shown }
  }

  function resolveFocus(): void {
    const { pendingFocus, rows, shown, loaded } = get()
    if (!pendingFocus || !loaded) return
    const row = rows.find((r) => matchesFocus(r, pendingFocus))
    if (!row) return
    set({ pendingFocus: null, revealed: row.key, ...(shown.includes(row) ? {} : arrange({ search: '' })) })
    uiEvents.emit('scrollToImage', { key: row.key })
  }

  /** Changes when another engine is connected: a fetch begun before that is dropped. */
  let engineGeneration = 0

  /** Another engine: nothing of the last one's list may show as this one's. */
  function clear(): void {
    engineGeneration++
    set({ ...arrange({ rows: [], ports: {}, containers: {} }), danglingHidden: 0, loaded: false, error: null, selected: new Set(), inspecting: null, dialog: null })
  }

  async function load(): Promise<void> {
    const generation = engineGeneration
    try {
      const list = await api.images.list({ dangling: get().showDangling })
      if (generation !== engineGeneration) return
      const rows = imageRows(list.images)
      const keys = new Set(rows.map((r) => r.key))
      const selected = new Set([...get().selected].filter((k) => keys.has(k)))
      set({ ...arrange({ rows, containers: list.containers }), danglingHidden: list.danglingHidden, loaded: true, error: null, selected })
      resolveFocus()
      // The rows are painted before the ports are asked for: they take an inspect per new image, which
      // would compete with that first paint for the CPU.
      await afterPaint()
      const known = get().ports
      const missing = list.images.map((image) => image.id).filter((id) => !(id in known))
      if (missing.length > 0) {
        const found = await api.images.exposedPorts({ ids: missing.slice(0, 10_000) })
        if (generation !== engineGeneration) return
        set(arrange({ ports: { ...get().ports, ...found } }))
      }
    } catch (error) {
      if (generation !== engineGeneration) return
      set({ error: errorMessage(error), loaded: true })
    }
  }

  const live = createLiveList({ subscribe: (listener) => api.events.dockerEvents(listener), affects: affectsImageList, load })

  return {
    rows: [],
    sorted: [],
    shown: [],
    containers: {},
    ports: {},
    danglingHidden: 0,
    loaded: false,
    error: null,
    showDangling: false,
    search: '',
    sort: DEFAULT_SORT,
    selected: new Set(),
    inspecting: null,
    dialog: null,
    notice: '',
    pendingFocus: null,
    revealed: null,
    keepLive: () =>
      keepLiveWhileConnected({
        connection(listener) {
          listener(useConnection.getState().state)
          return useConnection.subscribe((now, before) => {
            if (now.state !== before.state) listener(now.state)
          })
        },
        live,
        clear
      }),
    follow() {
      const wasLive = live.isLive()
      const release = live.acquire()
      // Rows kept live are shown at once; one quiet check after the view is painted covers anything an
      // event stream can miss (a reconnect between two events).
      if (wasLive) void afterPaint().then(() => live.refresh())
      return release
    },
    refresh: () => live.refresh(0),
    setSearch: (search) => set(arrange({ search })),
    setShowDangling(showDangling) {
      set({ showDangling })
      live.refresh(0)
    },
    sortBy: (column) => set(arrange({ sort: nextSort(get().sort, column) })),
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
    focus(image) {
      set({ pendingFocus: image })
      resolveFocus()
    },

    inspectImage: (image) => api.images.inspect({ image }),
    planDelete: (targets) => api.images.planDelete({ targets }),
    async deleteImages(plan, removeContainers) {
      const result = await api.images.remove({
        targets: plan.targets,
        expectSignature: plan.signature,
        removeContainers: removeContainers ? plan.containers.map((c) => c.id) : []
      })
      const parts = []
      if (result.removedContainers.length) parts.push(`removed ${result.removedContainers.length === 1 ? 'container' : 'containers'} ${result.removedContainers.join(', ')}`)
      if (result.untagged.length) parts.push(`untagged ${result.untagged.join(', ')}`)
      if (result.deletedImages.length) parts.push(`deleted ${result.deletedImages.length === 1 ? 'the image' : `${result.deletedImages.length} images`}`)
      set({ notice: parts.length ? `Done: ${parts.join('; ')}.` : 'Nothing needed deleting.', selected: new Set(), dialog: null })
    },
    async tagImage(source, target) {
      const { reference } = await api.images.tag({ source, target })
      set({ notice: `Tagged ${shortOf(source)} as ${reference}.`, dialog: null })
    },
    previewPrune: (mode) => api.images.prunePreview({ mode }),
    async prune(preview) {
      const result = await api.images.prune({ mode: preview.mode, ids: preview.candidates.map((c) => c.id) })
      const skipped = result.skipped.length ? ` ${result.skipped.length} skipped: ${result.skipped.map((s) => `${s.id.slice(7, 19)} ${s.reason}`).join('; ')}.` : ''
      set({
        notice: `Pruned ${result.deleted.length} ${result.deleted.length === 1 ? 'image' : 'images'}, freed at least ${formatBytes(result.reclaimed)}.${skipped}`,
        dialog: null
      })
    }
  }
})
