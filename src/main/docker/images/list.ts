import type Dockerode from 'dockerode'
import type { ImageContainer, ImageList, ImageRow } from '../../../shared/ipc/channels/images'
import { splitRepoTag } from '../../../shared/docker/reference'

const NONE = '<none>'

export function shortImageId(id: string): string {
  return id.replace(/^sha256:/, '').slice(0, 12)
}

/** A tag as the engine lists it; `<none>:<none>` (old engines) means untagged. */
function realTags(tags: string[] | undefined): string[] {
  return (tags ?? []).filter((t) => t !== '<none>:<none>')
}

/** One row per tag, as `docker images` shows; an untagged image gives one `<none>` row. */
export function toImageRows(image: Dockerode.ImageInfo): ImageRow[] {
  const base = {
    id: image.Id,
    shortId: shortImageId(image.Id),
    created: image.Created * 1000,
    size: image.Size,
    labels: image.Labels ?? {}
  }
  const tags = realTags(image.RepoTags)
  if (tags.length === 0) {
    // `docker images` shows the repository of a digest-only image with tag <none>.
    const digest = (image.RepoDigests ?? []).find((d) => d !== '<none>@<none>')
    const repository = digest ? digest.slice(0, digest.lastIndexOf('@')) : NONE
    return [{ ...base, key: `${image.Id}|${NONE}`, repository, tag: NONE, reference: null, dangling: true }]
  }
  return tags.map((reference) => {
    const { repository, tag } = splitRepoTag(reference)
    return { ...base, key: `${image.Id}|${reference}`, repository, tag, reference, dangling: false }
  })
}

export function toImageContainer(container: Dockerode.ContainerInfo): ImageContainer {
  return {
    id: container.Id,
    name: (container.Names?.[0] ?? container.Id.slice(0, 12)).replace(/^\//, ''),
    state: container.State,
    running: container.State === 'running' || container.State === 'paused' || container.State === 'restarting'
  }
}

/** Containers (running and stopped) grouped by the image ID they were created from. */
export async function listContainersByImage(docker: Dockerode): Promise<Record<string, ImageContainer[]>> {
  const containers = await docker.listContainers({ all: true })
  const byImage: Record<string, ImageContainer[]> = {}
  for (const container of containers) (byImage[container.ImageID] ??= []).push(toImageContainer(container))
  return byImage
}

/** The Images list: top-level images like `docker images` (no intermediate build layers). */
export async function listImages(docker: Dockerode, options: { dangling?: boolean } = {}): Promise<ImageList> {
  const [images, containers] = await Promise.all([docker.listImages({ all: false }), listContainersByImage(docker)])
  const rows: ImageRow[] = []
  let danglingHidden = 0
  for (const image of images) {
    for (const row of toImageRows(image)) {
      if (row.dangling && !options.dangling) danglingHidden++
      else rows.push(row)
    }
  }
  rows.sort((a, b) => b.created - a.created || a.key.localeCompare(b.key))
  return { rows, containers, danglingHidden }
}
