import { useVirtualizer } from '@tanstack/react-virtual'
import { useId, useMemo, useRef, useState } from 'react'
import type { ImageComparison } from '../../../../shared/ipc/channels/layers'
import { useImages } from '../../../store/images'
import { useLayers } from '../../../store/layers'
import { formatBytes } from '../format'
import { ErrorText } from '../../ErrorText'
import { useAction } from '../../useAction'

const ROW_HEIGHT = 26
const signed = (bytes: number) => (bytes === 0 ? '0 B' : `${bytes > 0 ? '+' : '−'}${formatBytes(Math.abs(bytes))}`)

/** Compare with another image or tag: files added, removed and changed, with the size difference. */
export function ComparePanel({ imageId }: { imageId: string }) {
  const rows = useImages((s) => s.rows)
  const choices = useMemo(() => rows.filter((r) => r.id !== imageId), [rows, imageId])
  const [other, setOther] = useState('')
  const [comparison, setComparison] = useState<ImageComparison | null>(null)
  const { busy, error, run } = useAction()
  const selectId = useId()
  const otherId = choices.find((c) => c.key === other)?.id ?? null

  async function compare() {
    if (!otherId) return
    setComparison(null)
    await run(async () => {
      // The other image is read first when it has not been (an operation, shown with the others).
      await useLayers.getState().summaryOf(otherId)
      setComparison(await useLayers.getState().compare(imageId, otherId))
    })
  }

  return (
    <section className="files-compare" aria-label="Compare">
      <div className="files-toolbar">
        <label htmlFor={selectId}>Compare with</label>
        <select id={selectId} value={other} onChange={(e) => setOther(e.target.value)}>
          <option value="">Choose an image…</option>
          {choices.map((c) => (
            <option key={c.key} value={c.key}>
              {c.reference ?? c.shortId}
            </option>
          ))}
        </select>
        <button type="button" className="button" disabled={!otherId || busy} onClick={() => void compare()}>
          Compare
        </button>
        {busy && <span className="muted">Reading and comparing…</span>}
      </div>
      <ErrorText message={error} />
      {comparison && <ComparisonTable comparison={comparison} />}
    </section>
  )
}

function ComparisonTable({ comparison }: { comparison: ImageComparison }) {
  const scrollRef = useRef<HTMLDivElement>(null)
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({ count: comparison.rows.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 20 })
  return (
    <>
      <p role="status">
        {comparison.added} added, {comparison.removed} removed, {comparison.changed} changed, {signed(comparison.sizeDelta)}
        {comparison.timestampOnly > 0 && <span className="muted">; {comparison.timestampOnly} files only have a new modified time (same content)</span>}
      </p>
      {comparison.rows.length > 0 && (
        <div ref={scrollRef} className="files-compare-list" role="list" aria-label="Differences">
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {virtualizer.getVirtualItems().map((item) => {
              const row = comparison.rows[item.index]!
              return (
                <div
                  key={row.path}
                  role="listitem"
                  className={`files-row compare-${row.kind}`}
                  style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
                >
                  <span className="files-kind">{row.kind}</span>
                  <code className="files-name">{row.path}</code>
                  <span className="files-size">{signed(row.sizeDelta)}</span>
                  <span className="muted files-what">{row.what.join(', ')}</span>
                </div>
              )
            })}
          </div>
        </div>
      )}
    </>
  )
}
