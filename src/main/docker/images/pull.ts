import type Dockerode from 'dockerode'
import type { PullProgress, PullResult } from '../../../shared/ipc/channels/images'
import type { OperationSnapshot } from '../../../shared/ipc/channels/operations'
import { familiarReference, formatReference, parseReference } from '../../../shared/docker/reference'
import { AppError } from '../../../shared/ipc/errors'
import { engineMessage } from '../errors'
import type { OperationControl, Operations } from '../../operations'
import type { DockerCredentials } from '../../registry/credentials'
import { authForReference } from '../../registry/registry-auth'
import { plainHttpAdvice } from '../../registry/plain-http'
import { applyLayerEvent, type LayerProgressEvent } from '../layer-progress'

const UNREACHABLE = /dial tcp|no such host|i\/o timeout|connection refused|network is unreachable|TLS handshake|server misbehaving|Client\.Timeout|context deadline exceeded/i
const NOT_FOUND = /not found|does not exist|repository .* not found|manifest unknown|pull access denied|unauthorized|denied/i

/** A pull failure in words a person can act on. */
export function describePullError(reference: string, message: string): string {
  const registry = parseReference(reference)
  const host = registry.ok ? (registry.reference.domain ?? 'Docker Hub (docker.io)') : 'the registry'
  const plainHttp = plainHttpAdvice(reference, message)
  if (plainHttp) return plainHttp
  if (UNREACHABLE.test(message)) {
    return `Could not reach ${host} to pull ${reference}: ${message}. Check the network connection (and proxy settings) or the registry address.`
  }
  if (NOT_FOUND.test(message)) {
    return `${host} has no image ${reference}, or it needs a login: ${message}. Check the name and tag (e.g. ubuntu:latest), or run docker login for a private image.`
  }
  return `Pulling ${reference} failed: ${message}`
}

/** Applies one progress event from the engine's pull stream to the per-layer state (errors are the caller's). */
export function applyPullEvent(progress: PullProgress, event: LayerProgressEvent): void {
  const status = event.status ?? ''
  // The first event names the tag, not a layer: "Pulling from library/ubuntu" with id "latest".
  if (event.id && !/^Pulling from /.test(status) && !/^Digest:|^Status:/.test(status)) {
    applyLayerEvent(progress.layers, event.id, event, /complete|Already exists/i)
  } else if (status) {
    progress.status = status
  }
}

/** Reads a reference as `docker pull` does; a malformed one is refused before any operation starts. */
export function pullReference(text: string): { reference: string; fromImage: string; tag: string; inspectAs: string } {
  const parsed = parseReference(text.trim())
  if (!parsed.ok) throw new AppError('invalid-input', parsed.message)
  const { domain, path, tag, digest } = parsed.reference
  const repository = domain ? `${domain}/${path}` : path
  const reference = formatReference(familiarReference({ ...parsed.reference, ...(tag === undefined && digest === undefined ? { tag: 'latest' } : {}) }))
  return { reference, fromImage: repository, tag: digest ?? tag ?? 'latest', inspectAs: digest ? `${repository}@${digest}` : reference }
}

/**
 * Pulls an image, reporting per-layer progress; the signal closes the engine's stream, which stops the
 * engine's download (it drops a transfer no one watches any more).
 */
export async function pullImage(docker: Dockerode, text: string, op: OperationControl<'pull'>, credentials?: DockerCredentials): Promise<PullResult> {
  const { reference, fromImage, tag, inspectAs } = pullReference(text)
  const progress: PullProgress = { reference, layers: [], status: 'Starting' }
  let error: string | null = null
  op.setStatus(progress)
  const failed = (cause: unknown) => new AppError('engine-error', describePullError(reference, engineMessage(cause)))
  // The stored login of the reference's registry, read for this request only (X-Registry-Auth).
  const authconfig = await authForReference(credentials, reference)
  const stream = await docker.createImage({ fromImage, tag, abortSignal: op.signal, ...(authconfig ? { authconfig } : {}) }).catch((cause: unknown) => {
    throw failed(cause)
  })
  await new Promise<void>((resolve, reject) => {
    docker.modem.followProgress(
      stream,
      (cause: unknown) => (cause ? reject(failed(cause)) : resolve()),
      (event: LayerProgressEvent) => {
        if (event.error || event.errorDetail?.message) error = event.errorDetail?.message ?? event.error ?? 'unknown error'
        else applyPullEvent(progress, event)
        op.setStatus(progress)
      }
    )
  })
  op.signal.throwIfAborted()
  if (error !== null) throw new AppError('engine-error', describePullError(reference, error))
  const info = await docker.getImage(inspectAs).inspect()
  return { reference, id: info.Id }
}

/** `docker pull` as an operation: refuses a malformed reference at once, else returns the running pull. */
export function startPull(operations: Operations, docker: Dockerode, text: string, credentials?: DockerCredentials): OperationSnapshot<'pull'> {
  const { reference } = pullReference(text)
  return operations.start('pull', { reference, layers: [], status: 'Starting' }, (op) => pullImage(docker, text, op, credentials))
}
