import { stat } from 'node:fs/promises'
import type Dockerode from 'dockerode'
import { containerNameProblem, displayContainerName } from '../../shared/docker/container-name'
import { findDuplicateHostPorts, toDockerPorts } from '../../shared/docker/ports'
import type { MountSpec, RunOptions } from '../../shared/docker/run-command'
import { AppError } from '../../shared/ipc/errors'
import { engineMessage } from './errors'
import { forgetStopRequest, STOP_TIMEOUT_SECONDS, whileStopping } from './containers/stop-requests'

/** The engine's create-container body for a run form. */
export function toCreateOptions(options: RunOptions): Dockerode.ContainerCreateOptions {
  const ports = toDockerPorts(options.ports)
  const create: Dockerode.ContainerCreateOptions = {
    Image: options.image,
    ExposedPorts: ports.ExposedPorts,
    Env: options.env.map((e) => `${e.key}=${e.value}`),
    Labels: Object.fromEntries(options.labels.map((l) => [l.key, l.value])),
    HostConfig: {
      PortBindings: ports.PortBindings,
      PublishAllPorts: options.publishAll,
      Binds: options.mounts.map((m) => `${m.source}:${m.target}${m.readOnly ? ':ro' : ''}`),
      RestartPolicy: { Name: options.restart === 'no' ? '' : options.restart },
      AutoRemove: options.autoRemove,
      ...(options.network ? { NetworkMode: options.network } : {})
    }
  }
  if (options.name) create.name = options.name
  if (options.command !== null) create.Cmd = options.command
  // As `docker run --entrypoint ""` does: an empty entrypoint is sent as one empty word.
  if (options.entrypoint !== null) create.Entrypoint = options.entrypoint.length === 0 ? [''] : options.entrypoint
  if (options.workingDir) create.WorkingDir = options.workingDir
  if (options.user) create.User = options.user
  return create
}

/** Refuses a form the engine would refuse, with what to change. */
export function validateRunOptions(options: RunOptions): void {
  const nameProblem = containerNameProblem(options.name)
  if (nameProblem) throw new AppError('invalid-input', nameProblem)
  const duplicate = findDuplicateHostPorts(options.ports)[0]
  if (duplicate) throw new AppError('invalid-input', duplicate.message)
  for (const env of options.env) {
    if (env.key.includes('=') || /\s/.test(env.key)) {
      throw new AppError('invalid-input', `The environment variable name "${env.key}" cannot contain "=" or spaces.`)
    }
  }
  for (const mount of options.mounts) {
    if (!mount.target.startsWith('/')) throw new AppError('invalid-input', `The container path "${mount.target}" must be absolute, like /data.`)
    // The engine splits "source:target:mode" at colons, so one inside a path would change what is mounted where.
    if (mount.target.includes(':')) throw new AppError('invalid-input', `The container path "${mount.target}" cannot contain ":".`)
    if (mount.source.includes(':')) throw new AppError('invalid-input', `The ${mount.type === 'bind' ? 'host folder' : 'volume name'} "${mount.source}" cannot contain ":".`)
    if (mount.type === 'bind' && !mount.source.startsWith('/')) {
      throw new AppError('invalid-input', `The host folder "${mount.source}" must be an absolute path. Pick it with "Choose folder".`)
    }
  }
}

/**
 * For an engine on this machine: refuses bind mounts of host folders that do not exist, which the engine
 * would otherwise create (empty, owned by root), hiding a typo.
 */
export async function checkBindSources(mounts: readonly MountSpec[]): Promise<void> {
  for (const mount of mounts) {
    // Relative paths are refused by validateRunOptions; a "volume" named like a full path is a bind mount to the engine.
    if (!mount.source.startsWith('/')) continue
    const missing = await stat(mount.source).then(
      () => false,
      (error: NodeJS.ErrnoException) => error.code === 'ENOENT'
    )
    if (missing) throw new AppError('not-found', `The host folder ${mount.source} does not exist. Choose an existing folder with "Choose folder", or create it first.`)
  }
}

const statusOf = (error: unknown) => (error as { statusCode?: number })?.statusCode

const portPublishedMessage = (port: string) => `Host port ${port} is already published by another container. Choose another host port, or stop that container.`

