import { useVirtualizer } from '@tanstack/react-virtual'
import { useMemo, useRef, useState, type KeyboardEvent } from 'react'
import type { ChangeKind, FileRow } from '../../../../shared/ipc/channels/layers'
import { formatBytes } from '../format'
import { buildTree, formatMode, visibleRows, type TreeSort } from './tree'

const ROW_HEIGHT = 26

const CHANGE_MARK: Record<ChangeKind, string> = { added: 'A', modified: 'M', removed: 'D', opaque: 'O' }
const CHANGE_WORD: Record<ChangeKind, string> = { added: 'added', modified: 'modified', removed: 'removed', opaque: 'opaque (earlier content hidden)' }

export interface FileTreeProps {
  rows: readonly FileRow[]
  filter: string
  changesOnly: boolean
  sort: TreeSort
  selected: string | null
  onSelect(row: FileRow | null, path: string): void
  onOpen(row: FileRow): void
}

/** The layer's or image's files as a tree: virtualized, so 100,000 entries scroll as smoothly as 100. */
export function FileTree({ rows, filter, changesOnly, sort, selected, onSelect, onOpen }: FileTreeProps) {
  const root = useMemo(() => buildTree(rows), [rows])
  const filtering = filter !== '' || changesOnly
  // Which folders the person toggled: opened ones normally, closed ones while a filter opens everything it keeps.
  const [toggled, setToggled] = useState<{ filtering: boolean; paths: ReadonlySet<string> }>({ filtering, paths: new Set() })
  const paths = useMemo(() => (toggled.filtering === filtering ? toggled.paths : new Set<string>()), [toggled, filtering])
  const visible = useMemo(() => visibleRows(root, { toggled: paths, filter, changesOnly, sort }), [root, paths, filter, changesOnly, sort])
  const scrollRef = useRef<HTMLDivElement>(null)
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({ count: visible.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 20 })

  const toggle = (path: string) => {
    const next = new Set(paths)
    if (next.has(path)) next.delete(path)
    else next.add(path)
    setToggled({ filtering, paths: next })
  }
  const activeIndex = Math.max(0, visible.findIndex((v) => v.node.path === selected))

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const current = visible[activeIndex]
    let next = activeIndex
    if (event.key === 'ArrowDown') next = Math.min(visible.length - 1, activeIndex + 1)
    else if (event.key === 'ArrowUp') next = Math.max(0, activeIndex - 1)
    else if (event.key === 'Home') next = 0
    else if (event.key === 'End') next = visible.length - 1
    else if (event.key === 'ArrowRight' && current?.expandable && !current.expanded) toggle(current.node.path)
    else if (event.key === 'ArrowLeft' && current?.expanded) toggle(current.node.path)
    else if (event.key === 'Enter' && current) {
      if (current.expandable) toggle(current.node.path)
      else if (current.node.row) onOpen(current.node.row)
    } else return
    event.preventDefault()
    const row = visible[next]
    if (row && next !== activeIndex) {
      onSelect(row.node.row, row.node.path)
      virtualizer.scrollToIndex(next, { align: 'auto' })
    }
  }

  if (visible.length === 0) return <p className="muted files-empty">{filtering ? 'No files match.' : 'This layer has no files.'}</p>

  return (
    <div ref={scrollRef} className="files-tree" role="tree" aria-label="Files" tabIndex={0} aria-activedescendant={visible[activeIndex] ? `file-${activeIndex}` : undefined} onKeyDown={onKeyDown}>
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualizer.getVirtualItems().map((item) => {
          const { node, depth, expandable, expanded } = visible[item.index]!
          const row = node.row
          const change = row?.change ?? null
          const isSelected = node.path === selected
          return (
            <div
              key={node.path}
              id={`file-${item.index}`}
              role="treeitem"
              aria-level={depth}
              aria-expanded={expandable ? expanded : undefined}
              aria-selected={isSelected}
              aria-label={`${node.name}${change ? `, ${CHANGE_WORD[change]}` : ''}`}
              className={`files-row${isSelected ? ' selected' : ''}${change ? ` change-${change}` : ''}`}
              style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
              onClick={() => {
                onSelect(row, node.path)
                if (expandable) toggle(node.path)
              }}
              onDoubleClick={() => row && !expandable && onOpen(row)}
            >
              <span className="files-mark" aria-hidden="true">
                {change ? CHANGE_MARK[change] : ''}
              </span>
              <span className="files-name" style={{ paddingLeft: (depth - 1) * 16 }}>
                <span className="files-twisty" aria-hidden="true">
                  {expandable ? (expanded ? '▾' : '▸') : ''}
                </span>
                {node.name}
                {row?.linkTarget && <span className="muted"> → {row.linkTarget}</span>}
              </span>
              <span className="files-size">{node.totalSize > 0 || row?.type === 'file' ? formatBytes(node.totalSize) : ''}</span>
              <span className="files-mode">{row ? formatMode(row) : ''}</span>
              <span className="files-owner">{row ? `${row.uid}:${row.gid}` : ''}</span>
            </div>
          )
        })}
      </div>
    </div>
  )
}
