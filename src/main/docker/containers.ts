import type Dockerode from 'dockerode'
import { displayContainerName } from '../../shared/docker/container-name'
import { fromDockerPorts, parsePortKey } from '../../shared/docker/ports'
import { emptyRunOptions, restartPolicies, renderRunCommand, type EnvVar, type MountSpec, type RestartPolicy, type RunOptions } from '../../shared/docker/run-command'
import type { ContainerState, ContainerSummary, RunPrefill } from '../../shared/ipc/channels/containers'
import { AppError } from '../../shared/ipc/errors'
import { choosePublishPorts } from './port-check'
import { readPublishedPorts } from './containers/published-ports'
import { envGivenAtRun, hostPortsFixedAtCreate, portBindingsGivenAtRun } from './containers-engine-added'
import { familiarName } from './images/engine-names'
import { findOutdated } from './containers/outdated'
import { forgetStopRequest, noteHowItStopped, STOP_TIMEOUT_SECONDS, stoppedOnRequest, whileStopping } from './containers/stop-requests'

const statusOf = (error: unknown) => (error as { statusCode?: number })?.statusCode

function exitCodeFromStatus(status: string): number | null {
  const match = /^Exited \((-?\d+)\)/.exec(status)
  return match ? Number(match[1]) : null
}

/** A container as the list shows it; its ports carry links only when the engine runs on this machine. */
export function toContainerSummary(info: Dockerode.ContainerInfo, engineIsLocal: boolean): ContainerSummary {
  return {
    id: info.Id,
    name: displayContainerName(info.Names?.[0] ?? info.Id.slice(0, 12)),
    image: familiarName(info.Image),
    state: info.State as ContainerState,
    status: info.Status,
    exitCode: exitCodeFromStatus(info.Status),
    // Podman still lists a stopped container's port mappings, which publish nothing then (Docker lists none).
    ports: info.State === 'exited' || info.State === 'created' ? [] : readPublishedPorts(info.Ports ?? [], engineIsLocal),
    created: info.Created * 1000,
    ...(info.ImageID ? { imageId: info.ImageID } : {})
  }
}

export async function listContainers(docker: Dockerode, all: boolean, engineIsLocal: boolean): Promise<ContainerSummary[]> {
  const containers = await docker.listContainers({ all })
  const outdated = await findOutdated(docker, containers)
  return containers
    .map((info) => {
      const summary = toContainerSummary(info, engineIsLocal)
      const tag = outdated.get(info.Id)
      if (tag) summary.outdated = { tag }
      const stopped = summary.state === 'exited' ? stoppedOnRequest(info.Id) : null
      if (stopped) summary.stoppedOnRequest = stopped
      return summary
    })
    .sort((a, b) => b.created - a.created)
}

async function act(docker: Dockerode, id: string, what: string, action: (c: Dockerode.Container) => Promise<unknown>): Promise<void> {
  try {
    await action(docker.getContainer(id))
  } catch (error) {
    // 304: already started / already stopped, which is what the person wanted.
    if (statusOf(error) === 304) return
    if (statusOf(error) === 404) throw new AppError('not-found', `The container is gone (removed by someone else?), so it cannot be ${what}. The list is refreshed.`)
    throw error
  }
}

export function startContainer(docker: Dockerode, id: string): Promise<void> {
  forgetStopRequest(id)
  return act(docker, id, 'started', (c) => c.start())
}
export async function stopContainer(docker: Dockerode, id: string): Promise<void> {
  await whileStopping(id, 'stop', () => act(docker, id, 'stopped', (c) => c.stop({ t: STOP_TIMEOUT_SECONDS })))
  // Docker 26 answers the stop before its container list has the exit (a list read now can still say
  // running); reading the container (done here) waits until the engine has recorded it, so a refresh shows it stopped.
  await noteHowItStopped(docker, id)
}
export const restartContainer = (docker: Dockerode, id: string) =>
  whileStopping(id, 'restart', () => act(docker, id, 'restarted', (c) => c.restart({ t: STOP_TIMEOUT_SECONDS })))
export const removeContainer = (docker: Dockerode, id: string) => whileStopping(id, 'remove', () => act(docker, id, 'removed', (c) => c.remove({ force: true, v: false })))

export async function inspectContainer(docker: Dockerode, id: string): Promise<string> {
  return JSON.stringify(await docker.getContainer(id).inspect(), null, 2)
}

function envList(env: string[] | null | undefined): EnvVar[] {
  return (env ?? []).map((entry) => {
    const eq = entry.indexOf('=')
    return eq < 0 ? { key: entry, value: '' } : { key: entry.slice(0, eq), value: entry.slice(eq + 1) }
  })
}

