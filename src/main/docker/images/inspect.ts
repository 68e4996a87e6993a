import type Dockerode from 'dockerode'
import type { ImageConfigSummary, ImageDetails, ImageHealthcheck, ImageLayer } from '../../../shared/ipc/channels/images'
import { parseCreatedBy } from './image-history'
import { shortImageId } from '../../../shared/docker/image-id'
import { sortPorts } from './ports'
import { inspectEngineImage } from './engine-names'

interface HistoryEntry {
  Id: string
  Created: number
  CreatedBy: string
  Tags: string[] | null
  Size: number
  Comment: string
}

const NS_PER_SECOND = 1e9

function duration(ns: number | undefined): string | undefined {
  if (!ns) return undefined
  const seconds = ns / NS_PER_SECOND
  return seconds >= 60 && seconds % 60 === 0 ? `${seconds / 60}m` : `${seconds}s`
}

function asList(value: string | string[] | undefined | null): string[] | null {
  if (value === undefined || value === null) return null
  return Array.isArray(value) ? value : [value]
}

export function summarizeConfig(config: Partial<Dockerode.ImageInspectInfo['Config']> | undefined): ImageConfigSummary {
  const c = config ?? {}
  const health = c.Healthcheck as { Test?: string[]; Interval?: number; Timeout?: number; StartPeriod?: number; Retries?: number } | undefined
  let healthcheck: ImageHealthcheck | null = null
  if (health?.Test && health.Test.length > 0) {
    healthcheck = { test: health.Test }
    const interval = duration(health.Interval)
    const timeout = duration(health.Timeout)
    const startPeriod = duration(health.StartPeriod)
    if (interval) healthcheck.interval = interval
    if (timeout) healthcheck.timeout = timeout
    if (startPeriod) healthcheck.startPeriod = startPeriod
    if (health.Retries) healthcheck.retries = health.Retries
  }
  return {
    cmd: asList(c.Cmd),
    entrypoint: asList(c.Entrypoint),
    env: c.Env ?? [],
    workingDir: c.WorkingDir ?? '',
    user: c.User ?? '',
    exposedPorts: sortPorts(Object.keys(c.ExposedPorts ?? {})),
    volumes: Object.keys(c.Volumes ?? {}).sort(),
    labels: c.Labels ?? {},
    healthcheck,
    stopSignal: (c as { StopSignal?: string }).StopSignal ?? ''
  }
}

export function toLayers(history: HistoryEntry[]): ImageLayer[] {
  // The engine lists newest first; a Dockerfile reads oldest first.
  return [...history].reverse().map((entry) => {
    const { instruction, text } = parseCreatedBy(entry.CreatedBy ?? '', entry.Comment ?? '')
    return {
      instruction,
      text,
      createdBy: entry.CreatedBy ?? '',
      size: entry.Size ?? 0,
      created: (entry.Created ?? 0) * 1000,
      comment: entry.Comment ?? ''
    }
  })
}

/** `docker inspect` and `docker history` of one image, made readable. */
export async function inspectImage(docker: Dockerode, image: string): Promise<ImageDetails> {
  const handle = docker.getImage(image)
  const [info, history] = await Promise.all([inspectEngineImage(docker, image), handle.history() as Promise<HistoryEntry[]>])
  return {
    id: info.Id,
    shortId: shortImageId(info.Id),
    repoTags: info.RepoTags ?? [],
    repoDigests: info.RepoDigests ?? [],
    created: info.Created,
    author: info.Author ?? '',
    os: info.Os,
    architecture: info.Architecture,
    variant: info.Variant ?? '',
    size: info.Size,
    parent: info.Parent ?? '',
    config: summarizeConfig(info.Config),
    layers: toLayers(history),
    raw: JSON.stringify(info, null, 2)
  }
}
