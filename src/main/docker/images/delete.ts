import type Dockerode from 'dockerode'
import type { DeletePlan, DeleteResult, ImageContainer, PlannedImage } from '../../../shared/ipc/channels/images'
import { familiarString } from '../../../shared/docker/reference'
import { formatBytes } from '../../../shared/format'
import { AppError } from '../../../shared/ipc/errors'
import { engineMessage } from '../errors'
import { shortImageId } from '../../../shared/docker/image-id'
import { listContainersByImage } from './list'
import { listEngineImages } from './engine-names'
import { whileStopping } from '../containers/stop-requests'

const ID_PATTERN = /^(?:sha256:)?[0-9a-f]{12,64}$/

interface ImageIndex {
  images: Dockerode.ImageInfo[]
  byId: Map<string, Dockerode.ImageInfo>
  byTag: Map<string, Dockerode.ImageInfo>
  children: Map<string, Dockerode.ImageInfo[]>
}

export function tagsOf(image: Dockerode.ImageInfo): string[] {
  return (image.RepoTags ?? []).filter((t) => t !== '<none>:<none>')
}

export function describeImage(image: Dockerode.ImageInfo): string {
  return tagsOf(image)[0] ?? shortImageId(image.Id)
}

export async function indexImages(docker: Dockerode): Promise<ImageIndex> {
  const images = await listEngineImages(docker, { all: true })
  const byId = new Map<string, Dockerode.ImageInfo>()
  const byTag = new Map<string, Dockerode.ImageInfo>()
  const children = new Map<string, Dockerode.ImageInfo[]>()
  for (const image of images) {
    byId.set(image.Id, image)
    for (const tag of tagsOf(image)) byTag.set(tag, image)
    if (image.ParentId) {
      const list = children.get(image.ParentId) ?? []
      list.push(image)
      children.set(image.ParentId, list)
    }
  }
  return { images, byId, byTag, children }
}

/** Finds the image a target names: a `repo:tag` (any spelling Docker accepts) or an image ID (full or a prefix of 12+). */
function resolveTarget(index: ImageIndex, target: string): { image: Dockerode.ImageInfo; tag: string | null } {
  if (ID_PATTERN.test(target)) {
    const hex = target.replace(/^sha256:/, '')
    const matches = index.images.filter((image) => image.Id.replace(/^sha256:/, '').startsWith(hex))
    if (matches.length === 1) return { image: matches[0]!, tag: null }
  }
  const familiar = familiarString(target)
  const image = familiar ? index.byTag.get(familiar) : undefined
  if (!image) throw new AppError('not-found', `No image is tagged ${target}: it may have been removed already. Reload the list and try again.`)
  return { image, tag: familiar }
}

function signatureOf(image: PlannedImage): string {
  return [
    image.id,
    image.removesImage ? 'image' : 'tags',
    image.removeTags.join(','),
    `keep:${image.keepTags.join(',')}`,
    `children:${image.children.join(',')}`,
    `containers:${image.containers.map((c) => `${c.id}:${c.running}`).join(',')}`
  ].join('|')
}

/** What deleting `targets` would do, image by image. Removes nothing. */
export async function planDelete(docker: Dockerode, targets: string[]): Promise<DeletePlan> {
  const [index, containersByImage] = await Promise.all([indexImages(docker), listContainersByImage(docker)])
  const asked = new Map<string, { image: Dockerode.ImageInfo; tags: Set<string>; wholeImage: boolean }>()
  for (const target of targets) {
    const { image, tag } = resolveTarget(index, target)
    const entry = asked.get(image.Id) ?? { image, tags: new Set<string>(), wholeImage: false }
    if (tag === null) entry.wholeImage = true
    else entry.tags.add(tag)
    asked.set(image.Id, entry)
  }

  const images: PlannedImage[] = []
  const blocked: string[] = []
  for (const { image, tags, wholeImage } of asked.values()) {
    const allTags = tagsOf(image).sort()
    const removeTags = wholeImage ? allTags : allTags.filter((t) => tags.has(t))
    const keepTags = allTags.filter((t) => !removeTags.includes(t))
    const children = (index.children.get(image.Id) ?? []).map(describeImage).sort()
    // Removing the last tag of an image that is in use is refused by the engine unless forced: the containers must go first.
    const containers = keepTags.length === 0 ? (containersByImage[image.Id] ?? []) : []
    const removesImage = keepTags.length === 0 && children.length === 0
    if (allTags.length === 0 && children.length > 0) {
      blocked.push(`${shortImageId(image.Id)} has child images (${children.join(', ')}) built on it: delete those first.`)
    }
    images.push({ id: image.Id, shortId: shortImageId(image.Id), removeTags, keepTags, removesImage, children, containers, size: image.Size })
  }
  images.sort((a, b) => a.id.localeCompare(b.id))
  const containers = uniqueContainers(images.flatMap((i) => i.containers))
  return { targets, images, containers, blocked: blocked.length ? blocked.join(' ') : null, signature: images.map(signatureOf) }
}

function uniqueContainers(list: ImageContainer[]): ImageContainer[] {
  const seen = new Map<string, ImageContainer>()
  for (const container of list) seen.set(container.id, container)
  return [...seen.values()].sort((a, b) => a.name.localeCompare(b.name))
}

export function describeContainers(containers: ImageContainer[]): string {
  return containers.map((c) => `${c.name} (${c.running ? 'running' : c.state})`).join(', ')
}

