import { useState } from 'react'
import { errorMessage } from '../../../shared/ipc/errors'
import { useNavigation } from '../../store/navigation'
import { useRunDialog } from '../../store/runDialog'
import { buildLog, isActive, useBuilds } from '../../store/build'
import { BuildLog } from './BuildLog'
import { LayerBars } from './LayerBars'
import { StepList } from './StepList'
import { formatBytes, formatDuration, statusLabel } from './format'

interface Props {
  buildId: string
  /** Makes steps clickable (reveal their instruction in the editor). */
  onReveal?: (line: number) => void
}

/** One build: status, builder, steps, pull progress, log; Cancel while it runs, "Run…" and "Show image" after success. */
export function BuildDetails({ buildId, onReveal }: Props) {
  const record = useBuilds((s) => s.records[buildId])
  const version = useBuilds((s) => s.logVersion)
  const [error, setError] = useState<string | null>(null)
  const [cancelling, setCancelling] = useState(false)
  if (!record) return null
  const active = isActive(record)
  const tag = record.request.tags[0] ?? record.imageId ?? ''
  const cancel = async () => {
    setCancelling(true)
    try {
      await useBuilds.getState().cancel(record.id)
    } catch (e) {
      setError(errorMessage(e))
    }
  }
  const builder = record.builder === 'buildkit' ? 'BuildKit' : 'classic builder'
  return (
    <div className="build-details">
      <div className={`build-summary build-status-${record.status}`}>
        <div className="build-summary-text">
          <strong role="status" aria-label="Build status">
            {statusLabel[record.status]}
          </strong>
          <span className="muted">
            {record.request.tags.join(', ')} · {builder}
            {record.contextBytes !== undefined ? ` · context ${formatBytes(record.contextBytes)} (${record.contextFiles} files)` : ''}
            {record.durationMs !== undefined ? ` · ${formatDuration(record.durationMs)}` : ''}
          </span>
        </div>
        {active && (
          <button type="button" className="button danger" onClick={() => void cancel()} disabled={cancelling}>
            {cancelling ? 'Cancelling…' : 'Cancel build'}
          </button>
        )}
        {record.status === 'succeeded' && (
          <>
            <button type="button" className="button primary" onClick={() => useRunDialog.getState().open({ image: tag || record.imageId || '' })} title={`Run a container from ${tag}`}>
              Run…
            </button>
            <button type="button" className="button" onClick={() => useNavigation.getState().showImage(tag || record.imageId || '')}>
              Show image
            </button>
          </>
        )}
      </div>
      {/* A failed step shows the engine's message itself, next to the step. */}
      {record.status === 'failed' && record.error && !record.steps.some((step) => step.state === 'failed' && step.error === record.error) && (
        <div className="banner banner-error build-error" role="alert">
          {record.error}
        </div>
      )}
      {error && (
        <div className="banner banner-error build-error" role="alert">
          {error}
        </div>
      )}
      {record.warnings.length > 0 && (
        <ul className="build-warnings" aria-label="Build context notes">
          {record.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
      <div className="build-body">
        <StepList steps={record.steps} status={record.status} {...(onReveal ? { onReveal } : {})} />
        <div className="build-output">
          <LayerBars layers={record.layers} />
          <BuildLog lines={buildLog(record.id)} version={version} />
        </div>
      </div>
    </div>
  )
}
