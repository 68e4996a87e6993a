import type { BuildStatus, StepState } from '../../../shared/ipc/channels/build'

export function formatDuration(ms: number | undefined): string {
  if (ms === undefined) return ''
  if (ms < 1000) return `${Math.round(ms)} ms`
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`
  const minutes = Math.floor(ms / 60_000)
  return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`
}

import type { ContextInfo } from '../../../shared/ipc/channels/context'
import { formatBytes } from '../../../shared/format'

export { formatBytes }

/** "1.3 kB in 4 files": how the editor's context panel and the build dialog both say what is sent. */
export function contextSizeText(context: Pick<ContextInfo, 'totalBytes' | 'sentFiles'>): string {
  return `${formatBytes(context.totalBytes)} in ${context.sentFiles} ${context.sentFiles === 1 ? 'file' : 'files'}`
}

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