/** Reads `HostConfig.Binds` entries (`source:target[:options]`) back into mounts. */
export function parseBinds(binds: string[] | null | undefined): MountSpec[] {
  const mounts: MountSpec[] = []
  for (const bind of binds ?? []) {
    const parts = bind.split(':')
    if (parts.length < 2) continue
    const hasOptions = parts.length >= 3 && /^[a-zA-Z,]+$/.test(parts.at(-1)!)
    const optionsPart = hasOptions ? parts.at(-1)! : ''
    const target = hasOptions ? parts.at(-2)! : parts.at(-1)!
    const source = parts.slice(0, hasOptions ? -2 : -1).join(':')
    mounts.push({
      type: source.startsWith('/') ? 'bind' : 'volume',
      source,
      target,
      readOnly: optionsPart.split(',').includes('ro')
    })
  }
  return mounts
}

const sameList = (a: readonly string[] | null | undefined, b: readonly string[] | null | undefined) =>
  JSON.stringify(a ?? []) === JSON.stringify(b ?? [])

const asList = (value: string | string[] | null | undefined): string[] | null => (value == null ? null : Array.isArray(value) ? value : [value])

/** The run form that makes this container again: what was given at `docker run`, without what the image sets. */
export async function runOptionsFromContainer(docker: Dockerode, id: string): Promise<{ options: RunOptions; info: Dockerode.ContainerInspectInfo }> {
  const info = await docker.getContainer(id).inspect()
  let imageConfig: { Env?: string[]; Cmd?: string[] | null; Entrypoint?: string | string[] | null; WorkingDir?: string; User?: string; Labels?: Record<string, string> | null } = {}
  try {
    imageConfig = (await docker.getImage(info.Image).inspect()).Config ?? {}
  } catch {
    // The image is gone; keep every setting as the container has it.
  }
  const imageEnv = new Set(imageConfig.Env ?? [])
  const imageLabels = imageConfig.Labels ?? {}
  const config = info.Config
  const host = info.HostConfig
  const entrypoint = asList(config.Entrypoint as string | string[] | null)
  const entrypointChanged = !sameList(entrypoint, asList(imageConfig.Entrypoint))
  const restart = (host.RestartPolicy?.Name || 'no') as RestartPolicy
  const networkMode = host.NetworkMode ?? ''
  const options: RunOptions = {
    ...emptyRunOptions(familiarName(config.Image)),
    name: displayContainerName(info.Name),
    ports: fromDockerPorts(portBindingsGivenAtRun(info)),
    publishAll: host.PublishAllPorts ?? false,
    env: envList(envGivenAtRun(config).filter((e) => !imageEnv.has(e))),
    mounts: parseBinds(host.Binds),
    // A changed entrypoint drops the image's CMD, so the container's Cmd is then always the person's.
    command: entrypointChanged || !sameList(config.Cmd, imageConfig.Cmd) ? (config.Cmd ?? []) : null,
    entrypoint: entrypointChanged ? (entrypoint ?? []).filter((w, i, all) => !(all.length === 1 && w === '')) : null,
    workingDir: config.WorkingDir && config.WorkingDir !== (imageConfig.WorkingDir ?? '') ? config.WorkingDir : '',
    user: config.User && config.User !== (imageConfig.User ?? '') ? config.User : '',
    restart: (restartPolicies as readonly string[]).includes(restart) ? restart : 'no',
    autoRemove: host.AutoRemove ?? false,
    network: networkMode === 'default' || networkMode === 'bridge' ? '' : networkMode,
    labels: Object.entries(config.Labels ?? {})
      .filter(([key, value]) => imageLabels[key] !== value)
      .map(([key, value]) => ({ key, value }))
  }
  if (options.command && options.command.length === 0 && !entrypointChanged) options.command = null
  return { options, info }
}

export async function prefillFromContainer(docker: Dockerode, id: string): Promise<RunPrefill> {
  const { options, info } = await runOptionsFromContainer(docker, id)
  const exposedPorts = Object.keys(info.Config.ExposedPorts ?? {})
  const prefill: RunPrefill = { options, exposedPorts, fromContainer: { id: info.Id, name: displayContainerName(info.Name) } }
  if (hostPortsFixedAtCreate(info)) prefill.hostPortsFixedAtCreate = true
  return prefill
}

export async function runCommandForContainer(docker: Dockerode, id: string): Promise<string> {
  return renderRunCommand((await runOptionsFromContainer(docker, id)).options)
}

/** A form for an image: one port mapping per EXPOSE'd port, on the same host port when free, else the next free one. */
export async function prefillFromImage(docker: Dockerode, image: string, engineIsLocal: boolean): Promise<RunPrefill> {
  let inspected: Dockerode.ImageInspectInfo
  try {
    inspected = await docker.getImage(image).inspect()
  } catch (error) {
    if (statusOf(error) === 404) throw new AppError('not-found', `The image ${image} is not on this engine (it may have been deleted). Build or pull it again.`)
    throw error
  }
  const exposedPorts = Object.keys(inspected.Config?.ExposedPorts ?? {})
  const exposed = exposedPorts
    .map(parsePortKey)
    .filter((p): p is NonNullable<typeof p> => p !== null)
    .sort((a, b) => a.containerPort - b.containerPort)
  const ports = await choosePublishPorts(docker, exposed, engineIsLocal)
  return { options: { ...emptyRunOptions(image), ports }, exposedPorts }
}
