// Which blocks the visual editor puts in the page. A short Dockerfile shows
// every block (find-in-page, screen readers and tests see them all); a long
// one (thousands of lines) shows the blocks near the scroll position only, so
// that typing stays fast: every block is a form, and a 2,000-line file has
// over a thousand of them.
import { useVirtualizer } from '@tanstack/react-virtual'
import { useCallback, useRef, type CSSProperties, type RefObject } from 'react'
import type { Block } from '../../../shared/dockerfile'

/** Above this many blocks, only those near the viewport are rendered. */
export const WINDOW_ABOVE = 80
/** Must match `.block-list { gap; padding-bottom }` in editor.css. */
const GAP_PX = 6
const END_PX = 24

export interface BlockWindow {
  /** The blocks to render, with their place in the whole list. */
  shown: readonly { block: Block; index: number }[]
  /** True when only part of the list is rendered. */
  windowed: boolean
  /** Style for the list element: room above and below the rendered blocks. */
  listStyle: CSSProperties | undefined
  /** Give each rendered block's element, so its real height is measured. */
  measure: (element: Element | null) => void
  /** Scrolls so the block is rendered and in view (then it can be focused). */
  scrollToBlock(id: string, align?: 'center' | 'auto'): void
}

export function useBlockWindow(blocks: readonly Block[], panel: RefObject<HTMLElement | null>, list: RefObject<HTMLElement | null>): BlockWindow {
  const windowed = blocks.length > WINDOW_ABOVE
  const blocksRef = useRef(blocks)
  blocksRef.current = blocks
  // The React Compiler is not used; the virtualizer is read fresh on every render.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: windowed ? blocks.length : 0,
    getScrollElement: () => panel.current,
    estimateSize: () => 120,
    overscan: 6,
    gap: GAP_PX,
    getItemKey: (index) => blocksRef.current[index]?.id ?? index,
    // The list starts below the toolbar and messages inside the scrolling panel (which is position: relative).
    scrollMargin: list.current?.offsetTop ?? 0
  })

  const scrollToBlock = useCallback(
    (id: string, align: 'center' | 'auto' = 'auto') => {
      if (blocksRef.current.length > WINDOW_ABOVE) {
        const index = blocksRef.current.findIndex((b) => b.id === id)
        if (index !== -1) virtualizer.scrollToIndex(index, { align })
        return
      }
      document.querySelector(`[data-block-id="${id}"]`)?.scrollIntoView({ block: align === 'center' ? 'center' : 'nearest' })
    },
    [virtualizer]
  )

  if (!windowed) return { shown: blocks.map((block, index) => ({ block, index })), windowed, listStyle: undefined, measure: noMeasure, scrollToBlock }

  const items = virtualizer.getVirtualItems()
  const margin = virtualizer.options.scrollMargin
  const first = items[0]
  const last = items.at(-1)
  const shown = items.flatMap((item) => {
    const block = blocks[item.index]
    return block ? [{ block, index: item.index }] : []
  })
  const listStyle: CSSProperties = {
    paddingTop: first ? first.start - margin : 0,
    paddingBottom: (last ? virtualizer.getTotalSize() - (last.end - margin) : 0) + END_PX
  }
  return { shown, windowed, listStyle, measure: virtualizer.measureElement, scrollToBlock }
}

function noMeasure(): void {}
