// Host folders as capabilities. The page is not trusted (a compromised renderer can send any path), so
// main decides which host paths it may hand to the engine: folders the person picked in a native dialog
// (build context, mount folder, template folder) and the folder of the Dockerfile they opened or saved
// are granted, with everything inside them. Paths are compared after resolving symbolic links, so a link
// inside a granted folder grants nothing beyond it. Sensitive places are never granted: the person
// confirms them every time, in main's own dialog.
import { realpath, stat } from 'node:fs/promises'
import path from 'node:path'
import { AppError } from '../shared/ipc/errors'
import type { Dialogs } from './dialogs'

export interface HostGrantsOptions {
  dialogs: Dialogs
  homeDir: string
  /** Unix sockets of engines this machine may run (the connected one among them). */
  engineSockets: () => string[]
}

/** What main found out about one host path. */
export interface PathReview {
  /** As asked for. */
  path: string
  /** With links resolved; the path as asked for when it cannot be resolved (it does not exist). */
  real: string
  exists: boolean
  /** Why the person must confirm it, or null when it is granted and not sensitive. */
  concern: string | null
  sensitive: boolean
}

/** Whether `inner` is `outer` or inside it. */
export function isInside(inner: string, outer: string): boolean {
  const relative = path.relative(outer, inner)
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative))
}

async function realOrResolved(p: string): Promise<{ real: string; exists: boolean }> {
  try {
    return { real: await realpath(p), exists: true }
  } catch {
    return { real: path.resolve(p), exists: false }
  }
}

/** Places under the home folder that hold keys and credentials. */
const HOME_SECRETS: [string, string][] = [
  ['.ssh', 'your SSH keys'],
  ['.gnupg', 'your GnuPG keys'],
  ['.docker', "Docker's credentials and settings"],
  ['.aws', 'your AWS credentials'],
  ['.kube', 'your Kubernetes credentials'],
  ['.config/gcloud', 'your Google Cloud credentials'],
  ['.netrc', 'your saved passwords (.netrc)'],
  ['.git-credentials', 'your saved Git passwords']
]

/** System places a container should not see or change without the person saying so. */
const SYSTEM_PLACES: [string, string][] = [
  ['/etc', "the system's configuration"],
  ['/proc', "the system's processes"],
  ['/sys', "the system's kernel settings"],
  ['/dev', "the system's devices"],
  ['/boot', "the system's boot files"],
  ['/root', "the administrator's home folder"],
  ['/run', 'running services and their sockets'],
  ['/var/run', 'running services and their sockets'],
  ['/var/lib/docker', "the Docker engine's own data"]
]

const DEFAULT_ENGINE_SOCKETS = ['/var/run/docker.sock', '/run/docker.sock', '/run/podman/podman.sock']

export class HostGrants {
  /** Real paths of granted folders. */
  private readonly folders = new Set<string>()

  constructor(private readonly options: HostGrantsOptions) {}

  /** Grants a folder the person picked in a native dialog (or confirmed), with everything inside it. */
  async grantFolder(folder: string): Promise<void> {
    const { real, exists } = await realOrResolved(folder)
    if (exists) this.folders.add(real)
  }

  /** Grants the folder of a Dockerfile the person opened or saved through a native dialog. */
  async grantFileFolder(file: string): Promise<void> {
    await this.grantFolder(path.dirname(file))
  }

  /** The sensitive places, each with what it holds, resolved the way the paths checked against them are. */
  private async sensitivePlaces(): Promise<{ place: string; what: string; containsOnly?: boolean; socket?: boolean }[]> {
    const home = this.options.homeDir
    const listed = [
      { place: '/', what: 'the whole file system', containsOnly: true },
      { place: home, what: 'your home folder', containsOnly: true },
      ...HOME_SECRETS.map(([rel, what]) => ({ place: path.join(home, rel), what })),
      ...SYSTEM_PLACES.map(([place, what]) => ({ place, what })),
      ...[...DEFAULT_ENGINE_SOCKETS, path.join(home, '.docker/run/docker.sock'), ...this.options.engineSockets()].map((place) => ({
        place,
        what: "a Docker engine's socket (control of the engine, which is root on its machine)",
        socket: true
      }))
    ]
    // Both spellings count: /var/run is often a link to /run, and a home folder may be reached through a link.
    const resolved = await Promise.all(listed.map(async (entry) => ({ ...entry, place: (await realOrResolved(entry.place)).real })))
    return [...listed, ...resolved]
  }

  /** Why `real` is sensitive, or null. `containsOnly` places (/, the home folder) are sensitive themselves and above, not below. */
  private async sensitiveReason(real: string, exists: boolean): Promise<string | null> {
    if (exists && (await stat(real).then((s) => s.isSocket(), () => false))) {
      return 'a socket: a container that reaches it can command the program behind it (for docker.sock: the Docker engine, which is root on its machine)'
    }
    if (path.basename(real) === 'docker.sock') return "a Docker engine's socket (control of the engine, which is root on its machine)"
    for (const { place, what, containsOnly } of await this.sensitivePlaces()) {
      if (real === place) return what
      if (!containsOnly && isInside(real, place)) return `inside ${place}: ${what}`
      if (isInside(place, real)) return `it contains ${place}: ${what}`
    }
    return null
  }

  /** Whether `p` may be used without asking, and if not why. Links are resolved first. */
  async review(p: string): Promise<PathReview> {
    const { real, exists } = await realOrResolved(p)
    const sensitive = await this.sensitiveReason(real, exists)
    if (sensitive) return { path: p, real, exists, concern: sensitive, sensitive: true }
    const granted = exists && [...this.folders].some((folder) => isInside(real, folder))
    return { path: p, real, exists, concern: granted ? null : 'not a folder you picked in Slipway', sensitive: false }
  }

  /** A path on another machine (a remote engine's host): nothing is known about it, only its name. */
  async reviewRemote(p: string): Promise<PathReview> {
    const real = path.posix.resolve(p)
    const sensitive = await this.sensitiveReason(real, false)
    return { path: p, real, exists: false, concern: sensitive ?? "a path on the engine's machine, which Slipway cannot check", sensitive: sensitive !== null }
  }

  /**
   * Main's own confirmation: the trust boundary, whatever the page showed before. Resolves when the person
   * agrees (the first button); otherwise throws `cancelled` with `refused` as the message.
   */
  async confirm(options: { message: string; detail: string; accept: string; refused: string }): Promise<void> {
    const choice = await this.options.dialogs.confirm({ message: options.message, detail: options.detail, buttons: [options.accept, 'Cancel'], boundary: true })
    if (choice !== 0) throw new AppError('cancelled', options.refused)
  }
}

/** "a, b, c and 4 more": a list cut to a length a dialog can show. */
export function listSome(items: string[], max = 12): string[] {
  if (items.length <= max) return items
  return [...items.slice(0, max), `… and ${items.length - max} more`]
}

/** How a reviewed path is shown in a confirmation: the path as asked, its real path when a link led there, and why. */
export function describeReview(review: PathReview, use: string): string {
  const real = review.real !== path.resolve(review.path) ? ` (a link to ${review.real})` : ''
  return `• ${review.path}${use ? ` ${use}` : ''}${real}${review.concern ? ` — ${review.concern}` : ''}`
}
