import type Dockerode from 'dockerode'
import type { ImageContainer, ImageList, ImageSummary } from '../../../shared/ipc/channels/images'
import { listEngineImages } from './engine-names'

/** A tag as the engine lists it; `<none>:<none>` (old engines) means untagged. */
function realTags(tags: string[] | undefined): string[] {
  return (tags ?? []).filter((t) => t !== '<none>:<none>')
}

export function toImageSummary(image: Dockerode.ImageInfo): ImageSummary {
  const tags = realTags(image.RepoTags)
  // `docker images` shows the repository of a digest-only image, with tag <none>.
  const digest = tags.length === 0 ? (image.RepoDigests ?? []).find((d) => d !== '<none>@<none>') : undefined
  return {
    id: image.Id,
    created: image.Created * 1000,
    size: image.Size,
    labels: image.Labels ?? {},
    tags,
    digestRepository: digest ? digest.slice(0, digest.lastIndexOf('@')) : null
  }
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
  const [images, containers] = await Promise.all([listEngineImages(docker, { all: false }), listContainersByImage(docker)])
  const summaries = images.map(toImageSummary)
  const shown = options.dangling ? summaries : summaries.filter((image) => image.tags.length > 0)
  return { images: shown, containers, danglingHidden: summaries.length - shown.length }
}
