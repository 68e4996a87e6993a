import { useEffect, useMemo, useRef, useState } from 'react'
import { useVirtualizer } from '@tanstack/react-virtual'
import { ansiLineToSpans, type AnsiSpan } from './ansi'
import { terminalLine } from './log-line'
import '../../styles/ansi.css'

interface Props {
  /** The whole log; the array may grow in place, `version` says when. */
  lines: string[]
  version: number
  label?: string
}

const ROW_HEIGHT = 18

/** One line's styled runs as elements: text nodes and classes, no HTML, colours beyond the 16 set through the CSSOM. */
function LogLineText({ spans }: { spans: AnsiSpan[] }) {
  return spans.map((span, i) =>
    span.className || span.color || span.background ? (
      <span
        key={i}
        className={span.className || undefined}
        style={span.color || span.background ? { color: span.color ?? undefined, backgroundColor: span.background ?? undefined } : undefined}
      >
        {span.text}
      </span>
    ) : (
      span.text
    )
  )
}

/**
 * The full build log: virtualized (200,000 lines stay responsive), ANSI colours, search, copy, follow.
 * Each line shows what a terminal would (terminalLine), and a long one wraps: rows are measured.
 */
export function BuildLog({ lines, version, label = 'Build log' }: Props) {
  const [query, setQuery] = useState('')
  const [follow, setFollow] = useState(true)
  const [copied, setCopied] = useState<string | null>(null)
  const scroller = useRef<HTMLDivElement>(null)
  const cache = useRef(new Map<string, AnsiSpan[]>())

  const needle = query.trim().toLowerCase()
  // `version` marks growth of the same array.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const visible = useMemo(() => (needle ? lines.filter((l) => terminalLine(l).toLowerCase().includes(needle)) : lines), [lines, needle, version])
  const count = visible.length

  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is read fresh on every render here
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 20
  })

  // Rows are measured as they render (wrapped lines are taller): follow the total height too.
  const totalSize = virtualizer.getTotalSize()
  useEffect(() => {
    if (follow && count > 0) virtualizer.scrollToIndex(count - 1, { align: 'end' })
  }, [follow, count, version, totalSize, virtualizer])

  // Only the person scrolling up stops following; a row growing when measured moves nothing up.
  const lastTop = useRef(0)
  const onScroll = () => {
    const el = scroller.current
    if (!el) return
    const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight < ROW_HEIGHT * 2
    const scrolledUp = el.scrollTop < lastTop.current - 1
    lastTop.current = el.scrollTop
    if (!atBottom && scrolledUp && follow) setFollow(false)
  }

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(visible.map(terminalLine).join('\n'))
      setCopied(`Copied ${visible.length} lines`)
    } catch {
      setCopied('Copying failed: the clipboard is not available')
    }
    setTimeout(() => setCopied(null), 2500)
  }

  const spansOf = (line: string): AnsiSpan[] => {
    let out = cache.current.get(line)
    if (out === undefined) {
      out = ansiLineToSpans(terminalLine(line))
      if (cache.current.size > 5000) cache.current.clear()
      cache.current.set(line, out)
    }
    return out
  }

  return (
    <section className="build-log" aria-label={label}>
      <div className="build-log-toolbar">
        <input type="search" aria-label="Search the log" placeholder="Search the log" value={query} onChange={(e) => setQuery(e.target.value)} />
        <span className="muted build-log-count" aria-live="polite">
          {needle ? `${count} of ${lines.length} lines` : `${lines.length} lines`}
        </span>
        <label className="build-log-follow">
          <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} /> Follow
        </label>
        <button type="button" className="button small" onClick={() => void copy()}>
          Copy log
        </button>
        {copied && (
          <span className="muted" role="status">
            {copied}
          </span>
        )}
      </div>
      <div className="build-log-lines" ref={scroller} onScroll={onScroll} role="log" aria-label={`${label} lines`} tabIndex={0}>
        <div style={{ height: totalSize, position: 'relative' }}>
          {virtualizer.getVirtualItems().map((row) => (
            <div
              key={row.key}
              ref={virtualizer.measureElement}
              data-index={row.index}
              className="build-log-line"
              style={{ transform: `translateY(${row.start}px)` }}
            >
              <LogLineText spans={spansOf(visible[row.index] ?? '')} />
            </div>
          ))}
        </div>
      </div>
    </section>
  )
}
