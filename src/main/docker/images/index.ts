// The Images services: each takes the Dockerode instance to use, so tests run them against a real daemon.
import type Dockerode from 'dockerode'
import { formatReference, parseReference } from '../../../shared/docker/reference'
import { AppError } from '../../../shared/ipc/errors'

export { listImages, listContainersByImage, toImageSummary } from './list'
export { ExposedPortsCache } from './ports'
export { inspectImage } from './inspect'
export { parseCreatedBy } from './image-history'
export { planDelete, executeDelete } from './delete'
export { previewPrune, pruneImages } from './prune'
export { describePullError, pullImage, startPull } from './pull'

/** `docker tag source target`, with the target checked against Docker's reference grammar first. */
export async function tagImage(docker: Dockerode, source: string, target: string): Promise<{ reference: string }> {
  const parsed = parseReference(target.trim(), { allowDigest: false })
  if (!parsed.ok) throw new AppError('invalid-input', parsed.message)
  const { domain, path, tag = 'latest' } = parsed.reference
  const repo = domain ? `${domain}/${path}` : path
  try {
    await docker.getImage(source).tag({ repo, tag })
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) {
      throw new AppError('not-found', `No image ${source} to tag: it may have been removed. Reload the list.`)
    }
    throw error
  }
  return { reference: formatReference({ ...parsed.reference, tag }) }
}
