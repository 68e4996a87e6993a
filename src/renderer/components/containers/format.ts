import type { ContainerSummary, PublishedPort } from '../../../shared/ipc/channels/containers'

/** Why a stop Slipway asked for took 10 s: Docker had to kill the app. */
export const KILLED_AFTER_TIMEOUT_NOTE = '(the app ignored SIGTERM, so Docker killed it after 10 s; an exec-form CMD lets it stop at once)'

/** Said while Stop (or Restart, or Remove of a running container) waits for the app. */
export const STOP_WAIT_NOTE = 'Docker asks the app to exit (SIGTERM) and waits up to 10 s before it forces it (SIGKILL).'

/** The status in words a newcomer reads at a glance. */
export function describeState(container: ContainerSummary): string {
  switch (container.state) {
    case 'running':
      return 'Running'
    case 'exited':
      if (container.stoppedOnRequest) return 'Stopped'
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

/** An image reference cut into pieces after which a line may break (`/`, `:`, `@`, `-`), never inside a word. */
export function referenceBreakPoints(reference: string): string[] {
  return reference.split(/(?<=[/:@-])/)
}

// "Running on http://127.0.0.1:5000", "http://172.17.0.2:5000", "http://0.0.0.0:8000": addresses inside the container.
const containerAddress = /\bhttps?:\/\/(?:127\.0\.0\.1|0\.0\.0\.0|localhost|\[::1?\]|(?:\d{1,3}\.){3}\d{1,3}):(\d{1,5})\b/

/**
 * For a log line naming an address inside the container: its container port, and the published port that
 * reaches it from this machine (null when that port is not published).
 */
export function reachFromHost(text: string, ports: readonly PublishedPort[]): { containerPort: number; published: PublishedPort | null } | null {
  const match = containerAddress.exec(text)
  if (!match) return null
  const containerPort = Number(match[1])
  const published = ports.find((p) => p.containerPort === containerPort && p.protocol === 'tcp') ?? null
  return { containerPort, published }
}
