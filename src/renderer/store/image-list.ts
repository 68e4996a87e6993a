// What the Images table shows: the rows in the chosen order, then the ones matching the search. Pure, so
// it is unit-tested. Sorting is the costly step, so the store sorts only when the rows or the order
// change, and a search filters the sorted rows (which keeps their order).
import { familiarString } from '../../shared/docker/reference'
import type { ImageContainer, ImageRow } from '../../shared/ipc/channels/images'

export type SortColumn = 'repository' | 'tag' | 'id' | 'created' | 'size' | 'ports' | 'inUse'
export interface SortOrder {
  column: SortColumn
  direction: 'asc' | 'desc'
}

/** What the table opens with: newest first, as `docker images`. */
export const DEFAULT_SORT: SortOrder = { column: 'created', direction: 'desc' }

/** Clicking a header: the same column flips; a new one starts newest/largest first for time and size, else A to Z. */
export function nextSort(current: SortOrder, column: SortColumn): SortOrder {
  if (current.column === column) return { column, direction: current.direction === 'asc' ? 'desc' : 'asc' }
  return { column, direction: column === 'created' || column === 'size' ? 'desc' : 'asc' }
}

/** Does the order depend on the exposed ports or the containers (which arrive or change on their own)? */
export function sortReadsPorts(sort: SortOrder): boolean {
  return sort.column === 'ports'
}
export function sortReadsContainers(sort: SortOrder): boolean {
  return sort.column === 'inUse'
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

// One collator for every comparison: localeCompare with options builds a new one per call.
const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' })
const compareText = (a: string, b: string): number => (a === b ? 0 : collator.compare(a, b))

/** The rows in `sort` order (ties: repository, then tag); a new array. */
export function sortRows(rows: readonly ImageRow[], sort: SortOrder, ports: Record<string, string[]>, containers: Record<string, ImageContainer[]>): ImageRow[] {
  const sign = sort.direction === 'asc' ? 1 : -1
  const portsText = (row: ImageRow) => (ports[row.id] ?? []).join(' ')
  const key: Record<SortColumn, (a: ImageRow, b: ImageRow) => number> = {
    repository: (a, b) => compareText(a.repository, b.repository),
    tag: (a, b) => compareText(a.tag, b.tag),
    id: (a, b) => compareText(a.shortId, b.shortId),
    created: (a, b) => a.created - b.created,
    size: (a, b) => a.size - b.size,
    ports: (a, b) => compareText(portsText(a), portsText(b)),
    inUse: (a, b) => (containers[a.id]?.length ?? 0) - (containers[b.id]?.length ?? 0)
  }
  const primary = key[sort.column]
  return [...rows].sort((a, b) => sign * primary(a, b) || compareText(a.repository, b.repository) || compareText(a.tag, b.tag))
}

/** The sorted rows that match the search text (the same array when the search is empty). */
export function filterRows(sorted: ImageRow[], query: string): ImageRow[] {
  const q = query.trim()
  return q ? sorted.filter((row) => rowMatches(row, q)) : sorted
}

/** Does `row` match what a "show this image" names: an image ID (full, or a prefix of 12+), or a reference? */
export function matchesFocus(row: ImageRow, focus: string): boolean {
  const hex = focus.replace(/^sha256:/, '')
  if (/^[0-9a-f]{12,64}$/.test(hex) && row.id.replace(/^sha256:/, '').startsWith(hex)) return true
  const familiar = familiarString(focus)
  return familiar !== null && row.reference === familiar
}
