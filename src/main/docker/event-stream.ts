import type { DockerEvent } from '../../shared/docker/events'
import { familiarName } from './images/engine-names'
import { LineSplitter } from './line-splitter'

interface RawEvent {
  Type?: string
  Action?: string
  status?: string
  id?: string
  Actor?: { ID?: string; Attributes?: Record<string, string> }
  time?: number
  timeNano?: number
}

/** Image names in Docker's short form (Podman sends `docker.io/library/…` as an image's name and a container's image). */
function familiarAttributes(type: string | undefined, attributes: Record<string, string>): Record<string, string> {
  const key = type === 'image' ? 'name' : type === 'container' ? 'image' : null
  const name = key ? attributes[key] : undefined
  return key && name ? { ...attributes, [key]: familiarName(name) } : attributes
}

/** Podman's words for what Docker calls otherwise: a removed container is `remove` there, `destroy` on Docker. */
function dockerAction(type: string | undefined, action: string): string {
  return type === 'container' && action === 'remove' ? 'destroy' : action
}

export function toDockerEvent(raw: RawEvent): DockerEvent {
  return {
    type: raw.Type ?? 'unknown',
    action: dockerAction(raw.Type, raw.Action ?? raw.status ?? 'unknown'),
    id: raw.Actor?.ID ?? raw.id ?? '',
    attributes: familiarAttributes(raw.Type, raw.Actor?.Attributes ?? {}),
    time: raw.timeNano ? Math.floor(raw.timeNano / 1e6) : (raw.time ?? 0) * 1000
  }
}

/**
 * Splits the engine's newline-delimited JSON into events. A chunk may end in the middle of an event or
 * hold several; the unfinished tail waits for the next chunk. Lines that are not JSON are dropped.
 */
export class JsonLineSplitter {
  private readonly lines = new LineSplitter()

  push(chunk: Buffer | string): unknown[] {
    const values: unknown[] = []
    for (const line of this.lines.push(chunk)) {
      const trimmed = line.trim()
      if (!trimmed) continue
      try {
        values.push(JSON.parse(trimmed))
      } catch {
        // Not an event: skip it rather than lose the rest of the stream.
      }
    }
    return values
  }
}
