import type { DockerEvent } from '../../shared/docker/events'
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

export function toDockerEvent(raw: RawEvent): DockerEvent {
  return {
    type: raw.Type ?? 'unknown',
    action: raw.Action ?? raw.status ?? 'unknown',
    id: raw.Actor?.ID ?? raw.id ?? '',
    attributes: raw.Actor?.Attributes ?? {},
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
