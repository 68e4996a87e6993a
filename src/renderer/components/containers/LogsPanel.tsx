import { useVirtualizer } from '@tanstack/react-virtual'
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react'
import type { LogBatch, LogLine } from '../../../shared/ipc/channels/containers'
import { errorMessage } from '../../../shared/ipc/errors'
import { api } from '../../api'

const ansiEscape = new RegExp(`${String.fromCharCode(27)}\\[[0-9;?]*[A-Za-z]`, 'g')
const LINE_HEIGHT = 19

/** The log of one container: live, stdout and stderr told apart, follow, timestamps, search, download. */
export function LogsPanel({ id, name, onClose }: { id: string; name: string; onClose: () => void }) {
  const lines = useRef<LogLine[]>([])
  const [version, setVersion] = useState(0)
  const [ended, setEnded] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [follow, setFollow] = useState(true)
  const [timestamps, setTimestamps] = useState(false)
  const [query, setQuery] = useState('')
  const [saved, setSaved] = useState<string | null>(null)
  const [generation, setGeneration] = useState(0)
  const scroller = useRef<HTMLDivElement>(null)
  const lastScrollTop = useRef(0)

  useEffect(() => {
    lines.current = []
    setVersion((v) => v + 1)
    setEnded(false)
    setError(null)
    let subscription: string | null = null
    let cancelled = false
    const early: LogBatch[] = []
    // Lines go in at once; the view re-renders at most once per frame, however fast batches come.
    let frame: number | null = null
    const apply = (batch: LogBatch) => {
      if (batch.lines.length) {
        for (const line of batch.lines) lines.current.push(line)
        frame ??= requestAnimationFrame(() => {
          frame = null
          setVersion((v) => v + 1)
        })
      }
      if (batch.ended) setEnded(true)
    }
    const unsubscribe = api.events.containerLogs((batch) => {
      if (subscription === null) early.push(batch)
      else if (batch.subscription === subscription) apply(batch)
    })
    api.containers.followLogs({ id, tail: null }).then(
      (result) => {
        if (cancelled) {
          void api.containers.stopLogs({ subscription: result.subscription })
          return
        }
        subscription = result.subscription
        for (const batch of early) if (batch.subscription === subscription) apply(batch)
        early.length = 0
      },
      (e: unknown) => {
        if (!cancelled) setError(errorMessage(e))
      }
    )
    return () => {
      cancelled = true
      if (frame !== null) cancelAnimationFrame(frame)
      unsubscribe()
      if (subscription) void api.containers.stopLogs({ subscription })
    }
  }, [id, generation])

  const needle = query.trim().toLowerCase()
  // Indices of the lines to show: all of them, or those matching the search.
  const shown = useMemo(() => {
    void version
    if (!needle) return null
    const matches: number[] = []
    const all = lines.current
    for (let i = 0; i < all.length; i++) if (all[i]!.text.toLowerCase().includes(needle)) matches.push(i)
    return matches
  }, [needle, version])
  const count = shown ? shown.length : lines.current.length

  // TanStack Virtual is not memoizable by the React compiler; this component re-renders on every batch anyway.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scroller.current,
    estimateSize: () => LINE_HEIGHT,
    overscan: 30
  })

  // Following keeps the end in view; set directly so the position only ever moves down while lines arrive.
  useLayoutEffect(() => {
    const el = scroller.current
    if (!follow || !el) return
    el.scrollTop = el.scrollHeight
    lastScrollTop.current = el.scrollTop
  }, [follow, count])

  // Scrolling up (only a person does that; new lines only grow the list) pauses following.
  const onScroll = () => {
    const el = scroller.current
    if (!el) return
    if (follow && el.scrollTop < lastScrollTop.current - 2) setFollow(false)
    lastScrollTop.current = el.scrollTop
  }

  const download = async () => {
    setSaved(null)
    try {
      const file = await api.containers.saveLogs({ id, timestamps })
      if (file) setSaved(`Saved to ${file}`)
    } catch (e) {
      setError(errorMessage(e))
    }
  }

  return (
    <section className="logs-panel" aria-label={`Logs of ${name}`}>
      <header className="logs-toolbar">
        <h2>
          Logs of <code>{name}</code>
        </h2>
        <label className="logs-search">
          <span className="visually-hidden">Search logs</span>
          <input type="search" placeholder="Search logs" aria-label="Search logs" value={query} onChange={(e) => setQuery(e.target.value)} />
        </label>
        {needle ? (
          <span className="muted" aria-live="polite">
            {count} of {lines.current.length} lines match
          </span>
        ) : (
          <span className="muted">{lines.current.length} lines</span>
        )}
        <label className="check">
          <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} /> Follow
        </label>
        <label className="check">
          <input type="checkbox" checked={timestamps} onChange={(e) => setTimestamps(e.target.checked)} /> Timestamps
        </label>
        <button type="button" className="button small" onClick={() => void download()}>
          Download
        </button>
        <button type="button" className="button small" aria-label="Close logs" onClick={onClose}>
          ✕
        </button>
      </header>
      {error ? (
        <p className="error-text" role="alert">
          {error}
        </p>
      ) : null}
      {saved ? (
        <p className="muted" role="status">
          {saved}
        </p>
      ) : null}
      <div className="logs-body" ref={scroller} onScroll={onScroll} role="log" aria-label={`Log lines of ${name}`} tabIndex={0}>
        <div className="logs-sizer" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => {
            const line = lines.current[shown ? shown[item.index]! : item.index]!
            return (
              <div
                key={item.key}
                className={line.stream === 'stderr' ? 'log-line stderr' : 'log-line'}
                style={{ transform: `translateY(${item.start}px)` }}
                data-index={item.index}
              >
                {timestamps ? <span className="log-time">{line.time.replace('T', ' ').replace(/\.\d+Z$/, 'Z')} </span> : null}
                {line.stream === 'stderr' ? <span className="log-stream">stderr </span> : null}
                <span className="log-text">{line.text.replace(ansiEscape, '')}</span>
              </div>
            )
          })}
        </div>
        {count === 0 ? <p className="logs-empty muted">{needle ? 'No line matches.' : ended ? 'This container has written no log.' : 'Waiting for output…'}</p> : null}
      </div>
      {ended ? (
        <p className="logs-ended muted">
          The container is not running; the log ended.{' '}
          <button type="button" className="button small" onClick={() => setGeneration((g) => g + 1)}>
            Follow again
          </button>
        </p>
      ) : null}
    </section>
  )
}
