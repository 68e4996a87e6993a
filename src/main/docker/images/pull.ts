import type Dockerode from 'dockerode'
import type { PullLayer, PullProgress, PullResult } from '../../../shared/ipc/channels/images'
import { familiarReference, formatReference, parseReference } from '../../../shared/docker/reference'
import { AppError } from '../../../shared/ipc/errors'
import { engineMessage } from '../errors'

interface ProgressEvent {
  id?: string
  status?: string
  progressDetail?: { current?: number; total?: number }
  error?: string
  errorDetail?: { message?: string }
}

const UNREACHABLE = /dial tcp|no such host|i\/o timeout|connection refused|network is unreachable|TLS handshake|server misbehaving|Client\.Timeout|context deadline exceeded/i
const NOT_FOUND = /not found|does not exist|repository .* not found|manifest unknown|pull access denied|unauthorized|denied/i

/** A pull failure in words a person can act on. */
export function describePullError(reference: string, message: string): string {
  const registry = parseReference(reference)
  const host = registry.ok ? (registry.reference.domain ?? 'Docker Hub (docker.io)') : 'the registry'
  if (UNREACHABLE.test(message)) {
    return `Could not reach ${host} to pull ${reference}: ${message}. Check the network connection (and proxy settings) or the registry address.`
  }
  if (NOT_FOUND.test(message)) {
    return `${host} has no image ${reference}, or it needs a login: ${message}. Check the name and tag (e.g. ubuntu:latest), or run docker login for a private image.`
  }
  return `Pulling ${reference} failed: ${message}`
}

/** Applies one progress event from the engine's pull stream to the per-layer state. */
export function applyPullEvent(progress: PullProgress, event: ProgressEvent): void {
  if (event.error || event.errorDetail?.message) {
    progress.error = event.errorDetail?.message ?? event.error ?? 'unknown error'
    return
  }
  const status = event.status ?? ''
  // The first event names the tag, not a layer: "Pulling from library/ubuntu" with id "latest".
  if (event.id && !/^Pulling from /.test(status) && !/^Digest:|^Status:/.test(status)) {
    let layer = progress.layers.find((l) => l.id === event.id)
    if (!layer) {
      layer = { id: event.id, status, current: 0, total: 0 } satisfies PullLayer
      progress.layers.push(layer)
    }
    layer.status = status
    if (event.progressDetail?.total) {
      layer.current = event.progressDetail.current ?? 0
      layer.total = event.progressDetail.total
    } else if (/complete|Already exists/i.test(status) && layer.total) {
      layer.current = layer.total
    }
  } else if (status) {
    progress.status = status
  }
}

/** Pulls images and keeps each pull's progress for the renderer to read while it runs. */
export class PullTracker {
  private readonly pulls = new Map<string, PullProgress>()

  constructor(private readonly keepMs = 120_000) {}

  progress(pullId: string): PullProgress | null {
    const progress = this.pulls.get(pullId)
    return progress ? structuredClone(progress) : null
  }

  async pull(docker: Dockerode, text: string, pullId: string): Promise<PullResult> {
    const parsed = parseReference(text.trim())
    if (!parsed.ok) throw new AppError('invalid-input', parsed.message)
    const { domain, path, tag, digest } = parsed.reference
    const repository = domain ? `${domain}/${path}` : path
    const reference = formatReference(familiarReference({ ...parsed.reference, ...(tag === undefined && digest === undefined ? { tag: 'latest' } : {}) }))
    const progress: PullProgress = { pullId, reference, layers: [], status: 'Starting', done: false, error: null }
    this.pulls.set(pullId, progress)
    try {
      const stream = await docker.createImage({ fromImage: repository, tag: digest ?? tag ?? 'latest' }).catch((error: unknown) => {
        throw new AppError('engine-error', describePullError(reference, engineMessage(error)))
      })
      await new Promise<void>((resolve, reject) => {
        docker.modem.followProgress(
          stream,
          (error: unknown) => (error ? reject(new AppError('engine-error', describePullError(reference, engineMessage(error)))) : resolve()),
          (event: ProgressEvent) => applyPullEvent(progress, event)
        )
      })
      if (progress.error) throw new AppError('engine-error', describePullError(reference, progress.error))
      const info = await docker.getImage(digest ? `${repository}@${digest}` : reference).inspect()
      return { reference, id: info.Id }
    } catch (error) {
      progress.error = error instanceof Error ? error.message : String(error)
      throw error
    } finally {
      progress.done = true
      setTimeout(() => this.pulls.delete(pullId), this.keepMs).unref?.()
    }
  }
}
