import { useEffect } from 'react'
import type { OperationSnapshot } from '../../../shared/ipc/channels/operations'
import { useImages } from '../../store/images'
import { useNavigation } from '../../store/navigation'
import { ensureOperationEvents, useOperations } from '../../store/operations'

/** Bytes done of the layers whose size is known, as a whole percentage; null before any size is known. */
export function pullPercent(operation: OperationSnapshot<'pull'>): number | null {
  let current = 0
  let total = 0
  for (const layer of operation.status.layers) {
    if (!layer.total) continue
    current += Math.min(layer.current, layer.total)
    total += layer.total
  }
  return total ? Math.floor((current / total) * 100) : null
}

/** In the status bar while pulls run (their dialogs may be closed): what runs, and a way back to it. */
export function OperationsIndicator() {
  useEffect(ensureOperationEvents, [])
  const records = useOperations((s) => s.records)
  const pulls = Object.values(records).filter((o): o is OperationSnapshot<'pull'> => o.kind === 'pull' && o.state === 'running')
  if (pulls.length === 0) return null
  const newest = pulls.reduce((a, b) => (b.startedAt > a.startedAt ? b : a))
  const percent = pullPercent(newest)
  const label = pulls.length === 1 ? `Pulling ${newest.status.reference}${percent === null ? '…' : ` ${percent}%`}` : `Pulling ${pulls.length} images…`
  return (
    <button
      type="button"
      className="button small operations-indicator"
      aria-label={`${label}: show the pull`}
      onClick={() => {
        useNavigation.getState().show('Images')
        useImages.getState().openDialog({ kind: 'pull' })
      }}
    >
      {label}
    </button>
  )
}
