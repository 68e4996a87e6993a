import type { ContainerSummary } from '../../../shared/ipc/channels/containers'

/** The status in words a newcomer reads at a glance. */
export function describeState(container: ContainerSummary): string {
  switch (container.state) {
    case 'running':
      return 'Running'
    case 'exited':
      return container.exitCode === null ? 'Exited' : `Exited with code ${container.exitCode}`
    case 'restarting':
      return 'Restarting'
    case 'created':
      return 'Created (not started)'
    case 'paused':
      return 'Paused'
    case 'removing':
      return 'Being removed'
    case 'dead':
      return 'Dead'
    default:
      return container.status
  }
}

export function formatCreated(epochMs: number, now = Date.now()): string {
  const seconds = Math.max(0, Math.round((now - epochMs) / 1000))
  if (seconds < 60) return `${seconds} s ago`
  const minutes = Math.round(seconds / 60)
  if (minutes < 60) return `${minutes} min ago`
  const hours = Math.round(minutes / 60)
  if (hours < 48) return `${hours} h ago`
  return new Date(epochMs).toLocaleDateString()
}

/** The link text for a published port: `localhost:8888`. */
export function portLinkText(url: string): string {
  return url.replace(/^https?:\/\//, '')
}
