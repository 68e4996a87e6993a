// Image names and IDs as Docker shows them, whatever the engine sends. Podman's Docker-compatible API
// names images fully (`docker.io/library/busybox:latest` in RepoTags, RepoDigests, Config.Image,
// container lists and events) and leaves `sha256:` off ParentId and the IDs of /system/df; Docker lists
// familiar names (`busybox:latest`) and prefixed IDs. Both name the same images, so the app reads every
// engine's answer through here, matches references the way the engine normalizes them, and shows names
// as a person writes them.
import type Dockerode from 'dockerode'
import { familiarReference, formatReference, parseReference } from '../../../shared/docker/reference'

const BARE_ID = /^[0-9a-f]{64}$/

/** `docker.io/library/busybox:1` → `busybox:1`, `docker.io/me/app@sha256:…` → `me/app@sha256:…`; others as they are. */
export function familiarName(name: string): string {
  const parsed = parseReference(name)
  return parsed.ok ? formatReference(familiarReference(parsed.reference)) : name
}

/** A 64-hex image ID gets Docker's `sha256:`; anything else (empty, already prefixed) stays. */
export function withIdAlgorithm(id: string): string {
  return BARE_ID.test(id) ? `sha256:${id}` : id
}

/** RepoTags and RepoDigests in the short form; the rest as the engine sent it. */
function withFamiliarNames<T extends { RepoTags?: string[]; RepoDigests?: string[] }>(image: T): T {
  const named = { ...image }
  if (image.RepoTags) named.RepoTags = image.RepoTags.map(familiarName)
  if (image.RepoDigests) named.RepoDigests = image.RepoDigests.map(familiarName)
  return named
}

/** One entry of GET /images/json as Docker lists it. */
export function asDockerListsImage(image: Dockerode.ImageInfo): Dockerode.ImageInfo {
  return { ...withFamiliarNames(image), Id: withIdAlgorithm(image.Id), ParentId: withIdAlgorithm(image.ParentId ?? '') }
}

/** GET /images/json, in Docker's names (see asDockerListsImage). */
export async function listEngineImages(docker: Dockerode, options: { all?: boolean } = {}): Promise<Dockerode.ImageInfo[]> {
  return (await docker.listImages(options)).map(asDockerListsImage)
}

/** GET /images/{name}/json, in Docker's names. */
export async function inspectEngineImage(docker: Dockerode, name: string): Promise<Dockerode.ImageInspectInfo> {
  const info = await docker.getImage(name).inspect()
  return { ...withFamiliarNames(info), Id: withIdAlgorithm(info.Id), Parent: withIdAlgorithm(info.Parent ?? '') }
}
