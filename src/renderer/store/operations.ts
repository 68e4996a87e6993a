// Long operations as the renderer sees them (pull, logs, build): every operation main told us about, by id,
// whichever view or dialog started it. Items (log lines) are kept outside React state and the view is told
// at most once a frame, however fast batches come.
import { useEffect } from 'react'
import { create } from 'zustand'
import type { OperationKind, OperationKinds, OperationSnapshot, OperationUpdate } from '../../shared/ipc/channels/operations'
import { api } from '../api'
import { useImages } from './images'

type Item<K extends OperationKind> = OperationKinds[K]['item']

/** Kinds whose items another store keeps (a build's log lives with its history in store/build.ts). */
const ITEMS_KEPT_ELSEWHERE: ReadonlySet<OperationKind> = new Set(['build'])

/**
 * Applies one progress batch: records by id (an operation started elsewhere, or whose events came before its
 * start answered, is taken in all the same), items appended to `items`. Ids in `forgotten` stay forgotten.
 * Returns the same object when nothing changed.
 */
export function applyOperationUpdates(
  records: Readonly<Record<string, OperationSnapshot>>,
  updates: readonly OperationUpdate[],
  items: Map<string, unknown[]>,
  forgotten: ReadonlySet<string>
): Readonly<Record<string, OperationSnapshot>> {
  let next: Record<string, OperationSnapshot> | null = null
  for (const update of updates) {
    if (forgotten.has(update.id)) continue
    const { items: added, ...snapshot } = update
    if (!ITEMS_KEPT_ELSEWHERE.has(update.kind)) {
      const list = items.get(update.id) ?? []
      for (const item of added as unknown[]) list.push(item)
      items.set(update.id, list)
    }
    next ??= { ...records }
    next[update.id] = snapshot as OperationSnapshot
  }
  return next ?? records
}

interface OperationsState {
  /** Every operation by id, as its last batch described it. */
  records: Readonly<Record<string, OperationSnapshot>>
  /** Changes when items arrive (at most once a frame). */
  itemsVersion: number
  pull(reference: string): Promise<OperationSnapshot<'pull'>>
  followLogs(containerId: string, tail: number | null): Promise<OperationSnapshot<'logs'>>
  /** Stops it on the engine; resolves once main says it ended. */
  cancel(id: string): Promise<void>
  /** Drops an operation and its items (a logs panel closes); a running one is cancelled first. */
  forget(id: string): void
}

const items = new Map<string, unknown[]>()
const forgotten = new Set<string>()
type Listener = (update: OperationUpdate) => void
const kindListeners = new Map<OperationKind, Set<Listener>>()

export const useOperations = create<OperationsState>((set, get) => ({
  records: {},
  itemsVersion: 0,
  async pull(reference) {
    ensureOperationEvents()
    const started = await api.images.pull({ reference })
    take(started)
    return started
  },
  async followLogs(containerId, tail) {
    ensureOperationEvents()
    const started = await api.containers.followLogs({ id: containerId, tail })
    take(started)
    return started
  },
  async cancel(id) {
    take(await api.operations.cancel({ id }))
  },
  forget(id) {
    const record = get().records[id]
    if (!record || record.state === 'running') void api.operations.cancel({ id }).catch(() => undefined)
    forgotten.add(id)
    items.delete(id)
    if (record) {
      const { [id]: _gone, ...rest } = get().records
      set({ records: rest })
    }
  }
}))

/** A start or cancel answer: taken unless a batch already said more (a batch can come before the answer). */
function take(snapshot: OperationSnapshot): void {
  const known = useOperations.getState().records[snapshot.id]
  if (forgotten.has(snapshot.id) || (known && (known.state !== 'running' || snapshot.state === 'running'))) return
  useOperations.setState((s) => ({ records: { ...s.records, [snapshot.id]: snapshot } }))
}

/** The items of one operation so far (log lines); read it again when `itemsVersion` changes. */
export function operationItems<K extends OperationKind>(id: string | null): readonly Item<K>[] {
  return ((id && items.get(id)) || []) as Item<K>[]
}

/** Calls `listener` with each update of one kind as it arrives (a store that keeps that kind its own way). */
export function onOperationUpdates<K extends OperationKind>(kind: K, listener: (update: Extract<OperationUpdate, { kind: K }>) => void): () => void {
  ensureOperationEvents()
  const set = kindListeners.get(kind) ?? new Set()
  kindListeners.set(kind, set)
  set.add(listener as Listener)
  return () => set.delete(listener as Listener)
}

let pendingFrame = false
const nextFrame = (run: () => void) => (typeof requestAnimationFrame === 'function' ? requestAnimationFrame(run) : setTimeout(run, 16))

function receive(updates: OperationUpdate[]): void {
  for (const update of updates) kindListeners.get(update.kind)?.forEach((listener) => listener(update))
  const state = useOperations.getState()
  const records = applyOperationUpdates(state.records, updates, items, forgotten)
  if (records !== state.records) useOperations.setState({ records })
  if (updates.some((u) => u.items.length > 0 && !ITEMS_KEPT_ELSEWHERE.has(u.kind)) && !pendingFrame) {
    pendingFrame = true
    nextFrame(() => {
      pendingFrame = false
      useOperations.setState((s) => ({ itemsVersion: s.itemsVersion + 1 }))
    })
  }
  for (const update of updates) if (update.kind === 'pull' && update.state !== 'running') pullEnded(update)
}

/** A pull that ended: the list shows the image (without waiting for the engine's event), the notice says so. */
function pullEnded(update: Extract<OperationUpdate, { kind: 'pull' }>): void {
  const images = useImages.getState()
  if (update.state === 'finished') {
    images.refresh()
    images.setNotice(`Pulled ${update.status.reference}.`)
  } else if (update.state === 'cancelled') images.setNotice(`Pull of ${update.status.reference} cancelled.`)
  else if (update.error) images.setNotice(update.error)
}

let listening = false
/** Follows operation progress once for the whole app (operations outlive the dialogs that start them). */
export function ensureOperationEvents(): void {
  if (listening) return
  listening = true
  api.events.operationProgress(receive)
  // After a reload: what main still runs or finished lately.
  api.operations.list().then((list) => {
    for (const snapshot of list) take(snapshot)
  }, () => undefined)
}

/** One operation by id (null while unknown), following its batches. */
export function useOperation<K extends OperationKind>(id: string | null): OperationSnapshot<K> | null {
  useEffect(ensureOperationEvents, [])
  return useOperations((s) => (id ? ((s.records[id] as OperationSnapshot<K> | undefined) ?? null) : null))
}

export const isRunning = (snapshot: OperationSnapshot | null | undefined): boolean => snapshot?.state === 'running'
