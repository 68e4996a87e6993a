import { z } from 'zod'
import { shortImageId } from '../../docker/image-id'
import { splitRepoTag } from '../../docker/reference'
import { channel } from '../define'
import type { OperationSnapshot } from './operations'

/** A container that uses an image (any state), as the In use column and the delete dialog name it. */
export interface ImageContainer {
  id: string
  /** Without the leading slash. */
  name: string
  /** running, exited, created, paused, … */
  state: string
  running: boolean
}

/** One row of the list: one tag of an image, as `docker images` shows it (dangling images have one row, tag `<none>`). */
export interface ImageRow {
  /** Unique per row: `<image id>|<repo:tag>` or `<image id>|<none>`. */
  key: string
  /** Full image ID, `sha256:…`. */
  id: string
  /** 12 hex characters, as `docker images` shows. */
  shortId: string
  /** `<none>` for a dangling image. */
  repository: string
  /** `<none>` for a dangling image. */
  tag: string
  /** `repo:tag`, or null for a dangling image. */
  reference: string | null
  dangling: boolean
  /** Epoch milliseconds. */
  created: number
  /** Bytes. */
  size: number
  labels: Record<string, string>
}

/** One image on the wire (the list sends images, not rows: 2,000 tags of one image cost one entry). */
export interface ImageSummary {
  id: string
  /** Epoch milliseconds. */
  created: number
  size: number
  labels: Record<string, string>
  /** `repo:tag`; empty for a dangling image. */
  tags: string[]
  /** For an untagged image pulled by digest: the repository `docker images` shows, else null. */
  digestRepository: string | null
}

const NONE = '<none>'

/** One row per tag, as `docker images` shows; a dangling image gives one `<none>` row. In list order (the Images store sorts). */
export function imageRows(images: ImageSummary[]): ImageRow[] {
  const rows: ImageRow[] = []
  for (const image of images) {
    const base = { id: image.id, shortId: shortImageId(image.id), created: image.created, size: image.size, labels: image.labels }
    if (image.tags.length === 0) {
      rows.push({ ...base, key: `${image.id}|${NONE}`, repository: image.digestRepository ?? NONE, tag: NONE, reference: null, dangling: true })
      continue
    }
    for (const reference of image.tags) {
      const { repository, tag } = splitRepoTag(reference)
      rows.push({ ...base, key: `${image.id}|${reference}`, repository, tag, reference, dangling: false })
    }
  }
  return rows
}

export interface ImageList {
  images: ImageSummary[]
  /** Containers (running and stopped) by image ID. */
  containers: Record<string, ImageContainer[]>
  /** How many dangling images were left out (when not shown). */
  danglingHidden: number
}

export interface ImageHealthcheck {
  test: string[]
  interval?: string
  timeout?: string
  startPeriod?: string
  retries?: number
}

export interface ImageConfigSummary {
  cmd: string[] | null
  entrypoint: string[] | null
  env: string[]
  workingDir: string
  user: string
  /** `80/tcp`, … */
  exposedPorts: string[]
  volumes: string[]
  labels: Record<string, string>
  healthcheck: ImageHealthcheck | null
  stopSignal: string
}

/** One history entry, oldest first: the Dockerfile instruction it came from, and what it added. */
export interface ImageLayer {
  /** `RUN`, `COPY`, `EXPOSE`, … or `(imported)` for a base that came from an archive. */
  instruction: string
  /** The instruction's arguments as written. */
  text: string
  /** CreatedBy as the engine stores it. */
  createdBy: string
  /** Bytes added by this step (0 for metadata-only steps). */
  size: number
  /** Epoch milliseconds. */
  created: number
  comment: string
}

export interface ImageDetails {
  id: string
  shortId: string
  repoTags: string[]
  repoDigests: string[]
  /** ISO 8601 as the engine reports it. */
  created: string
  author: string
  os: string
  architecture: string
  variant: string
  size: number
  parent: string
  config: ImageConfigSummary
  layers: ImageLayer[]
  /** The engine's inspect JSON, pretty-printed. */
  raw: string
}

export interface PlannedImage {
  id: string
  shortId: string
  /** Tags that this delete removes (`repo:tag`). */
  removeTags: string[]
  /** Tags of the same image that stay. */
  keepTags: string[]
  /** True when the image itself goes (its last tag is removed, or it was untagged). */
  removesImage: boolean
  /** Images built on this one; they keep its layers when only tags go, and block deleting an untagged image. */
  children: string[]
  /** Containers that use the image; they stop it from going unless they are removed first. */
  containers: ImageContainer[]
  size: number
}

