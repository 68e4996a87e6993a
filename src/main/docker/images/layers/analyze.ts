// One replay of all the layers: what each did (counts, sizes), and each path's sizes layer by layer for the
// waste figures.
import type { LayerEntry } from './layer-entries'
import { LayerStack } from './stack'
import type { Occurrence } from './waste'

export interface LayerCounts {
  size: number
  entries: number
  added: number
  modified: number
  removed: number
}

export interface Analysis {
  counts: LayerCounts[]
  occurrences: Map<string, Occurrence[]>
}

export function analyzeLayers(layers: readonly (readonly LayerEntry[])[]): Analysis {
  const stack = new LayerStack()
  const occurrences = new Map<string, Occurrence[]>()
  const note = (path: string, occurrence: Occurrence) => {
    const list = occurrences.get(path)
    if (list) list.push(occurrence)
    else occurrences.set(path, [occurrence])
  }
  const counts = layers.map((entries, layer): LayerCounts => {
    const applied = stack.apply(layer, entries)
    const count: LayerCounts = { size: 0, entries: entries.length, added: 0, modified: 0, removed: 0 }
    entries.forEach((entry, i) => {
      const change = applied.changes[i]
      if (change === 'added') count.added++
      else if (change === 'modified') count.modified++
      else if (change === 'removed') count.removed++
      count.size += entry.size
      if (!entry.whiteout && entry.type !== 'directory') note(entry.path, { layer, size: entry.size, change: change ?? 'modified' })
    })
    for (const gone of applied.removed) {
      if (gone.entry && gone.entry.type !== 'directory') note(gone.path, { layer, size: 0, change: 'removed' })
    }
    return count
  })
  return { counts, occurrences }
}
