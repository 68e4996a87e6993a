import {
  closestCenter,
  DndContext,
  KeyboardSensor,
  PointerSensor,
  useSensor,
  useSensors,
  type DragEndEvent
} from '@dnd-kit/core'
import { SortableContext, sortableKeyboardCoordinates, verticalListSortingStrategy } from '@dnd-kit/sortable'
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { flushSync } from 'react-dom'
import {
  duplicateBlock,
  getStages,
  insertInstruction,
  moveBlock,
  moveInstruction,
  removeBlock,
  type Block,
  type InsertPosition,
  type Diagnostic,
  type Keyword
} from '../../../shared/dockerfile'
import { buildFailure, selectCurrentBuild, useBuilds } from '../../store/build'
import { useDockerfile } from '../../store/dockerfile'
import { selectDiagnostics } from '../../store/lint-results'
import { uiEvents } from '../../ui-events'
import { AddInstructionMenu } from './AddInstructionMenu'
import { BlockCard, type StageInfo } from './BlockCard'
import { BlockDiagnostics } from './BlockDiagnostics'
import { REORDER_INSTRUCTIONS, reorderAnnouncements } from './reorder-announcements'
import { blockLabel } from './summary'
import { useBlockWindow } from './useBlockWindow'

const EMPTY: readonly Diagnostic[] = []

/** Focuses the first enabled match of `selectors` in the block; false when the block is not in the page. */
function focusIn(id: string, selectors: (string | undefined)[]): boolean {
  const item = document.querySelector(`[data-block-id="${id}"]`)
  if (!item) return false
  const target = selectors.flatMap((s) => (s ? [item.querySelector<HTMLElement>(s)] : [])).find((el) => el && !(el as HTMLButtonElement).disabled)
  target?.focus()
  item.scrollIntoView({ block: 'nearest' })
  return true
}

/**
 * After a block moved or appeared, put the keyboard focus back where the person expects it: at once when
 * the block is in the page already, else once it is rendered (a long list shows only part of itself).
 */
function focusInBlock(scrollToBlock: (id: string) => void, id: string, selector: string, fallback?: string): void {
  if (focusIn(id, [selector, fallback])) return
  requestAnimationFrame(() => {
    scrollToBlock(id)
    requestAnimationFrame(() => focusIn(id, [selector, fallback]))
  })
}

