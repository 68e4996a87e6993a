// The Images grid's keyboard model (ARIA grid pattern): where the arrow keys, Home/End and
// PageUp/PageDown go from a place in the grid. Pure, so the rules are in one place.

/** The header row's key (image row keys are "id|reference", so they never equal it). */
export const HEADER = 'header'
/** How many places the arrow keys reach in each cell of a body row (the actions cell has Run, Inspect, Add tag, Delete). */
export const BODY_STOPS = [1, 1, 1, 1, 1, 1, 1, 1, 4] as const
/** The header row: select all, the seven sortable columns, Actions. */
export const HEADER_STOPS = [1, 1, 1, 1, 1, 1, 1, 1, 1] as const

/** A place in the grid: row -1 is the header, then the body rows by index; cell, and the control within the cell. */
export interface GridPosition {
  row: number
  cell: number
  sub: number
}

/** The remembered place: by row key, so it follows the image when the list is sorted or filtered. */
export interface ActiveCell {
  key: string
  index: number
  cell: number
  sub: number
}

export const NAVIGATION_KEYS = new Set(['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'Home', 'End', 'PageUp', 'PageDown'])

export function stopId(cell: number, sub: number): string {
  return `${cell}.${sub}`
}

function stopsOf(row: number): readonly number[] {
  return row < 0 ? HEADER_STOPS : BODY_STOPS
}

function flatStops(row: number): [number, number][] {
  return stopsOf(row).flatMap((count, cell) => Array.from({ length: count }, (_, sub): [number, number] => [cell, sub]))
}

function at(row: number, cell: number, sub: number): GridPosition {
  const stops = stopsOf(row)
  const c = Math.max(0, Math.min(cell, stops.length - 1))
  return { row, cell: c, sub: Math.max(0, Math.min(sub, stops[c]! - 1)) }
}

/** Where `key` moves from `from`; null when it cannot move (already at the edge). */
export function moveInGrid(from: GridPosition, key: string, options: { rowCount: number; pageRows: number; ctrl: boolean }): GridPosition | null {
  const { rowCount, ctrl } = options
  const lastRow = rowCount - 1
  const pageRows = Math.max(1, options.pageRows)
  const flat = flatStops(from.row)
  const here = flat.findIndex(([c, s]) => c === from.cell && s === from.sub)
  let to: GridPosition | null = null
  switch (key) {
    case 'ArrowRight': {
      const next = flat[here + 1]
      if (next) to = { row: from.row, cell: next[0], sub: next[1] }
      break
    }
    case 'ArrowLeft': {
      const previous = here > 0 ? flat[here - 1] : undefined
      if (previous) to = { row: from.row, cell: previous[0], sub: previous[1] }
      break
    }
    case 'ArrowDown':
      if (from.row < lastRow) to = at(from.row + 1, from.cell, from.sub)
      break
    case 'ArrowUp':
      if (from.row > -1) to = at(from.row - 1, from.cell, from.sub)
      break
    case 'Home':
      to = ctrl ? at(rowCount > 0 ? 0 : -1, 0, 0) : at(from.row, 0, 0)
      break
    case 'End': {
      const row = ctrl ? lastRow : from.row
      const last = flatStops(row).at(-1)!
      to = at(row, last[0], last[1])
      break
    }
    case 'PageDown':
      if (from.row < lastRow) to = at(Math.min(lastRow, from.row < 0 ? pageRows - 1 : from.row + pageRows), from.cell, from.sub)
      break
    case 'PageUp':
      if (from.row > 0) to = at(Math.max(0, from.row - pageRows), from.cell, from.sub)
      else if (from.row === 0) to = at(-1, from.cell, from.sub)
      break
  }
  if (!to || (to.row === from.row && to.cell === from.cell && to.sub === from.sub)) return null
  return to
}

/** The remembered place in the rows shown now: the same image if it is still there, else the row that took its place. */
export function resolveActive(active: ActiveCell | null, keys: readonly string[]): GridPosition {
  if (!active) return at(keys.length > 0 ? 0 : -1, 0, 0)
  if (active.key === HEADER || keys.length === 0) return at(-1, active.cell, active.sub)
  const index = keys.indexOf(active.key)
  return at(index >= 0 ? index : Math.min(active.index, keys.length - 1), active.cell, active.sub)
}