export interface DeletePlan {
  /** What was asked for (tags or image IDs), for the confirm call. */
  targets: string[]
  images: PlannedImage[]
  /** Every container that must go before the images can (running ones are stopped and removed). */
  containers: ImageContainer[]
  /** Why nothing can be deleted as asked (e.g. an untagged image with child images), or null. */
  blocked: string | null
  /** One line per image saying what goes; `remove` refuses when the engine's state no longer gives the same lines. */
  signature: string[]
}

export interface DeleteResult {
  untagged: string[]
  deletedImages: string[]
  removedContainers: string[]
}

export type PruneMode = 'dangling' | 'unused'

export interface PruneCandidate {
  id: string
  shortId: string
  /** `repo:tag` list, empty for a dangling image. */
  tags: string[]
  created: number
  size: number
  /** Bytes only this image holds (layers no other image shares), from the engine's disk usage report. */
  uniqueSize: number
}

export interface PrunePreview {
  mode: PruneMode
  candidates: PruneCandidate[]
  /** Sum of the candidates' unique sizes: what is freed at least (layers shared only among candidates free more). */
  reclaimable: number
}

export interface PruneResult {
  deleted: string[]
  /** Candidates that were not removed (e.g. a container started using one meanwhile), with why. */
  skipped: { id: string; reason: string }[]
  reclaimed: number
}

export interface PullLayer {
  id: string
  /** Waiting, Downloading, Extracting, Pull complete, Already exists, … */
  status: string
  current: number
  total: number
}

/** A pull's status as its operation reports it (state, error and result are the operation's). */
export interface PullProgress {
  /** The reference as pulled, e.g. `ubuntu:latest` (`:latest` added when no tag was given). */
  reference: string
  layers: PullLayer[]
  /** The last overall message ("Digest: …", "Status: Downloaded newer image …"). */
  status: string
}

export interface PullResult {
  reference: string
  id: string
}

const ref = z.string().min(1).max(512)
const imageId = z.string().min(1).max(200)
const labelFilter = z.string().min(1).max(512)

export const imagesChannels = {
  /** One row per tag; dangling images only with `dangling: true`. Returns at once; exposed ports come from `exposedPorts`. */
  list: channel(z.object({ dangling: z.boolean().optional() }).strict()).returns<ImageList>(),
  /** Exposed ports per image ID, from inspecting each image once (cached by ID). */
  exposedPorts: channel(z.object({ ids: z.array(imageId).max(10_000) }).strict()).returns<Record<string, string[]>>(),
  inspect: channel(z.object({ image: ref }).strict()).returns<ImageDetails>(),
  /** What deleting these tags or image IDs would do; nothing is removed. */
  planDelete: channel(z.object({ targets: z.array(ref).min(1).max(10_000) }).strict()).returns<DeletePlan>(),
  /**
   * Does what `planDelete` said for the same targets, and only that: if the plan changed meanwhile, nothing is
   * removed. `removeContainers` lists the container IDs the person agreed to remove (all the plan named).
   */
  remove: channel(
    z
      .object({
        targets: z.array(ref).min(1).max(10_000),
        expectSignature: z.array(z.string().max(20_000)).max(10_000),
        removeContainers: z.array(imageId).max(10_000)
      })
      .strict()
  ).returns<DeleteResult>(),
  prunePreview: channel(z.object({ mode: z.enum(['dangling', 'unused']), label: labelFilter.optional() }).strict()).returns<PrunePreview>(),
  /** Removes the previewed images that are still prunable; nothing beyond `ids`. */
  prune: channel(
    z.object({ mode: z.enum(['dangling', 'unused']), label: labelFilter.optional(), ids: z.array(imageId).max(10_000) }).strict()
  ).returns<PruneResult>(),
  /**
   * `docker pull`, as an operation: resolves at once with it (a malformed reference is refused here); progress
   * per layer comes as `operationProgress`, `operations.cancel` stops the download.
   */
  pull: channel(z.object({ reference: ref }).strict()).returns<OperationSnapshot<'pull'>>(),
  /** `docker tag source target`; the target is checked against Docker's reference grammar. */
  tag: channel(z.object({ source: ref, target: ref }).strict()).returns<{ reference: string }>()
}