export function BlockList() {
  const doc = useDockerfile((s) => s.doc)
  const diagnostics = useDockerfile(selectDiagnostics)
  const selectedId = useDockerfile((s) => s.selectedId)
  const filePath = useDockerfile((s) => s.filePath)
  // Only a failed build matters here: while one runs this stays undefined, so progress does not re-render the list.
  const currentBuild = useBuilds((s) => {
    const record = selectCurrentBuild(s)
    return record?.status === 'failed' ? record : undefined
  })
  // The block the last build failed at: the one at the failed step's line, while it is the same kind of instruction.
  const failed = useMemo(() => {
    const failure = buildFailure(currentBuild)
    if (!failure || failure.dockerfilePath !== filePath) return null
    const block = doc.blocks.find((b) => (b.kind === 'instruction' || b.kind === 'raw') && b.instructionLine === failure.line && b.keyword === failure.keyword)
    return block ? { id: block.id, message: failure.message } : null
  }, [currentBuild, filePath, doc])
  const [flashId, setFlashId] = useState<string | null>(null)
  const [undo, setUndo] = useState<{ label: string; text: string } | null>(null)

  const visible = useMemo(() => doc.blocks.filter((b) => b.kind !== 'blank'), [doc])
  const panelRef = useRef<HTMLDivElement>(null)
  const listRef = useRef<HTMLDivElement>(null)
  const { shown, windowed, listStyle, measure, scrollToBlock } = useBlockWindow(visible, panelRef, listRef)
  // The same ids keep the same array, so an edit inside one block does not re-render every sortable block.
  const idsKey = visible.map((b) => b.id).join(' ')
  const sortableIds = useMemo(() => idsKey.split(' ').filter(Boolean), [idsKey])
  const stages = useMemo(() => getStages(doc), [doc])
  const stageNames = useMemo(() => stages.flatMap((s) => (s.name ? [s.name] : [])), [stages])
  const stageOf = useMemo(() => {
    const map = new Map<string, StageInfo>()
    const firstFrom = stages[0]?.blockIds[0]
    const firstFromIndex = firstFrom ? visible.findIndex((b) => b.id === firstFrom) : visible.length
    const before = visible.slice(0, Math.max(0, firstFromIndex))
    // ARGs before the first FROM form a group of their own; a leading comment alone does not.
    const globalGroup = before.some((b) => b.kind === 'instruction' || b.kind === 'raw')
    const show = stages.length > 1 || (stages.length > 0 && globalGroup)
    for (const stage of stages) {
      const first = stage.blockIds[0]
      for (const id of stage.blockIds) {
        map.set(id, { index: stage.index, ...(stage.name ? { name: stage.name } : {}), baseImage: stage.baseImage, starts: id === first, show })
      }
    }
    let first = true
    for (const block of visible) {
      if (map.has(block.id)) continue
      map.set(block.id, { index: -1, baseImage: '', starts: first, show: show && globalGroup })
      first = false
    }
    return map
  }, [stages, visible])
  const byBlock = useMemo(() => {
    const map = new Map<string, Diagnostic[]>()
    for (const d of diagnostics) {
      if (!d.blockId) continue
      const list = map.get(d.blockId)
      if (list) list.push(d)
      else map.set(d.blockId, [d])
    }
    return map
  }, [diagnostics])
  const general = useMemo(() => (doc.blocks.length > 0 ? diagnostics.filter((d) => !d.blockId) : []), [diagnostics, doc.blocks.length])

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined
    const stop = uiEvents.on('revealBlock', ({ id }) => {
      requestAnimationFrame(() => scrollToBlock(id, 'center'))
      setFlashId(id)
      clearTimeout(timer)
      timer = setTimeout(() => setFlashId(null), 1600)
    })
    return () => {
      stop()
      clearTimeout(timer)
    }
  }, [scrollToBlock])

  // The text cursor selects the instruction it is in: bring that block into view, unless the person is working in it.
  useEffect(() => {
    if (!selectedId) return
    if (document.querySelector(`[data-block-id="${selectedId}"]`)?.contains(document.activeElement)) return
    scrollToBlock(selectedId)
  }, [selectedId, scrollToBlock])

  const onMove = useCallback((id: string, direction: 'up' | 'down', focusLabel: string) => {
    // Rendered now, so the focus is back in the same task: React reorders by moving the block's element,
    // which drops the focus, and a key pressed before a later frame (Alt+arrow again) would go nowhere.
    flushSync(() => useDockerfile.getState().edit((d) => moveInstruction(d, id, direction)))
    focusInBlock(scrollToBlock, id, `button[aria-label="${focusLabel}"]`, `button[aria-label="${focusLabel === 'Move up' ? 'Move down' : 'Move up'}"]`)
  }, [scrollToBlock])

  const onDuplicate = useCallback((id: string) => {
    useDockerfile.getState().edit((d) => duplicateBlock(d, id), { select: 'changed' })
    const copy = useDockerfile.getState().selectedId
    if (copy && copy !== id) focusInBlock(scrollToBlock, copy, 'button[aria-label="Duplicate"]')
  }, [scrollToBlock])

  const onDelete = useCallback((id: string) => {
    const state = useDockerfile.getState()
    const block = state.doc.blocks.find((b) => b.id === id)
    if (!block) return
    setUndo({ label: blockLabel(block, state.doc.escapeChar), text: state.text })
    state.edit((d) => removeBlock(d, id))
    if (state.selectedId === id) state.select(null)
  }, [])

  const addAt = useCallback(
    (at: InsertPosition, keyword: Keyword) => {
      useDockerfile.getState().edit((d) => insertInstruction(d, at, keyword), { select: 'changed' })
      const added = useDockerfile.getState().selectedId
      if (added) focusInBlock(scrollToBlock, added, 'input, select, textarea')
    },
    [scrollToBlock]
  )

  const onAdd = (keyword: Keyword) => {
    const state = useDockerfile.getState()
    addAt(state.selectedId && state.doc.blocks.some((b) => b.id === state.selectedId) ? { afterId: state.selectedId } : state.doc.blocks.length, keyword)
  }

  const onAddAfter = useCallback((id: string, keyword: Keyword) => addAt({ afterId: id }, keyword), [addAt])

  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates })
  )
  // Read from the store when announced: a drop's announcement comes after onDragEnd has moved the block.
  const accessibility = useMemo(
    () => ({
      screenReaderInstructions: REORDER_INSTRUCTIONS,
      announcements: reorderAnnouncements((id) => {
        const { doc: now } = useDockerfile.getState()
        const blocks = now.blocks.filter((b) => b.kind !== 'blank')
        const index = blocks.findIndex((b) => b.id === id)
        return index === -1 ? undefined : { label: blockLabel(blocks[index]!, now.escapeChar), position: index + 1, count: blocks.length }
      })
    }),
    []
  )
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    if (!over || active.id === over.id) return
    const blocks = useDockerfile.getState().doc.blocks
    const to = blocks.findIndex((b) => b.id === over.id)
    if (to !== -1) useDockerfile.getState().edit((d) => moveBlock(d, String(active.id), to))
  }

  const statements = visible.filter((b) => b.kind === 'instruction' || b.kind === 'raw')
  const firstId = statements[0]?.id
  const lastId = statements.at(-1)?.id
  const style = { eol: doc.eol, escapeChar: doc.escapeChar }

  return (
    <div className="block-panel" ref={panelRef}>
      <div className="block-toolbar">
        <AddInstructionMenu onAdd={onAdd} />
        <span className="muted toolbar-hint">{selectedId ? 'Adds after the selected instruction' : 'Adds at the end'}</span>
      </div>
      {undo && (
        <div className="undo-bar">
          <span>
            Deleted <code>{undo.label}</code>
          </span>
          <button
            type="button"
            className="button small"
            onClick={() => {
              useDockerfile.getState().setText(undo.text)
              setUndo(null)
            }}
          >
            Undo
          </button>
          <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => setUndo(null)}>
            ✕
          </button>
        </div>
      )}
      <BlockDiagnostics diagnostics={general} />
      {visible.length === 0 && (
        <div className="empty-state">
          <p>
            <strong>This Dockerfile is empty.</strong>
          </p>
          <p className="muted">
            Every Dockerfile starts with <code>FROM</code>, the image to build on. Use <em>Add instruction</em>, type in the text view on the right, or pick a
            ready-made starter with <em>New</em>.
          </p>
        </div>
      )}
      <DndContext sensors={sensors} collisionDetection={closestCenter} onDragEnd={onDragEnd} accessibility={accessibility}>
        <SortableContext items={sortableIds} strategy={verticalListSortingStrategy}>
          <div role="list" aria-label="Instructions" className="block-list" ref={listRef} style={listStyle}>
            {shown.map(({ block, index }: { block: Block; index: number }) => (
              <BlockCard
                key={block.id}
                block={block}
                {...(windowed ? { place: { index, count: visible.length }, measure } : {})}
                style={style}
                stage={stageOf.get(block.id)!}
                stageNames={stageNames}
                diagnostics={byBlock.get(block.id) ?? EMPTY}
                buildFailure={failed?.id === block.id ? failed.message : undefined}
                selected={block.id === selectedId}
                flash={block.id === flashId}
                isFirst={block.id === firstId}
                isLast={block.id === lastId}
                line={block.kind === 'instruction' || block.kind === 'raw' ? block.instructionLine : block.range.startLine}
                onMove={onMove}
                onDuplicate={onDuplicate}
                onDelete={onDelete}
                onAddAfter={onAddAfter}
              />
            ))}
          </div>
        </SortableContext>
      </DndContext>
    </div>
  )
}
