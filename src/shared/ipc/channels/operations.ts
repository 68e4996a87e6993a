// Long operations (pull, logs, build; push and image export next) share one shape: a start channel of their
// own group returns the operation main made (its id is main's, random), progress comes as `operationProgress`
// batches keyed by that id, `operations.cancel` stops it on the engine, and the renderer keeps it in a store.
import { z } from 'zod'
import { channel, event } from '../define'
import type { BuildRecord } from './build'
import type { LogLine } from './containers'
import type { PullProgress, PullResult } from './images'
import type { PushProgress, PushResult } from './registries'
import type { ImageFilesSummary, LayersProgress } from './layers'

/**
 * What each kind reports. `status` is a snapshot that replaces the last one; `item`s are appended (log lines);
 * `result` comes with `finished`. Adding a kind is one line here, one start channel, and one run function.
 */
export interface OperationKinds {
  pull: { status: PullProgress; item: never; result: PullResult }
  push: { status: PushProgress; item: never; result: PushResult }
  /** Following a container's log: ends by itself when the container stops. */
  logs: { status: { containerId: string }; item: LogLine; result: null }
  /** A build keeps its own history (the build manager); its record is the status and its log lines the items. */
  build: { status: BuildRecord; item: string; result: null }
  /** Indexing an image's layers from its export stream. */
  layers: { status: LayersProgress; item: never; result: ImageFilesSummary }
}

export type OperationKind = keyof OperationKinds

export type OperationState = 'running' | 'finished' | 'failed' | 'cancelled'

interface SnapshotOf<K extends OperationKind> {
  /** Made by main, random: the renderer cannot name an operation it was not told about. */
  id: string
  kind: K
  state: OperationState
  /** Epoch milliseconds. */
  startedAt: number
  endedAt: number | null
  status: OperationKinds[K]['status']
  /** What went wrong, in words a person can act on (state `failed`). */
  error: string | null
  /** Set with state `finished`. */
  result: OperationKinds[K]['result'] | null
}

/** One operation as it stands (what a start channel and `operations.list` return). */
export type OperationSnapshot<K extends OperationKind = OperationKind> = { [P in K]: SnapshotOf<P> }[K]

/** One operation's part of a progress batch: its snapshot and the items since the last batch. */
export type OperationUpdate<K extends OperationKind = OperationKind> = { [P in K]: SnapshotOf<P> & { items: OperationKinds[P]['item'][] } }[K]

export const isEnded = (state: OperationState): boolean => state !== 'running'

const id = z.string().min(1).max(100)

export const operationsChannels = {
  /** Stops a running operation on the engine; resolves once it has ended (with its final snapshot). */
  cancel: channel(z.object({ id }).strict()).returns<OperationSnapshot>(),
  /** Running operations and the last finished ones, newest first (a window that reloads picks them up again). */
  list: channel(z.object({}).strict().optional()).returns<OperationSnapshot[]>()
}

/** Event channels of operations; spread into the contract's events. */
export const operationsEvents = {
  /** Batches of progress, every few tens of milliseconds at most per batch; a flood is cut into bounded batches. */
  operationProgress: event<OperationUpdate[]>()
}
