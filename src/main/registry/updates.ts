// "Newer image available": a pulled tag (its image has RepoDigests) is compared with the digest its registry
// has for the tag now. The engine asks the registry (GET /distribution/<ref>/json: a manifest HEAD accepting
// manifest lists and OCI indexes, reading Docker-Content-Digest), with the stored credentials, so the answer
// goes through the engine's own registry settings (insecure registries, mirrors, proxies) as a pull would.
import type Dockerode from 'dockerode'
import { familiarReference, formatReference, parseReference, repositoryOf } from '../../shared/docker/reference'
import { registryDisplayName, registryKeyOfReference } from '../../shared/docker/registry-host'
import type { ImageContainer } from '../../shared/ipc/channels/images'
import type { ImageUpdate } from '../../shared/ipc/channels/registries'
import { engineMessage } from '../docker/errors'
import type { DockerCredentials } from './credentials'
import { authForReference } from './registry-auth'

/** A tag to check: the image it points to now, and the digests that image was pulled by. */
export interface UpdateCandidate {
  reference: string
  imageId: string
  localDigests: string[]
}

const familiarRepository = (text: string): string | null => {
  const parsed = parseReference(text)
  return parsed.ok ? repositoryOf(familiarReference(parsed.reference)) : null
}

/** Every tag whose image came from its registry: it has a RepoDigest in the same repository. */
export async function updateCandidates(docker: Dockerode, only?: readonly string[]): Promise<UpdateCandidate[]> {
  const images = await docker.listImages({ all: false })
  const wanted = only ? new Set(only.map((r) => familiarOf(r))) : null
  const candidates: UpdateCandidate[] = []
  for (const image of images) {
    const digests = (image.RepoDigests ?? []).filter((d) => d && !d.startsWith('<none>'))
    if (digests.length === 0) continue
    for (const tag of image.RepoTags ?? []) {
      if (!tag || tag === '<none>:<none>') continue
      const reference = familiarOf(tag)
      if (wanted && !wanted.has(reference)) continue
      const repository = familiarRepository(reference)
      const localDigests = digests.filter((d) => familiarRepository(d.split('@')[0] ?? '') === repository).map((d) => d.slice(d.indexOf('@') + 1))
      if (localDigests.length > 0) candidates.push({ reference, imageId: image.Id, localDigests })
    }
  }
  return candidates
}

function familiarOf(text: string): string {
  const parsed = parseReference(text)
  return parsed.ok ? formatReference(familiarReference({ ...parsed.reference, ...(parsed.reference.tag || parsed.reference.digest ? {} : { tag: 'latest' }) })) : text
}

/** The digest the registry has for the tag now (the engine's distribution inspect). */
export async function remoteDigest(docker: Dockerode, credentials: DockerCredentials | undefined, reference: string): Promise<string> {
  const auth = await authForReference(credentials, reference)
  const answer = (await docker.getImage(reference).distribution({ authconfig: auth ?? { serveraddress: registryKeyOfReference(reference) ?? '' } })) as { Descriptor?: { digest?: string } }
  const digest = answer.Descriptor?.digest
  if (!digest) throw new Error('the engine did not say the digest')
  return digest
}

async function containersOf(docker: Dockerode, imageIds: Set<string>): Promise<Map<string, ImageContainer[]>> {
  const byImage = new Map<string, ImageContainer[]>()
  for (const c of await docker.listContainers({ all: true })) {
    if (!imageIds.has(c.ImageID)) continue
    const list = byImage.get(c.ImageID) ?? []
    list.push({ id: c.Id, name: (c.Names[0] ?? c.Id.slice(0, 12)).replace(/^\//, ''), state: c.State, running: c.State === 'running' })
    byImage.set(c.ImageID, list)
  }
  return byImage
}

export function unknownMessage(reference: string, message: string): string {
  const key = registryKeyOfReference(reference)
  const where = key ? registryDisplayName(key) : 'its registry'
  if (/unauthorized|denied|authentication required/i.test(message)) return `Could not ask ${where} about ${reference}: ${message}. Log in to ${where} in Registries.`
  return `Could not ask ${where} about ${reference}: ${message}`
}

/** The engine has no GET /distribution/{name}/json (Podman answers a bare 404 "Not Found"); a missing tag says more. */
function lacksDistribution(error: unknown): boolean {
  return (error as { statusCode?: number }).statusCode === 404 && /^not found$/i.test(engineMessage(error))
}

export function noDistributionMessage(reference: string): string {
  return `This engine cannot ask a registry for the digest of ${reference} (Podman's Docker-compatible API has no /distribution endpoint), so Slipway cannot tell whether an update is available. Pulling ${reference} gets the newest.`
}

/** Checks each candidate in turn (`pauseMs` between registry requests keeps a background check modest). */
export async function checkUpdates(
  docker: Dockerode,
  credentials: DockerCredentials | undefined,
  candidates: readonly UpdateCandidate[],
  options: { pauseMs?: number; signal?: AbortSignal } = {}
): Promise<ImageUpdate[]> {
  const containers = await containersOf(docker, new Set(candidates.map((c) => c.imageId)))
  const results: ImageUpdate[] = []
  for (const [i, candidate] of candidates.entries()) {
    if (options.signal?.aborted) break
    if (i > 0 && options.pauseMs) await new Promise((resolve) => setTimeout(resolve, options.pauseMs))
    const base = { reference: candidate.reference, imageId: candidate.imageId, localDigests: candidate.localDigests, containers: containers.get(candidate.imageId) ?? [] }
    try {
      const digest = await remoteDigest(docker, credentials, candidate.reference)
      const current = candidate.localDigests.includes(digest)
      results.push({ ...base, remoteDigest: digest, state: current ? 'up-to-date' : 'update-available', message: null, checkedAt: Date.now() })
    } catch (error) {
      const message = lacksDistribution(error) ? noDistributionMessage(candidate.reference) : unknownMessage(candidate.reference, engineMessage(error))
      results.push({ ...base, remoteDigest: null, state: 'unknown', message, checkedAt: Date.now() })
    }
  }
  return results
}
