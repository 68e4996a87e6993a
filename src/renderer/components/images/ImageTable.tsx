import { useVirtualizer } from '@tanstack/react-virtual'
import { memo, useCallback, useEffect, useRef, type MouseEvent } from 'react'
import type { ImageContainer, ImageRow } from '../../../shared/ipc/channels/images'
import { useImages, type SortColumn } from '../../store/images'
import { useRunDialog } from '../../store/runDialog'
import { copyText, formatBytes, formatExact, formatRelative } from './format'

const ROW_HEIGHT = 40

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
          {c.name}
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
  ports: string[] | undefined
  containers: ImageContainer[] | undefined
  onRowClick(event: MouseEvent, row: ImageRow, index: number): void
}

const Row = memo(function Row({ row, index, start, selected, ports, containers, onRowClick }: RowProps) {
  const { toggleSelected, inspect, openDialog, setNotice } = useImages.getState()
  const name = displayName(row)
  const target = row.reference ?? row.id
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      className={`images-row${selected ? ' selected' : ''}`}
      style={{ transform: `translateY(${start}px)` }}
      onClick={(e) => onRowClick(e, row, index)}
      onDoubleClick={() => inspect(row.key)}
    >
      <div role="gridcell" className="images-check">
        <input type="checkbox" aria-label={`Select ${name}`} checked={selected} onClick={(e) => e.stopPropagation()} onChange={() => toggleSelected(row.key)} />
      </div>
      <div role="gridcell" className="images-ellipsis" title={row.repository}>
        {row.repository === '<none>' ? <span className="muted">&lt;none&gt;</span> : row.repository}
      </div>
      <div role="gridcell" className="images-ellipsis" title={row.tag}>
        {row.tag === '<none>' ? <span className="muted">&lt;none&gt;</span> : row.tag}
      </div>
      <div role="gridcell" className="images-id">
        <code title={row.id}>{row.shortId}</code>
        <button
          type="button"
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
      <div role="gridcell" className="images-time">
        <time dateTime={new Date(row.created).toISOString()} title={formatExact(row.created)}>
          {formatRelative(row.created)}
        </time>
      </div>
      <div role="gridcell" className="images-num">
        {formatBytes(row.size)}
      </div>
      <div role="gridcell" className="images-ellipsis" title={ports?.join(', ')}>
        {ports === undefined ? <span className="muted">…</span> : ports.length ? ports.join(', ') : <span className="muted">none</span>}
      </div>
      <div role="gridcell" className="images-ellipsis">
        <InUse containers={containers} />
      </div>
      <div role="gridcell" className="images-actions" onClick={(e) => e.stopPropagation()}>
        <button type="button" className="button small primary" onClick={() => useRunDialog.getState().open({ image: target })}>
          Run
        </button>
        <button type="button" className="button small" onClick={() => inspect(row.key)}>
          Inspect
        </button>
        <button type="button" className="button small" onClick={() => openDialog({ kind: 'tag', source: target, current: row.reference ? `${row.repository}:` : '' })}>
          Add tag
        </button>
        <button type="button" className="button small danger-outline" onClick={() => openDialog({ kind: 'delete', targets: [target] })}>
          Delete
        </button>
      </div>
    </div>
  )
})

/** The Images table: role grid named "Images", sortable headers, multi-select, virtualized rows. */
export function ImageTable({ rows }: { rows: ImageRow[] }) {
  const scrollRef = useRef<HTMLDivElement>(null)
  const anchor = useRef<number | null>(null)
  const sort = useImages((s) => s.sort)
  const sortBy = useImages((s) => s.sortBy)
  const selected = useImages((s) => s.selected)
  const setSelected = useImages((s) => s.setSelected)
  const ports = useImages((s) => s.ports)
  const containers = useImages((s) => s.containers)
  const scrollToKey = useImages((s) => s.scrollTo)

  // TanStack Virtual's returned functions are not memoizable; this component does not rely on the compiler for them.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    getItemKey: (index) => rows[index]!.key
  })

  useEffect(() => {
    if (!scrollToKey) return
    const index = rows.findIndex((r) => r.key === scrollToKey)
    if (index >= 0) {
      virtualizer.scrollToIndex(index, { align: 'center' })
      useImages.getState().setScrollTo(null)
    }
  }, [scrollToKey, rows, virtualizer])

  const rowsRef = useRef(rows)
  useEffect(() => {
    rowsRef.current = rows
  }, [rows])
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

  return (
    <div ref={scrollRef} className="images-table" role="grid" aria-label="Images" aria-rowcount={rows.length + 1} aria-multiselectable="true">
      <div role="rowgroup" className="images-head">
        <div role="row" aria-rowindex={1} className="images-row header">
          <div role="columnheader" className="images-check">
            <input
              type="checkbox"
              aria-label="Select all shown images"
              checked={allSelected}
              ref={(el) => {
                if (el) el.indeterminate = someSelected
              }}
              onChange={() => setSelected(allSelected ? [] : rows.map((r) => r.key))}
            />
          </div>
          {columns.map((column) => {
            const active = sort.column === column.key
            return (
              <div key={column.key} role="columnheader" aria-sort={active ? (sort.direction === 'asc' ? 'ascending' : 'descending') : 'none'}>
                <button type="button" className="images-sort" onClick={() => sortBy(column.key)}>
                  {column.label}
                  <span aria-hidden="true" className="images-sort-mark">
                    {active ? (sort.direction === 'asc' ? '▲' : '▼') : ''}
                  </span>
                </button>
              </div>
            )
          })}
          <div role="columnheader">Actions</div>
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
              ports={ports[row.id]}
              containers={containers[row.id]}
              onRowClick={onRowClick}
            />
          )
        })}
      </div>
    </div>
  )
}