function conflict(what: string, error: unknown): AppError {
  const status = (error as { statusCode?: number }).statusCode
  const message = engineMessage(error)
  if (status === 409) return new AppError('conflict', `Docker refused to delete ${what}: ${message}. Nothing else was forced; reload the list and review the delete again.`)
  if (status === 404) return new AppError('not-found', `${what} is already gone: reload the list.`)
  return new AppError('engine-error', `Deleting ${what} failed: ${message}`)
}

/** Removes the tags (and with the last one the image), never forcing; untagged images go by ID. */
export async function removeImageTags(docker: Dockerode, id: string, tags: string[], removeImage: boolean): Promise<{ untagged: string[]; deleted: boolean }> {
  const untagged: string[] = []
  for (const tag of tags) {
    try {
      await docker.getImage(tag).remove()
      untagged.push(tag)
    } catch (error) {
      throw conflict(tag, error)
    }
  }
  if (!removeImage) return { untagged, deleted: false }
  try {
    await docker.getImage(id).remove()
  } catch (error) {
    // The last tag took the image with it.
    if ((error as { statusCode?: number }).statusCode === 404) return { untagged, deleted: true }
    throw conflict(shortImageId(id), error)
  }
  return { untagged, deleted: true }
}

/** What a delete plan removes, one line each, as main's own confirmation lists it. */
export function describeDeletePlan(plan: DeletePlan): { message: string; lines: string[] } {
  const lines: string[] = []
  for (const container of plan.containers) lines.push(`• container ${container.name} (${container.running ? 'running: stopped and removed' : container.state})`)
  for (const image of plan.images) {
    const names = image.removeTags.join(', ')
    if (image.removesImage) lines.push(`• image ${image.shortId}${names ? ` (${names})` : ''}, ${formatBytes(image.size)}`)
    else if (names) lines.push(`• the tag${image.removeTags.length === 1 ? '' : 's'} ${names}; image ${image.shortId} stays${image.keepTags.length ? `, still tagged ${image.keepTags[0]}` : ''}`)
  }
  const tags = plan.images.flatMap((i) => i.removeTags)
  const first = plan.images[0]
  let message: string
  if (!plan.images.some((i) => i.removesImage)) message = tags.length === 1 ? `Remove the tag ${tags[0]}?` : `Remove ${tags.length} tags?`
  else if (plan.images.length === 1 && first) message = `Delete ${first.removeTags[0] ?? first.shortId}?`
  else message = `Delete ${plan.images.length} images?`
  return { message, lines }
}

/**
 * Does what planDelete says for the same targets. Refuses (removing nothing) when the engine's state no
 * longer gives the plan the person confirmed, or when containers use an image and were not agreed to go.
 * `confirm` sees the plan as computed here, from the engine, and stops everything by throwing.
 */
export async function executeDelete(
  docker: Dockerode,
  request: { targets: string[]; expectSignature: string[]; removeContainers: string[] },
  confirm: (plan: DeletePlan) => Promise<void> = async () => undefined
): Promise<DeleteResult> {
  const plan = await planDelete(docker, request.targets)
  if (plan.signature.join('\n') !== request.expectSignature.join('\n')) {
    throw new AppError('conflict', 'These images changed since the delete was reviewed (tags, containers or child images). Nothing was deleted: review the delete again.')
  }
  if (plan.blocked) throw new AppError('conflict', `Nothing was deleted: ${plan.blocked}`)
  const planned = new Set(plan.containers.map((c) => c.id))
  const agreed = new Set(request.removeContainers)
  for (const id of agreed) {
    if (!planned.has(id)) throw new AppError('invalid-input', `Container ${id.slice(0, 12)} does not use these images; nothing was deleted.`)
  }
  const notAgreed = plan.containers.filter((c) => !agreed.has(c.id))
  if (notAgreed.length > 0) {
    throw new AppError(
      'conflict',
      `These images are used by ${notAgreed.length === 1 ? 'a container' : 'containers'}: ${describeContainers(notAgreed)}. Nothing was deleted: remove the containers first, or choose "Remove these containers and the image".`
    )
  }
  await confirm(plan)

  const result: DeleteResult = { untagged: [], deletedImages: [], removedContainers: [] }
  for (const container of plan.containers) {
    try {
      // Running containers need force to go; the person saw them named as running. Volumes stay. Killed first,
      // as `docker rm -f` does: Podman's forced remove stops them gracefully (10 s for a `sleep`).
      const handle = docker.getContainer(container.id)
      await whileStopping(container.id, 'delete-image', async () => {
        if (container.running) await handle.kill().catch(() => undefined)
        await handle.remove({ force: container.running, v: false })
      })
      result.removedContainers.push(container.name)
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode !== 404) {
        throw new AppError('conflict', `Could not remove container ${container.name}: ${engineMessage(error)}. No image was deleted.`)
      }
    }
  }
  for (const image of plan.images) {
    const tags = image.removeTags
    const { untagged, deleted } = await removeImageTags(docker, image.id, tags, image.removesImage && tags.length === 0)
    result.untagged.push(...untagged)
    if (image.removesImage) {
      const gone = deleted || (await imageExists(docker, image.id)) === false
      if (!gone) await removeImageTags(docker, image.id, [], true)
      result.deletedImages.push(image.id)
    }
  }
  return result
}

export async function imageExists(docker: Dockerode, id: string): Promise<boolean> {
  try {
    await docker.getImage(id).inspect()
    return true
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return false
    throw error
  }
}
