import { useCallback, useEffect, useState, type KeyboardEvent, type PointerEvent, type RefObject } from 'react'

const STEP = 32
/** What the editor above keeps at least, and what the panel keeps at least. */
const MIN_ABOVE = 150
const MIN_PANEL = 200
const DEFAULT_PANEL = 340

/**
 * The build panel's height under the editor: at first a bit under half of the view, then wherever the
 * person drags the separator (or moves it with the arrow keys), always leaving the editor some room.
 */
export function usePanelHeight(panel: RefObject<HTMLElement | null>) {
  const [height, setHeight] = useState<number | null>(null)

  /** The tallest the panel can be in the view as it is now. */
  const maxHeight = useCallback(() => {
    const viewEl = panel.current?.closest<HTMLElement>('.view')
    if (!viewEl) return MIN_PANEL
    const viewBox = viewEl.getBoundingClientRect()
    const padding = parseFloat(getComputedStyle(viewEl).paddingBottom) || 0
    // The panel's top can move up until the editor above it is MIN_ABOVE tall.
    const split = viewEl.querySelector('.editor-split')
    const splitTop = split ? split.getBoundingClientRect().top : viewBox.top
    return Math.max(MIN_PANEL, viewBox.bottom - padding - splitTop - MIN_ABOVE)
  }, [panel])

  const clamp = useCallback((h: number) => Math.round(Math.min(Math.max(h, MIN_PANEL), maxHeight())), [maxHeight])

  useEffect(() => {
    // At first: room for the steps and a dozen log lines, or all there is on a small window.
    const fit = () => setHeight((h) => clamp(h ?? Math.max(maxHeight() * 0.62, DEFAULT_PANEL)))
    fit()
    window.addEventListener('resize', fit)
    return () => window.removeEventListener('resize', fit)
  }, [clamp, maxHeight])

  return { height, setHeight: (h: number) => setHeight(clamp(h)), maxHeight }
}

interface Props {
  height: number | null
  maxHeight(): number
  onResize(height: number): void
  controls: string
}

/** The separator above the build panel: drag it, or focus it and use the arrow keys, Home and End. */
export function PanelResizer({ height, maxHeight, onResize, controls }: Props) {
  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    if (height === null) return
    e.preventDefault()
    const startY = e.clientY
    const start = height
    const target = e.currentTarget
    target.setPointerCapture(e.pointerId)
    const move = (m: globalThis.PointerEvent) => onResize(start + startY - m.clientY)
    const up = () => {
      target.removeEventListener('pointermove', move)
      target.removeEventListener('pointerup', up)
    }
    target.addEventListener('pointermove', move)
    target.addEventListener('pointerup', up)
  }
  const onKeyDown = (e: KeyboardEvent) => {
    if (height === null) return
    const next = { ArrowUp: height + STEP, ArrowDown: height - STEP, Home: maxHeight(), End: 0 }[e.key]
    if (next === undefined) return
    e.preventDefault()
    onResize(next)
  }
  return (
    <div
      className="panel-resizer"
      role="separator"
      aria-orientation="horizontal"
      aria-label="Resize the build panel"
      aria-controls={controls}
      aria-valuenow={height ?? undefined}
      aria-valuemin={MIN_PANEL}
      aria-valuemax={Math.round(maxHeight())}
      tabIndex={0}
      title="Drag to resize (or focus and use ↑ ↓)"
      onPointerDown={onPointerDown}
      onKeyDown={onKeyDown}
    />
  )
}
