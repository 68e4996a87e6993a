import type { BuildStatus, StepState } from '../../../shared/ipc/channels/build'

export function formatDuration(ms: number | undefined): string {
  if (ms === undefined) return ''
  if (ms < 1000) return `${Math.round(ms)} ms`
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`
  const minutes = Math.floor(ms / 60_000)
  return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`
}

export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`
  const units = ['kB', 'MB', 'GB', 'TB']
  let value = bytes / 1000
  let unit = 0
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000
    unit++
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`
}

export const stepStateLabel: Record<StepState, string> = {
  waiting: 'Waiting',
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
