// Containers that run an older build of their tag: rebuilding moves the tag, the container keeps its image.
import type Dockerode from 'dockerode'
import { familiarReference, formatReference, normalizeReference, parseReference } from '../../../shared/docker/reference'

const looksLikeImageId = (text: string) => /^(sha256:)?[0-9a-f]{12,64}$/.test(text)

/** `myapp` → `docker.io/library/myapp:latest`; null for an ID, a digest or no reference at all. */
function tagKey(text: string): string | null {
  const parsed = parseReference(text)
  if (!parsed.ok || parsed.reference.digest !== undefined) return null
  return formatReference(normalizeReference(parsed.reference))
}

function familiar(text: string): string {
  const parsed = parseReference(text)
  return parsed.ok ? formatReference(familiarReference(parsed.reference)) : text
}

/**
 * Container ID → the tag it was created from, for containers whose image is no longer what that tag names.
 * Docker's list shows such a container's image as its ID, so the tag is read from the container itself.
 * Never fails the list: when the engine cannot answer, nothing is marked.
 */
export async function findOutdated(docker: Dockerode, containers: readonly Dockerode.ContainerInfo[]): Promise<Map<string, string>> {
  const outdated = new Map<string, string>()
  if (containers.length === 0) return outdated
  try {
    const tagged = new Map<string, string>()
    for (const image of await docker.listImages()) {
      for (const repoTag of image.RepoTags ?? []) {
        const key = tagKey(repoTag)
        if (key) tagged.set(key, image.Id)
      }
    }
    await Promise.all(
      containers.map(async (info) => {
        if (!info.ImageID) return
        let reference = info.Image
        if (looksLikeImageId(reference)) {
          reference = (await docker.getContainer(info.Id).inspect().catch(() => undefined))?.Config.Image ?? ''
          if (looksLikeImageId(reference)) return
        }
        const key = tagKey(reference)
        const current = key ? tagged.get(key) : undefined
        if (current && current !== info.ImageID) outdated.set(info.Id, familiar(reference))
      })
    )
  } catch {
    // The marks are a hint; the list itself still shows.
  }
  return outdated
}
