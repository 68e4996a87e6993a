// `docker push` as an operation: per-layer progress from the engine's push stream ("Preparing", "Pushing"
// with bytes, "Pushed", "Layer already exists", "Mounted from …"), the stored credentials of the tag's
// registry in X-Registry-Auth, and cancel closing the stream (the engine stops the upload).
import type Dockerode from 'dockerode'
import { familiarReference, formatReference, parseReference } from '../../shared/docker/reference'
import { registryDisplayName, registryKeyOfReference } from '../../shared/docker/registry-host'
import { joinShellWords } from '../../shared/docker/run-command'
import type { OperationSnapshot } from '../../shared/ipc/channels/operations'
import type { PushProgress, PushResult } from '../../shared/ipc/channels/registries'
import { AppError } from '../../shared/ipc/errors'
import { engineMessage } from '../docker/errors'
import { tagImage } from '../docker/images'
import type { OperationControl, Operations } from '../operations'
import type { DockerCredentials } from './credentials'
import { applyLayerEvent, type LayerProgressEvent } from '../docker/layer-progress'
import { plainHttpAdvice } from './plain-http'
import { authForReference } from './registry-auth'

interface PushEvent extends LayerProgressEvent {
  aux?: { Tag?: string; Digest?: string; Size?: number }
}

export interface PushRequest {
  reference: string
  /** Tag this image as `reference` first ("Push to…"). */
  source?: string
}

/** The tag to push, as `docker push` reads it (`:latest` when none is given); a digest cannot be pushed. */
export function pushReference(text: string): string {
  const parsed = parseReference(text.trim(), { allowDigest: false })
  if (!parsed.ok) throw new AppError('invalid-input', parsed.message)
  return formatReference(familiarReference({ ...parsed.reference, tag: parsed.reference.tag ?? 'latest' }))
}

export function pushCommand(reference: string, source?: string): string {
  const push = joinShellWords(['docker', 'push', reference])
  return source ? `${joinShellWords(['docker', 'tag', source, reference])} && ${push}` : push
}

/** Applies one event of the engine's push stream to the per-layer state. */
export function applyPushEvent(progress: PushProgress, event: PushEvent, result: { digest: string | null }): void {
  if (event.aux?.Digest) result.digest = event.aux.Digest
  const status = event.status ?? ''
  // Podman sends no aux: its "<tag>: digest: sha256:… size: N" line is the only place it says the digest.
  result.digest ??= /: digest: (sha256:[0-9a-f]{64})/.exec(status)?.[1] ?? null
  if (event.id && !/^The push refers to/.test(status) && !/: digest: sha256:/.test(status)) {
    applyLayerEvent(progress.layers, event.id, event, /^Pushed$|already exists|^Mounted from/i)
  } else if (status) {
    progress.status = status
  }
}

const UNAUTHORIZED = /unauthorized|authentication required|denied|no basic auth credentials/i

/** A push failure in words a person can act on. */
export function describePushError(reference: string, message: string, loggedIn: boolean): string {
  const key = registryKeyOfReference(reference)
  const where = key ? registryDisplayName(key) : 'the registry'
  const plainHttp = plainHttpAdvice(reference, message)
  if (plainHttp) return plainHttp
  if (UNAUTHORIZED.test(message)) {
    return loggedIn
      ? `${where} refused the push of ${reference}: ${message}. The stored login may have expired or lack push rights on this repository: log in again in Registries, or check the repository name.`
      : `${where} refused the push of ${reference}: ${message}. Log in to ${where} in Registries first.`
  }
  return `Pushing ${reference} failed: ${message}`
}

export async function pushImage(docker: Dockerode, credentials: DockerCredentials, request: PushRequest, op: OperationControl<'push'>): Promise<PushResult> {
  const reference = pushReference(request.reference)
  const progress: PushProgress = { reference, layers: [], status: 'Starting', command: pushCommand(reference, request.source) }
  if (request.source) {
    progress.status = `Tagging ${request.source} as ${reference}`
    op.setStatus(progress)
    await tagImage(docker, request.source, reference)
  }
  const auth = await authForReference(credentials, reference)
  const parsed = parseReference(reference)
  if (!parsed.ok) throw new AppError('invalid-input', parsed.message)
  const repository = parsed.reference.domain ? `${parsed.reference.domain}/${parsed.reference.path}` : parsed.reference.path
  const tag = parsed.reference.tag ?? 'latest'
  const outcome = { digest: null as string | null }
  let error: string | null = null
  const failed = (cause: unknown) => new AppError('engine-error', describePushError(reference, engineMessage(cause), auth !== undefined))
  // Without a login the engine still needs a header: an empty one asks the registry anonymously.
  const stream = (await docker
    .getImage(repository)
    .push({ tag, abortSignal: op.signal, authconfig: auth ?? { serveraddress: registryKeyOfReference(reference) ?? '' } })
    .catch((cause: unknown) => {
      if ((cause as { statusCode?: number }).statusCode === 404) throw new AppError('not-found', `There is no image ${reference} to push: tag an image with that name first.`)
      throw failed(cause)
    })) as NodeJS.ReadableStream
  progress.status = 'Pushing'
  op.setStatus(progress)
  await new Promise<void>((resolve, reject) => {
    docker.modem.followProgress(
      stream,
      (cause: unknown) => (cause ? reject(failed(cause)) : resolve()),
      (event: PushEvent) => {
        if (event.error || event.errorDetail?.message) error = event.errorDetail?.message ?? event.error ?? 'unknown error'
        else applyPushEvent(progress, event, outcome)
        op.setStatus(progress)
      }
    )
  })
  op.signal.throwIfAborted()
  if (error !== null) throw new AppError('engine-error', describePushError(reference, error, auth !== undefined))
  return { reference, digest: outcome.digest }
}

/** Starts a push; a malformed reference is refused at once, before any operation starts. */
export function startPush(operations: Operations, docker: Dockerode, credentials: DockerCredentials, request: PushRequest): OperationSnapshot<'push'> {
  const reference = pushReference(request.reference)
  return operations.start('push', { reference, layers: [], status: 'Starting', command: pushCommand(reference, request.source) }, (op) => pushImage(docker, credentials, request, op))
}
