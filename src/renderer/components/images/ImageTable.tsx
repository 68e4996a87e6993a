import { defaultRangeExtractor, useVirtualizer, type Range } from '@tanstack/react-virtual'
import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type FocusEvent, type KeyboardEvent, type MouseEvent } from 'react'
import type { ImageContainer, ImageRow } from '../../../shared/ipc/channels/images'
import { useImages, type SortColumn } from '../../store/images'
import { useRunDialog } from '../../store/runDialog'
import { uiEvents } from '../../ui-events'
import { copyText, formatBytes, formatExact, formatRelative } from './format'
import { HEADER, moveInGrid, NAVIGATION_KEYS, resolveActive, stopId, type ActiveCell, type GridPosition } from './gridNavigation'
import { UpdateBadge } from '../registries/ImageRegistryActions'

const ROW_HEIGHT = 40
const HEADER_HEIGHT = 36

/** Props of one place the arrow keys can reach: roving tabindex, only the active one is in the Tab order. */
function stop(active: string | null, cell: number, sub = 0) {
  return { 'data-cell': cell, 'data-sub': sub, tabIndex: active === stopId(cell, sub) ? 0 : -1 }
}

const columns: { key: SortColumn; label: string }[] = [
  { key: 'repository', label: 'Repository' },
  { key: 'tag', label: 'Tag' },
  { key: 'id', label: 'Image ID' },
  { key: 'created', label: 'Created' },
  { key: 'size', label: 'Size' },
  { key: 'ports', label: 'Exposed ports' },
  { key: 'inUse', label: 'In use' }
]

function displayName(row: ImageRow): string {
  return row.reference ?? `${row.repository === '<none>' ? '' : `${row.repository} `}${row.shortId}`
}

function InUse({ containers }: { containers: ImageContainer[] | undefined }) {
  if (!containers?.length) return <span className="muted">—</span>
  const title = containers.map((c) => `${c.name} (${c.running ? 'running' : c.state})`).join('\n')
  return (
    <span className="images-inuse-cell" title={title}>
      {containers.slice(0, 2).map((c) => (
        <span key={c.id} className="images-chip">
          <span className={c.running ? 'images-dot running' : 'images-dot'} aria-hidden="true" />
          <span className="images-chip-name">{c.name}</span>
          <span className="visually-hidden">{c.running ? ' (running)' : ` (${c.state})`}</span>
        </span>
      ))}
      {containers.length > 2 && <span className="muted"> +{containers.length - 2}</span>}
    </span>
  )
}

interface RowProps {
  row: ImageRow
  index: number
  start: number
  selected: boolean
  /** Brought into view by "Show image". */
  revealed: boolean
  ports: string[] | undefined
  containers: ImageContainer[] | undefined
  /** The stop ("cell.sub") that holds the grid's tab stop, when it is in this row. */
  activeStop: string | null
  onRowClick(event: MouseEvent, row: ImageRow, index: number): void
}