/** A person-readable message for an engine error while creating or starting a container. */
export function explainRunError(error: unknown, options: RunOptions): AppError {
  if (error instanceof AppError) return error
  const message = engineMessage(error)
  const status = statusOf(error)
  if (status === 404 && /no such image/i.test(message)) {
    return new AppError('not-found', `The image ${options.image} is not on this engine (it may have been deleted). Build or pull it again, then press Run.`, message)
  }
  // Docker answers 409; Podman 500 with "the container name "…" is already in use by <id>".
  if ((status === 409 && /already in use/i.test(message)) || /container name "[^"]*" is already in use/i.test(message)) {
    return new AppError('conflict', `A container named "${options.name}" already exists. Choose another name, or remove that container first.`, message)
  }
  const allocated = /Bind for (.*):(\d+) failed: port is already allocated/i.exec(message)
  if (allocated) {
    return new AppError('conflict', portPublishedMessage(allocated[2]!), message)
  }
  const inUse = /listen (?:tcp|udp|sctp)\d? (.*):(\d+): bind: address already in use/i.exec(message) ?? /:(\d+)\D*address already in use/i.exec(message)
  if (inUse) {
    const port = inUse[2] ?? inUse[1]
    return new AppError('conflict', `Host port ${port} is in use by another program on this machine. Choose another host port, or stop that program.`, message)
  }
  if (/network .* not found/i.test(message)) {
    return new AppError('not-found', `The network "${options.network}" does not exist. Pick another network, or the default bridge.`, message)
  }
  if (/bind source path does not exist/i.test(message)) {
    return new AppError('not-found', `A host folder to mount does not exist: ${message.replace(/^.*does not exist: /i, '')}. Choose an existing folder.`, message)
  }
  return new AppError(status === 404 ? 'not-found' : 'engine-error', `The container could not be started: ${message}`, message)
}

/**
 * explainRunError, and for a host port that is in use, whether a container publishes it: Podman says
 * "bind: address already in use" where Docker says "port is already allocated" for another container's port.
 */
async function explainRunErrorOnEngine(docker: Dockerode, error: unknown, options: RunOptions): Promise<AppError> {
  const explained = explainRunError(error, options)
  const port = /^Host port (\d+) is in use by another program/.exec(explained.message)?.[1]
  if (!port) return explained
  const holders = await docker.listContainers().catch(() => [] as Dockerode.ContainerInfo[])
  if (!holders.some((c) => (c.Ports ?? []).some((p) => String(p.PublicPort) === port))) return explained
  return new AppError('conflict', portPublishedMessage(port), explained.detail)
}

async function removeQuietly(container: Dockerode.Container): Promise<void> {
  try {
    await container.remove({ force: true, v: true })
  } catch (error) {
    // Already gone (AutoRemove, or removal in progress) is what we wanted.
    if (statusOf(error) !== 404 && statusOf(error) !== 409) throw error
  }
}

/** `docker run -d`: creates and starts; when starting fails the created container is removed again. */
export async function runContainer(docker: Dockerode, options: RunOptions): Promise<{ id: string; name: string }> {
  validateRunOptions(options)
  let container: Dockerode.Container
  try {
    container = await docker.createContainer(toCreateOptions(options))
  } catch (error) {
    throw await explainRunErrorOnEngine(docker, error, options)
  }
  try {
    await container.start()
  } catch (error) {
    await removeQuietly(container)
    throw await explainRunErrorOnEngine(docker, error, options)
  }
  let name = options.name
  if (!name) {
    try {
      name = displayContainerName((await container.inspect()).Name)
    } catch {
      name = container.id.slice(0, 12)
    }
  }
  return { id: container.id, name }
}

/** null when nobody uses the name (or it is empty), else what to do. */
export async function checkContainerName(docker: Dockerode, name: string, ignoreContainer?: string): Promise<string | null> {
  const problem = containerNameProblem(name)
  if (problem || name === '') return problem
  const wanted = `/${displayContainerName(name)}`
  const escaped = wanted.slice(1).replace(/[.]/g, '\\.')
  const found = await docker.listContainers({ all: true, filters: { name: [`^/${escaped}$`] } })
  const holder = found.find((c) => c.Names.includes(wanted) && !(ignoreContainer && (c.Id === ignoreContainer || c.Id.startsWith(ignoreContainer))))
  return holder ? `A container named "${wanted.slice(1)}" already exists. Choose another name, or remove that container first.` : null
}

/**
 * Replaces a container by one made from `options`, keeping the old one until the new one runs: the old is
 * renamed and stopped (freeing its name and ports), and put back as it was if the new one fails.
 */
export async function recreateContainer(docker: Dockerode, id: string, options: RunOptions): Promise<{ id: string; name: string }> {
  validateRunOptions(options)
  const old = docker.getContainer(id)
  const info = await old.inspect()
  const oldName = displayContainerName(info.Name)
  const wasRunning = info.State.Running || info.State.Restarting
  const parkedName = `${oldName}-replaced-${Date.now().toString(36)}`.slice(0, 255)
  await old.rename({ name: parkedName })
  try {
    // The old container's exit is Slipway's doing, not a crash to report.
    if (wasRunning) await whileStopping(info.Id, 'recreate', () => old.stop({ t: STOP_TIMEOUT_SECONDS }))
  } catch (error) {
    if (statusOf(error) !== 304) {
      await old.rename({ name: oldName }).catch(() => undefined)
      throw error
    }
  }
  let created: { id: string; name: string }
  try {
    created = await runContainer(docker, options)
  } catch (error) {
    // Put the old container back as it was; with AutoRemove it may already be gone.
    try {
      await old.rename({ name: oldName })
      forgetStopRequest(info.Id)
      if (wasRunning) await old.start()
    } catch {
      // Nothing more to restore.
    }
    throw error
  }
  await whileStopping(info.Id, 'recreate', () => removeQuietly(old))
  return created
}
