// Removes what the tests made, and only that: objects carrying TEST_LABEL that
// were not there when the run began (images built FROM the base images inherit
// the label, and so do containers made from them).
import type Dockerode from 'dockerode'
import { TEST_LABEL } from './daemon'

export interface LabelledObjects {
  containers: Set<string>
  images: Set<string>
  volumes: Set<string>
  networks: Set<string>
}

const labelFilter = (): { label: string[] } => ({ label: [TEST_LABEL] })

export async function listLabelledObjects(docker: Dockerode): Promise<LabelledObjects> {
  const [containers, images, volumes, networks] = await Promise.all([
    docker.listContainers({ all: true, filters: labelFilter() }),
    docker.listImages({ all: true, filters: labelFilter() }),
    docker.listVolumes({ filters: labelFilter() }),
    docker.listNetworks({ filters: labelFilter() })
  ])
  return {
    containers: new Set(containers.map((c) => c.Id)),
    images: new Set(images.map((i) => i.Id)),
    volumes: new Set((volumes.Volumes ?? []).map((v) => v.Name)),
    networks: new Set(networks.map((n) => n.Id))
  }
}

/** Removes labelled objects that are not in `keep` (a listing taken before the tests ran). Returns what it could not remove. */
export async function removeTestObjects(docker: Dockerode, keep: LabelledObjects): Promise<string[]> {
  const failures: string[] = []
  const attempt = async (what: string, action: () => Promise<unknown>) => {
    try {
      await action()
    } catch (error) {
      const status = (error as { statusCode?: number }).statusCode
      if (status !== 404) failures.push(`${what}: ${(error as Error).message}`)
    }
  }

  const now = await listLabelledObjects(docker)
  const fresh = (all: Set<string>, old: Set<string>) => [...all].filter((id) => !old.has(id))

  await Promise.all(fresh(now.containers, keep.containers).map((id) => attempt(`container ${id}`, () => docker.getContainer(id).remove({ force: true, v: true }))))

  // Children before parents: newest first, and a second pass for what a child still held.
  const images = await docker.listImages({ all: true, filters: labelFilter() })
  const freshImages = images.filter((i) => !keep.images.has(i.Id)).sort((a, b) => b.Created - a.Created)
  for (let pass = 0; pass < 2; pass++) {
    const last = pass === 1
    for (const image of freshImages) {
      try {
        await docker.getImage(image.Id).remove({ force: true })
      } catch (error) {
        const status = (error as { statusCode?: number }).statusCode
        if (last && status !== 404) failures.push(`image ${image.Id}: ${(error as Error).message}`)
      }
    }
  }

  await Promise.all(fresh(now.volumes, keep.volumes).map((name) => attempt(`volume ${name}`, () => docker.getVolume(name).remove({ force: true }))))
  await Promise.all(fresh(now.networks, keep.networks).map((id) => attempt(`network ${id}`, () => docker.getNetwork(id).remove())))
  return failures
}
