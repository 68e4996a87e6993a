// The long operations of the app (pull, logs, build; push and export next), in one shape: main makes the id,
// progress leaves in batches keyed by it (a flood of output is cut into bounded batches, never one event per
// line), cancel aborts the work through its AbortSignal, and the last finished ones stay readable for a while.
import { randomUUID } from 'node:crypto'
import type { OperationKind, OperationKinds, OperationSnapshot, OperationState, OperationUpdate } from '../shared/ipc/channels/operations'
import { AppError } from '../shared/ipc/errors'

type Status<K extends OperationKind> = OperationKinds[K]['status']
type Item<K extends OperationKind> = OperationKinds[K]['item']
type Result<K extends OperationKind> = OperationKinds[K]['result']

/** What a run function gets: the switch to stop on, and the way to report. */
export interface OperationControl<K extends OperationKind> {
  readonly id: string
  /** Aborted when the operation is cancelled: the run stops its engine call and returns or throws. */
  readonly signal: AbortSignal
  /** Replaces the status snapshot (sent with the next batch). */
  setStatus(status: Status<K>): void
  /** Appends items (sent with the next batch, in order). */
  push(items: readonly Item<K>[]): void
}

/** An operation whose work runs elsewhere (the build manager keeps its own loop and history). */
export interface TrackedOperation<K extends OperationKind> {
  readonly id: string
  setStatus(status: Status<K>): void
  push(items: readonly Item<K>[]): void
  end(state: Exclude<OperationState, 'running'>, outcome?: { error?: string | null; result?: Result<K> | null }): void
}

export interface OperationsOptions {
  emit: (updates: OperationUpdate[]) => void
  /** How long progress gathers before a batch goes out. */
  batchMs?: number
  /** The most items of one operation in one batch; more are sent at once in further batches. */
  maxItems?: number
  /** Finished operations kept for `list` and `get`. */
  keepFinished?: number
}

interface Entry {
  snapshot: OperationSnapshot
  pending: unknown[]
  dirty: boolean
  cancel: () => void
  ended: Promise<OperationSnapshot>
  markEnded: () => void
}

const clone = <T>(value: T): T => structuredClone(value)

export class Operations {
  private readonly entries = new Map<string, Entry>()
  /** Ended operations' ids, oldest first. */
  private readonly finished: string[] = []
  private timer: NodeJS.Timeout | null = null
  private readonly batchMs: number
  private readonly maxItems: number
  private readonly keepFinished: number

  constructor(private readonly options: OperationsOptions) {
    this.batchMs = options.batchMs ?? 50
    this.maxItems = options.maxItems ?? 5000
    this.keepFinished = options.keepFinished ?? 50
  }

  /**
   * Starts `run` as an operation of `kind` and returns it at once. The run's result finishes it, a throw fails
   * it (with the error's message), and a run that ends after `cancel` is cancelled whatever it returned.
   */
  start<K extends OperationKind>(kind: K, status: Status<K>, run: (op: OperationControl<K>) => Promise<Result<K>>): OperationSnapshot<K> {
    const controller = new AbortController()
    const tracked = this.track(kind, randomUUID(), status, () => controller.abort())
    const control: OperationControl<K> = { id: tracked.id, signal: controller.signal, setStatus: tracked.setStatus, push: tracked.push }
    Promise.resolve()
      .then(() => {
        controller.signal.throwIfAborted()
        return run(control)
      })
      .then(
        (result) => (controller.signal.aborted ? tracked.end('cancelled') : tracked.end('finished', { result })),
        (error: unknown) => (controller.signal.aborted ? tracked.end('cancelled') : tracked.end('failed', { error: error instanceof Error ? error.message : String(error) }))
      )
    return this.get(tracked.id) as OperationSnapshot<K>
  }

  /** Registers work that runs elsewhere under an id that work made; the same id again gives the same operation. */
  track<K extends OperationKind>(kind: K, id: string, status: Status<K>, cancel: () => void): TrackedOperation<K> {
    let entry = this.entries.get(id)
    if (!entry) {
      let markEnded = () => {}
      const ended = new Promise<void>((resolve) => (markEnded = resolve)).then(() => clone(entry!.snapshot))
      entry = {
        snapshot: { id, kind, state: 'running', startedAt: Date.now(), endedAt: null, status, error: null, result: null } as OperationSnapshot,
        pending: [],
        dirty: true,
        cancel,
        ended,
        markEnded: () => markEnded()
      }
      this.entries.set(id, entry)
      this.schedule()
    }
    const own = entry
    const running = () => own.snapshot.state === 'running'
    return {
      id,
      setStatus: (next) => {
        if (!running()) return
        own.snapshot.status = next
        own.dirty = true
        this.schedule()
      },
      push: (items) => {
        if (!running() || items.length === 0) return
        for (const item of items) own.pending.push(item)
        own.dirty = true
        if (own.pending.length >= this.maxItems) this.flush()
        else this.schedule()
      },
      end: (state, outcome = {}) => {
        if (!running()) return
        own.snapshot.state = state
        own.snapshot.endedAt = Date.now()
        own.snapshot.error = state === 'failed' ? (outcome.error ?? 'The operation failed.') : null
        own.snapshot.result = state === 'finished' ? (outcome.result ?? null) : null
        own.dirty = true
        this.finished.push(id)
        while (this.finished.length > this.keepFinished) this.entries.delete(this.finished.shift()!)
        // The end goes out at once, after whatever was still gathering.
        this.flush()
        own.markEnded()
      }
    }
  }

  get(id: string): OperationSnapshot | null {
    const entry = this.entries.get(id)
    return entry ? clone(entry.snapshot) : null
  }

  /** Running operations and the kept finished ones, newest first. */
  list(): OperationSnapshot[] {
    return [...this.entries.values()].map((e) => clone(e.snapshot)).sort((a, b) => b.startedAt - a.startedAt)
  }

  /** Resolves with the operation's final snapshot once it has ended. */
  async wait(id: string): Promise<OperationSnapshot> {
    return this.require(id).ended
  }

  /** Stops a running operation and resolves once it has ended; an ended one is returned as it is. */
  async cancel(id: string): Promise<OperationSnapshot> {
    const entry = this.require(id)
    if (entry.snapshot.state === 'running') entry.cancel()
    return entry.ended
  }

  /** Cancels everything still running (the window closes, the app quits). */
  dispose(): void {
    for (const entry of this.entries.values()) if (entry.snapshot.state === 'running') entry.cancel()
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
  }

  private require(id: string): Entry {
    const entry = this.entries.get(id)
    if (!entry) throw new AppError('not-found', 'That operation is not known here: it ended a while ago or the app restarted since. Start it again if you still need it.')
    return entry
  }

  private schedule(): void {
    this.timer ??= setTimeout(() => this.flush(), this.batchMs)
  }

  /** Sends every changed operation; one with more pending items than a batch holds goes out over several. */
  private flush(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    for (;;) {
      const updates: OperationUpdate[] = []
      for (const entry of this.entries.values()) {
        if (!entry.dirty) continue
        const items = entry.pending.length > this.maxItems ? entry.pending.splice(0, this.maxItems) : entry.pending.splice(0)
        const more = entry.pending.length > 0
        entry.dirty = more
        // An end is told with the last items, so no one reads "ended" while lines are still on their way.
        const snapshot = more ? { ...entry.snapshot, state: 'running', endedAt: null, error: null, result: null } : entry.snapshot
        updates.push({ ...clone(snapshot), items } as OperationUpdate)
      }
      if (updates.length === 0) return
      this.options.emit(updates)
    }
  }
}