const Row = memo(function Row({ row, index, start, selected, revealed, ports, containers, activeStop: a, onRowClick }: RowProps) {
  const { toggleSelected, inspect, openDialog, setNotice } = useImages.getState()
  const name = displayName(row)
  const target = row.reference ?? row.id
  return (
    <div
      role="row"
      data-rowkey={row.key}
      aria-rowindex={index + 2}
      aria-selected={selected}
      className={`images-row${selected ? ' selected' : ''}${revealed ? ' revealed' : ''}`}
      style={{ transform: `translateY(${start}px)` }}
      onClick={(e) => onRowClick(e, row, index)}
      onDoubleClick={() => inspect(row.key)}
    >
      <div role="gridcell" className="images-check">
        <input type="checkbox" {...stop(a, 0)} aria-label={`Select ${name}`} checked={selected} onClick={(e) => e.stopPropagation()} onChange={() => toggleSelected(row.key)} />
      </div>
      <div role="gridcell" {...stop(a, 1)} className="images-ellipsis" title={row.repository}>
        {row.repository === '<none>' ? <span className="muted">&lt;none&gt;</span> : row.repository}
      </div>
      <div role="gridcell" {...stop(a, 2)} className="images-ellipsis" title={row.tag}>
        {row.tag === '<none>' ? <span className="muted">&lt;none&gt;</span> : row.tag}
        <UpdateBadge reference={row.reference} />
      </div>
      <div role="gridcell" className="images-id">
        <code title={row.id}>{row.shortId}</code>
        <button
          type="button"
          {...stop(a, 3)}
          className="images-icon-button"
          aria-label="Copy ID"
          title={`Copy ${row.id}`}
          onClick={(e) => {
            e.stopPropagation()
            void copyText(row.id).then((ok) => setNotice(ok ? `Copied ${row.id}` : 'Could not copy the ID.'))
          }}
        >
          <svg width="13" height="13" viewBox="0 0 16 16" aria-hidden="true" fill="none" stroke="currentColor" strokeWidth="1.5">
            <rect x="5.5" y="5.5" width="8" height="8" rx="1.5" />
            <path d="M10.5 3.5v-1a1 1 0 0 0-1-1h-6a1 1 0 0 0-1 1v6a1 1 0 0 0 1 1h1" />
          </svg>
        </button>
      </div>
      <div role="gridcell" {...stop(a, 4)} className="images-time">
        <time dateTime={new Date(row.created).toISOString()} title={formatExact(row.created)}>
          {formatRelative(row.created)}
        </time>
      </div>
      <div role="gridcell" {...stop(a, 5)} className="images-num images-col-size">
        {formatBytes(row.size)}
      </div>
      <div role="gridcell" {...stop(a, 6)} className="images-ellipsis" title={ports?.join(', ')}>
        {ports === undefined ? <span className="muted">…</span> : ports.length ? ports.join(', ') : <span className="muted">none</span>}
      </div>
      <div role="gridcell" {...stop(a, 7)} className="images-ellipsis">
        <InUse containers={containers} />
      </div>
      <div role="gridcell" className="images-actions" onClick={(e) => e.stopPropagation()}>
        <button type="button" {...stop(a, 8, 0)} className="button small primary" onClick={() => useRunDialog.getState().open({ image: target })}>
          Run
        </button>
        <button type="button" {...stop(a, 8, 1)} className="button small" onClick={() => inspect(row.key)}>
          Inspect
        </button>
        <button type="button" {...stop(a, 8, 2)} className="button small" onClick={() => openDialog({ kind: 'tag', source: target, current: row.reference ? `${row.repository}:` : '' })}>
          Add tag
        </button>
        <button type="button" {...stop(a, 8, 3)} className="button small danger-outline" onClick={() => openDialog({ kind: 'delete', targets: [target] })}>
          Delete
        </button>
      </div>
    </div>
  )
})

