import type Dockerode from 'dockerode'
import type { PruneCandidate, PruneMode, PrunePreview, PruneResult } from '../../../shared/ipc/channels/images'
import { engineMessage } from '../errors'
import { imageExists, indexImages, removeImageTags, tagsOf } from './delete'
import { shortImageId } from '../../../shared/docker/image-id'
import { listContainersByImage } from './list'
import { listEngineImages, withIdAlgorithm } from './engine-names'

interface DiskUsageImage {
  Id: string
  Size: number
  SharedSize: number
}

function matchesLabel(labels: Record<string, string> | undefined, filter: string | undefined): boolean {
  if (!filter) return true
  const eq = filter.indexOf('=')
  const key = eq < 0 ? filter : filter.slice(0, eq)
  if (!labels || !(key in labels)) return false
  return eq < 0 || labels[key] === filter.slice(eq + 1)
}

/**
 * What `docker image prune` (dangling) or `docker image prune -a` (unused) would remove: top-level images
 * no container uses and no image is built on; for dangling, only those without a tag.
 */
export async function previewPrune(docker: Dockerode, mode: PruneMode, label?: string): Promise<PrunePreview> {
  const [index, containersByImage, topLevel] = await Promise.all([indexImages(docker), listContainersByImage(docker), listEngineImages(docker, { all: false })])
  const picked = topLevel.filter(
    (image) =>
      !containersByImage[image.Id]?.length &&
      !index.children.get(image.Id)?.length &&
      (mode === 'unused' || tagsOf(image).length === 0) &&
      matchesLabel(image.Labels, label)
  )
  const unique = new Map<string, number>()
  if (picked.length > 0) {
    const usage = (await docker.df()) as { Images?: DiskUsageImage[] }
    for (const image of usage.Images ?? []) unique.set(withIdAlgorithm(image.Id), image.SharedSize >= 0 ? image.Size - image.SharedSize : image.Size)
  }
  const candidates: PruneCandidate[] = picked
    .map((image) => ({
      id: image.Id,
      shortId: shortImageId(image.Id),
      tags: tagsOf(image),
      created: image.Created * 1000,
      size: image.Size,
      uniqueSize: unique.get(image.Id) ?? 0
    }))
    .sort((a, b) => b.created - a.created)
  return { mode, candidates, reclaimable: candidates.reduce((sum, c) => sum + c.uniqueSize, 0) }
}

/**
 * Removes the previewed images (`ids`) that are still prunable, and nothing else; never forces. `confirm`
 * sees the images that would go, as computed here from the engine, and stops everything by throwing.
 */
export async function pruneImages(
  docker: Dockerode,
  mode: PruneMode,
  ids: string[],
  label?: string,
  confirm: (going: PruneCandidate[]) => Promise<void> = async () => undefined
): Promise<PruneResult> {
  const now = await previewPrune(docker, mode, label)
  const still = new Map(now.candidates.map((c) => [c.id, c]))
  const going = [...new Set(ids)].flatMap((id) => still.get(id) ?? [])
  if (going.length > 0) await confirm(going)
  const result: PruneResult = { deleted: [], skipped: [], reclaimed: 0 }
  for (const id of ids) {
    const candidate = still.get(id)
    if (!candidate) {
      result.skipped.push({ id, reason: 'no longer unused (a container or tag uses it now, or it is already gone)' })
      continue
    }
    try {
      await removeImageTags(docker, id, candidate.tags, candidate.tags.length === 0)
      if (candidate.tags.length > 0 && (await imageExists(docker, id))) await removeImageTags(docker, id, [], true)
      result.deleted.push(id)
      result.reclaimed += candidate.uniqueSize
    } catch (error) {
      result.skipped.push({ id, reason: error instanceof Error ? error.message : engineMessage(error) })
    }
  }
  return result
}
