// Keeps a central list live for as long as an engine is connected, whether or not a view shows it, so a
// view opens on rows it already has. Another engine: the list is cleared first, so it never shows the
// last engine's images as this one's.
import type { ConnectionState } from '../../shared/ipc/channels/engine'
import type { LiveList } from './live-list'

/** Which engine the state is connected to (its endpoint), or null while none is. */
export function engineKey(state: ConnectionState): string | null {
  if (state.status !== 'connected') return null
  return `${state.endpoint.contextName ?? ''}|${state.endpoint.host}`
}

export interface KeepLiveOptions {
  /** Calls the listener with the connection state now and on every change; returns the unsubscribe function. */
  connection(listener: (state: ConnectionState) => void): () => void
  live: LiveList
  /** Drops what the list holds (another engine was connected). */
  clear(): void
}

/** Follows the list while connected; returns the function that stops it (the app closing). */
export function keepLiveWhileConnected({ connection, live, clear }: KeepLiveOptions): () => void {
  let engine: string | null = null
  let release: (() => void) | null = null

  const unsubscribe = connection((state) => {
    const key = engineKey(state)
    if (key === null) {
      // Nothing to follow until an engine answers again; the rows stay (the banner says we are offline).
      release?.()
      release = null
      return
    }
    const switched = engine !== null && key !== engine
    engine = key
    if (switched) clear()
    if (!release) release = live.acquire()
    else if (switched) live.refresh(0)
  })
  return () => {
    unsubscribe()
    release?.()
    release = null
  }
}