/** The Images table: role grid named "Images", sortable headers, multi-select, virtualized rows, one tab stop with arrow-key navigation. */
export function ImageTable({ rows }: { rows: ImageRow[] }) {
  const scrollRef = useRef<HTMLDivElement>(null)
  const anchor = useRef<number | null>(null)
  const sort = useImages((s) => s.sort)
  const sortBy = useImages((s) => s.sortBy)
  const selected = useImages((s) => s.selected)
  const setSelected = useImages((s) => s.setSelected)
  const ports = useImages((s) => s.ports)
  const containers = useImages((s) => s.containers)
  const revealed = useImages((s) => s.revealed)

  // The grid's single tab stop (roving tabindex), remembered by row key.
  const [active, setActive] = useState<ActiveCell | null>(null)
  const keys = useMemo(() => rows.map((r) => r.key), [rows])
  const position = resolveActive(active, keys)
  const activeKey = position.row < 0 ? HEADER : keys[position.row]!
  const activeStop = stopId(position.cell, position.sub)
  const pendingFocus = useRef(false)
  const focusWithin = useRef(false)

  // The active row stays rendered even when scrolled away, so the tab stop never disappears.
  const activeIndex = position.row
  const rangeExtractor = useCallback(
    (range: Range) => {
      const indexes = defaultRangeExtractor(range)
      if (activeIndex >= 0 && !indexes.includes(activeIndex)) return [...indexes, activeIndex].sort((a, b) => a - b)
      return indexes
    },
    [activeIndex]
  )

  // TanStack Virtual's returned functions are not memoizable; this component does not rely on the compiler for them.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    rangeExtractor,
    getItemKey: (index) => rows[index]!.key
  })

  const rowsRef = useRef(rows)
  useEffect(() => {
    rowsRef.current = rows
  }, [rows])

  // "Show this image": the store selected it; scroll to it once the table has rendered the new list.
  useEffect(
    () =>
      uiEvents.on('scrollToImage', ({ key }) => {
        requestAnimationFrame(() => {
          const index = rowsRef.current.findIndex((r) => r.key === key)
          if (index < 0) return
          virtualizer.scrollToIndex(index, { align: 'center' })
          // The grid's tab stop moves to the shown image (its checkbox), without selecting it.
          setActive({ key, index, cell: 0, sub: 0 })
        })
      }),
    [virtualizer]
  )

  // After a move (or when the focused row went away with a new list, e.g. deleted), focus the active place and scroll it into view.
  const renderedRows = useRef(rows)
  useLayoutEffect(() => {
    const grid = scrollRef.current
    const listChanged = renderedRows.current !== rows
    renderedRows.current = rows
    if (!grid) return
    const lost = listChanged && focusWithin.current && (!document.activeElement || document.activeElement === document.body)
    if (!pendingFocus.current && !lost) return
    pendingFocus.current = false
    const el = grid.querySelector<HTMLElement>(`[data-rowkey="${CSS.escape(activeKey)}"] [data-cell="${position.cell}"][data-sub="${position.sub}"]`)
    if (!el) return
    // The whole row into view (below the sticky header: scroll-padding-top), then the cell sideways.
    el.closest('[role="row"]')?.scrollIntoView({ block: 'nearest' })
    el.scrollIntoView({ block: 'nearest', inline: 'nearest' })
    el.focus({ preventScroll: true })
  })

  const moveTo = (to: GridPosition) => {
    const key = to.row < 0 ? HEADER : rowsRef.current[to.row]!.key
    pendingFocus.current = true
    setActive({ key, index: to.row, cell: to.cell, sub: to.sub })
  }

  const selectRange = (from: number, to: number) => {
    const [a, b] = [Math.min(from, to), Math.max(from, to)]
    setSelected(rowsRef.current.slice(a, b + 1).map((r) => r.key))
  }

  const isHiddenColumn = (cell: number) => {
    const header = scrollRef.current?.querySelector<HTMLElement>(`[data-rowkey="${HEADER}"] [data-cell="${cell}"]`)
    return header ? header.closest('[role="columnheader"]')!.getClientRects().length === 0 : false
  }

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const target = event.target as HTMLElement
    const place = target.closest<HTMLElement>('[data-cell]')
    const rowEl = target.closest<HTMLElement>('[data-rowkey]')
    if (!place || !rowEl || event.altKey) return
    const list = rowsRef.current
    const row = rowEl.dataset.rowkey === HEADER ? -1 : list.findIndex((r) => r.key === rowEl.dataset.rowkey)
    const from = { row, cell: Number(place.dataset.cell), sub: Number(place.dataset.sub) }
    const ctrl = event.ctrlKey || event.metaKey
    const isText = !place.matches('button, input')

    if (NAVIGATION_KEYS.has(event.key)) {
      event.preventDefault()
      const pageRows = Math.floor(((scrollRef.current?.clientHeight ?? ROW_HEIGHT) - HEADER_HEIGHT) / ROW_HEIGHT) - 1
      const options = { rowCount: list.length, pageRows, ctrl }
      let to = moveInGrid(from, event.key, options)
      // A column a narrow window leaves out (Size) is passed over, sideways.
      while (to && (event.key === 'ArrowLeft' || event.key === 'ArrowRight') && isHiddenColumn(to.cell)) to = moveInGrid(to, event.key, options)
      if (!to) return
      // Shift with Up/Down (and PageUp/PageDown) selects from the anchor to the new row, as in a file manager.
      if (event.shiftKey && to.row >= 0 && row >= 0 && to.row !== row) {
        anchor.current ??= row
        selectRange(anchor.current, to.row)
      }
      moveTo(to)
      return
    }
    if (row < 0) return
    const image = list[row]!
    if (event.key === ' ' && event.shiftKey) {
      // Shift+Space: select from the anchor to this row.
      event.preventDefault()
      selectRange(anchor.current ?? row, row)
    } else if (event.key === ' ') {
      anchor.current = row
      // The checkbox toggles itself; on any other cell Space toggles the row, buttons keep their own Space.
      if (isText) {
        event.preventDefault()
        useImages.getState().toggleSelected(image.key)
      }
    } else if (event.key === 'Enter' && isText) {
      event.preventDefault()
      useImages.getState().inspect(image.key)
    } else if (ctrl && event.key.toLowerCase() === 'a') {
      event.preventDefault()
      setSelected(list.map((r) => r.key))
    }
  }

  // Whether the keyboard was last in the grid. Not from focusout: a focused row that goes away (deleted) may fire one.
  useEffect(() => {
    const onFocusIn = (event: globalThis.FocusEvent) => {
      focusWithin.current = Boolean(scrollRef.current?.contains(event.target as Node))
    }
    // A click on something that takes no focus (the page's background) leaves the grid too.
    const onPointerDown = (event: PointerEvent) => {
      if (!scrollRef.current?.contains(event.target as Node)) focusWithin.current = false
    }
    document.addEventListener('focusin', onFocusIn)
    document.addEventListener('pointerdown', onPointerDown)
    return () => {
      document.removeEventListener('focusin', onFocusIn)
      document.removeEventListener('pointerdown', onPointerDown)
    }
  }, [])

  // A click or a programmatic focus (e.g. a dialog giving the focus back) moves the tab stop there too.
  const onFocus = (event: FocusEvent<HTMLDivElement>) => {
    const place = (event.target as HTMLElement).closest<HTMLElement>('[data-cell]')
    const rowEl = (event.target as HTMLElement).closest<HTMLElement>('[data-rowkey]')
    if (!place || !rowEl) return
    const key = rowEl.dataset.rowkey!
    const cell = Number(place.dataset.cell)
    const sub = Number(place.dataset.sub)
    if (key === activeKey && cell === position.cell && sub === position.sub) return
    const index = key === HEADER ? -1 : rowsRef.current.findIndex((r) => r.key === key)
    setActive({ key, index, cell, sub })
  }

  // Click selects one row, Ctrl/⌘-click adds or removes one, Shift-click selects a range.
  const onRowClick = useCallback(
    (event: MouseEvent, row: ImageRow, index: number) => {
      if (event.shiftKey && anchor.current !== null) {
        const [from, to] = [Math.min(anchor.current, index), Math.max(anchor.current, index)]
        setSelected(rowsRef.current.slice(from, to + 1).map((r) => r.key))
        return
      }
      anchor.current = index
      if (event.ctrlKey || event.metaKey) useImages.getState().toggleSelected(row.key)
      else setSelected([row.key])
    },
    [setSelected]
  )

  const allSelected = rows.length > 0 && rows.every((r) => selected.has(r.key))
  const someSelected = !allSelected && rows.some((r) => selected.has(r.key))
  const headStop = activeKey === HEADER ? activeStop : null

  return (
    <>
      <p id="images-grid-keys" className="visually-hidden">
        Arrow keys move between images and their buttons, Space selects, Shift with the arrows selects several, Enter opens the details.
      </p>
    <div
      ref={scrollRef}
      className="images-table"
      role="grid"
      data-focus-scope
      aria-label="Images"
      aria-describedby="images-grid-keys"
      aria-rowcount={rows.length + 1}
      aria-colcount={columns.length + 2}
      aria-multiselectable="true"
      onKeyDown={onKeyDown}
      onFocus={onFocus}
    >
      <div role="rowgroup" className="images-head">
        <div role="row" aria-rowindex={1} className="images-row header" data-rowkey={HEADER}>
          <div role="columnheader" className="images-check">
            <input
              type="checkbox"
              {...stop(headStop, 0)}
              aria-label="Select all shown images"
              checked={allSelected}
              ref={(el) => {
                if (el) el.indeterminate = someSelected
              }}
              onChange={() => setSelected(allSelected ? [] : rows.map((r) => r.key))}
            />
          </div>
          {columns.map((column, i) => {
            const isSorted = sort.column === column.key
            return (
              <div key={column.key} role="columnheader" className={`images-col-${column.key}`} aria-sort={isSorted ? (sort.direction === 'asc' ? 'ascending' : 'descending') : 'none'}>
                <button type="button" {...stop(headStop, i + 1)} className="images-sort" onClick={() => sortBy(column.key)}>
                  {column.label}
                  <span aria-hidden="true" className="images-sort-mark">
                    {isSorted ? (sort.direction === 'asc' ? '▲' : '▼') : ''}
                  </span>
                </button>
              </div>
            )
          })}
          <div role="columnheader" {...stop(headStop, columns.length + 1)}>
            Actions
          </div>
        </div>
      </div>
      <div role="rowgroup" className="images-body" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((item) => {
          const row = rows[item.index]!
          return (
            <Row
              key={row.key}
              row={row}
              index={item.index}
              start={item.start}
              selected={selected.has(row.key)}
              revealed={row.key === revealed}
              ports={ports[row.id]}
              containers={containers[row.id]}
              activeStop={row.key === activeKey ? activeStop : null}
              onRowClick={onRowClick}
            />
          )
        })}
      </div>
    </div>
    </>
  )
}
