import { useVirtualizer } from '@tanstack/react-virtual'
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react'
import type { PublishedPort } from '../../../shared/ipc/channels/containers'
import { errorMessage } from '../../../shared/ipc/errors'
import { useContainers } from '../../store/containers'
import { operationItems, useOperation, useOperations } from '../../store/operations'
import { reachFromHost } from './format'
import { PortLink } from './PortLinks'

const ansiEscape = new RegExp(`${String.fromCharCode(27)}\\[[0-9;?]*[A-Za-z]`, 'g')
const LINE_HEIGHT = 19
const noPorts: PublishedPort[] = []

/** Next to "Running on http://127.0.0.1:5000": the address that reaches it from this machine, when one does. */
function ReachFromHost({ text, ports, onError }: { text: string; ports: PublishedPort[]; onError: (message: string) => void }) {
  const reach = reachFromHost(text, ports)
  // A port published on a remote engine is reached there, not from here: nothing to add.
  if (!reach || (reach.published && !reach.published.url)) return null
  return reach.published?.url ? (
    <span className="log-reach">
      {'  ← from this machine: '}
      <PortLink port={reach.published} url={reach.published.url} onError={onError} />
    </span>
  ) : (
    <span className="log-reach">{`  ← that address is inside the container; port ${reach.containerPort} is not published, so this machine cannot reach it (Recreate with changes to map it)`}</span>
  )
}

/** The log of one container: live, stdout and stderr told apart, follow, timestamps, search, download. */
export function LogsPanel({ id, name, onClose }: { id: string; name: string; onClose: () => void }) {
  const [followId, setFollowId] = useState<string | null>(null)
  const operation = useOperation<'logs'>(followId)
  const version = useOperations((s) => s.itemsVersion)
  const lines = operationItems<'logs'>(followId)
  const ended = operation !== null && operation.state !== 'running'
  const [startError, setStartError] = useState<string | null>(null)
  const [follow, setFollow] = useState(true)
  const [timestamps, setTimestamps] = useState(false)
  const [query, setQuery] = useState('')
  const [saved, setSaved] = useState<string | null>(null)
  const [generation, setGeneration] = useState(0)
  const scroller = useRef<HTMLDivElement>(null)
  const lastScrollTop = useRef(0)
  const error = startError ?? (operation?.state === 'failed' ? operation.error : null)
  const ports = useContainers((s) => s.containers.find((c) => c.id === id)?.ports ?? noPorts)

  // Following is an operation: it ends by itself when the container stops; closing the panel cancels it.
  useEffect(() => {
    const { followLogs, forget } = useOperations.getState()
    let started: string | null = null
    let closed = false
    setFollowId(null)
    setStartError(null)
    followLogs(id, null).then(
      (operation) => {
        if (closed) return forget(operation.id)
        started = operation.id
        setFollowId(operation.id)
      },
      (e: unknown) => {
        if (!closed) setStartError(errorMessage(e))
      }
    )
    return () => {
      closed = true
      if (started) forget(started)
    }
  }, [id, generation])

  const needle = query.trim().toLowerCase()
  // Indices of the lines to show: all of them, or those matching the search.
  const shown = useMemo(() => {
    void version
    if (!needle) return null
    const matches: number[] = []
    const all = lines
    for (let i = 0; i < all.length; i++) if (all[i]!.text.toLowerCase().includes(needle)) matches.push(i)
    return matches
  }, [needle, version, lines])
  const count = shown ? shown.length : lines.length

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
      const file = await useContainers.getState().saveLogs(id, timestamps)
      if (file) setSaved(`Saved to ${file}`)
    } catch (e) {
      setStartError(errorMessage(e))
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
            {count} of {lines.length} lines match
          </span>
        ) : (
          <span className="muted">{lines.length} lines</span>
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
            const line = lines[shown ? shown[item.index]! : item.index]!
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
                <ReachFromHost text={line.text} ports={ports} onError={setStartError} />
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
