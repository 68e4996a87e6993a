import type { BuildStatus, StepState } from '../../../shared/ipc/channels/build'

export function formatDuration(ms: number | undefined): string {
  if (ms === undefined) return ''
  if (ms < 1000) return `${Math.round(ms)} ms`
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`
  const minutes = Math.floor(ms / 60_000)
  return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`
}

export { formatBytes } from '../../../shared/format'

/** A step's state as shown; "not-run": still waiting when the build ended (an earlier step failed, or it was cancelled). */
export const stepStateLabel: Record<StepState | 'not-run', string> = {
  waiting: 'Waiting',
  'not-run': 'Not run',
  running: 'Running',
  cached: 'Cached',
  done: 'Done',
  failed: 'Failed',
  skipped: 'Skipped'
}

export const statusLabel: Record<BuildStatus, string> = {
  preparing: 'Preparing',
  sending: 'Sending the build context',
  running: 'Building',
  succeeded: 'Succeeded',
  failed: 'Failed',
  cancelled: 'Cancelled'
}
