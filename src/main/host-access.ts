// What a request from the page would give a container or the engine on this computer, checked against
// the folders the person granted (grants.ts), in the words main's own confirmation uses.
import { stat } from 'node:fs/promises'
import type { MountSpec, RunOptions } from '../shared/docker/run-command'
import { AppError } from '../shared/ipc/errors'
import { describeReview, type HostGrants, type PathReview } from './grants'

/** A name Docker takes as a named volume; any other source of a "volume" is read by the engine as a host path. */
const VOLUME_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/

/** Mounts whose source the engine reads as a host path: bind mounts, and "volumes" named like a path. */
export function hostPathMounts(mounts: readonly MountSpec[]): MountSpec[] {
  return mounts.filter((m) => m.type === 'bind' || !VOLUME_NAME.test(m.source))
}

export interface RunAccess {
  /** One line per host path mounted and per network shared, for the confirmation. */
  lines: string[]
  /** True when something in `lines` needs the person's agreement. */
  needsConfirm: boolean
  /** Folders to grant once the person agreed (never sensitive ones). */
  toGrant: PathReview[]
}

function describeNetwork(network: string, engineIsLocal: boolean): string | null {
  if (network === 'host') {
    const whose = engineIsLocal ? "this computer's network" : "the network of the engine's machine"
    return `• ${whose} (--network host): the container can reach every service there, even ones listening only on 127.0.0.1, and listen on its ports`
  }
  if (network.startsWith('container:')) {
    return `• the network of container ${network.slice('container:'.length)} (--network ${network}): the container sees that container's traffic and shares its ports`
  }
  return null
}

/** Reviews the host paths and network a run form asks for. On a remote engine, host paths are that machine's. */
export async function reviewRunAccess(grants: HostGrants, options: RunOptions, engineIsLocal: boolean): Promise<RunAccess> {
  const lines: string[] = []
  const toGrant: PathReview[] = []
  let needsConfirm = false
  for (const mount of hostPathMounts(options.mounts)) {
    const review = engineIsLocal ? await grants.review(mount.source) : await grants.reviewRemote(mount.source)
    lines.push(describeReview(review, `at ${mount.target} (${mount.readOnly ? 'read-only' : 'read-write'})`))
    if (review.concern) needsConfirm = true
    if (review.concern && !review.sensitive && review.exists && (await stat(review.real).then((s) => s.isDirectory(), () => false))) toGrant.push(review)
  }
  const network = describeNetwork(options.network, engineIsLocal)
  if (network) {
    lines.push(network)
    needsConfirm = true
  }
  return { lines, needsConfirm, toGrant }
}

/** The explanation under the list of what a container gets. */
export function runAccessDetail(access: RunAccess): string {
  return `${access.lines.join('\n')}\n\nOnly agree if you asked for this: the container can read, and unless read-only change, what is mounted into it.`
}

/** Asks, when needed, before a container gets host paths or networks; grants the folders agreed to. */
export async function confirmRunAccess(grants: HostGrants, options: RunOptions, engineIsLocal: boolean): Promise<void> {
  const access = await reviewRunAccess(grants, options, engineIsLocal)
  if (!access.needsConfirm) return
  await grants.confirm({
    message: `Run ${options.image} with access to this computer?`,
    detail: runAccessDetail(access),
    accept: 'Run',
    refused: 'Nothing was run: the container was not given access to these host paths or networks.'
  })
  await grantAgreed(grants, access)
}

export async function grantAgreed(grants: HostGrants, access: RunAccess): Promise<void> {
  for (const review of access.toGrant) await grants.grantFolder(review.real)
}

/**
 * Before the engine gets a build context: a granted folder goes without asking; any other folder, and
 * a sensitive one always, after the person agrees. A folder that does not exist is left to the build to report.
 */
export async function confirmBuildContext(grants: HostGrants, contextDir: string): Promise<void> {
  const review = await grants.review(contextDir)
  if (!review.concern || !(await isFolder(review.real))) return
  await grants.confirm({
    message: `Send ${contextDir} to the Docker engine as the build context?`,
    detail: `${describeReview(review, '')}\n\nEvery file in it that .dockerignore does not exclude goes to the engine, and COPY . puts them in the image.`,
    accept: 'Build',
    refused: `Nothing was built: ${contextDir} was not sent to the engine.`
  })
  if (!review.sensitive) await grants.grantFolder(review.real)
}

/** Listing a folder's files needs it granted; there is no prompt for it (the page could ask again and again). */
export async function requireListable(grants: HostGrants, folder: string, howToPick: string): Promise<void> {
  const review = await grants.review(folder)
  if (!review.concern || !(await isFolder(review.real))) return
  const why = review.sensitive
    ? `${folder} is sensitive (${review.concern}), so Slipway does not list it. Choose your project's folder as the build context instead`
    : `Slipway lists a folder's files only once you picked it in this session, and ${folder} is not one. ${howToPick}`
  throw new AppError('forbidden', `${why}; a build asks you before it sends a folder you did not pick.`)
}

async function isFolder(p: string): Promise<boolean> {
  return stat(p).then(
    (s) => s.isDirectory(),
    () => false
  )
}
