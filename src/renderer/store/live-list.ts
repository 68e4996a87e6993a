// Keeps a list live while some view shows it: subscribes to the engine's events when the first view
// needs the list, refetches when an event affects it (a burst of events gives one fetch, never two at
// once), and unsubscribes when the last view is gone.
import type { DockerEvent } from '../../shared/docker/events'

export interface LiveListOptions {
  /** Subscribes to engine event batches; returns the unsubscribe function (the api's `events.dockerEvents`). */
  subscribe(listener: (batch: DockerEvent[]) => void): () => void
  /** Which events change the list (see list-events.ts). */
  affects(event: DockerEvent): boolean
  /** Fetches the list and puts it in the store. */
  load(): Promise<void>
  /** Also sees every batch, e.g. to notice a watched container exit. */
  onBatch?(batch: DockerEvent[]): void
  /** How long to gather a burst of events into one fetch. */
  coalesceMs?: number
}

export interface LiveList {
  /** A view needs the list: loads it now and keeps it live; call the returned function when the view goes. */
  acquire(): () => void
  /** Fetches again soon (at once with 0); requests while a fetch runs give one more fetch after it. */
  refresh(delay?: number): void
  /** Whether someone holds the list now (it is subscribed and fresh). */
  isLive(): boolean
}

export function createLiveList(options: LiveListOptions): LiveList {
  const coalesceMs = options.coalesceMs ?? 30
  let users = 0
  let unsubscribe: (() => void) | null = null
  let timer: ReturnType<typeof setTimeout> | null = null
  let inFlight = false
  let again = false

  async function run(): Promise<void> {
    inFlight = true
    try {
      await options.load()
    } catch {
      // load() reports its own errors in the store.
    } finally {
      inFlight = false
      if (again) {
        again = false
        refresh(0)
      }
    }
  }

  function refresh(delay = coalesceMs): void {
    if (inFlight) {
      again = true
      return
    }
    if (timer) {
      if (delay > 0) return
      clearTimeout(timer)
      timer = null
    }
    if (delay === 0) {
      void run()
      return
    }
    timer = setTimeout(() => {
      timer = null
      void run()
    }, delay)
  }

  return {
    acquire() {
      users++
      if (!unsubscribe) {
        unsubscribe = options.subscribe((batch) => {
          options.onBatch?.(batch)
          if (batch.some(options.affects)) refresh()
        })
        refresh(0)
      }
      let released = false
      return () => {
        if (released) return
        released = true
        users--
        if (users === 0 && unsubscribe) {
          unsubscribe()
          unsubscribe = null
          if (timer) clearTimeout(timer)
          timer = null
        }
      }
    },
    refresh,
    isLive: () => unsubscribe !== null
  }
}
