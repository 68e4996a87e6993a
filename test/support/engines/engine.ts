// Runs one engine daemon from the cached trixie root: in its own network namespace (see netns.ts) and its
// own mount namespace, chrooted into an overlay of the root so the cache stays as it was. One instance
// per engine on a machine; its state (sockets, data, logs) lives in /tmp/slipway-engine-<name>, which
// outlives the process that started it, so `run.ts start` and `run.ts stop` can be separate commands.
import { spawn } from 'node:child_process'
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { pingSocket } from '../daemon'
import { descendantsOf, isAlive } from '../processes'
import { createNetworkNamespace, deleteNetworkNamespace } from './netns'
import { ensureTrixieRoot, log } from './trixie-root'

export interface EngineSpec {
  name: string
  /** What people call it, for messages. */
  title: string
  /** 10.213.<subnetIndex>.0/30 links its network namespace to the host. */
  subnetIndex: number
  socketName: string
  /** Writes the engine's config files into the state folder; returns the command to run inside the root. */
  prepare(stateDir: string): string[]
}

export interface RunningEngine {
  name: string
  title: string
  dockerHost: string
  /** Run the tests inside: `nsenter --net=/run/netns/<netns> …` (published ports are on this namespace's 127.0.0.1). */
  netns: string
  pid: number
  /** The daemon's mount namespace (`mnt:[…]`): every process left in it belongs to this engine. */
  mountNamespace: string
  stateDir: string
  logPath: string
}

const START_TIMEOUT_MS = 60_000
const STOP_GRACE_MS = 20_000

export const stateDirOf = (name: string) => `/tmp/slipway-engine-${name}`
const stateFileOf = (name: string) => path.join(stateDirOf(name), 'engine.json')
export const netnsOf = (name: string) => `slipway-${name}`

/**
 * Sets up the mounts inside the new mount namespace, then execs the daemon (so its pid is the one spawned).
 * $1 cached root, $2 state folder, $3 host folders to bind (space-separated), $4… the command.
 * The overlay makes "/" a mount point, without which runc fails (`mount /, flags: 0x84000`).
 * A fresh sysfs shows this network namespace's interfaces; the host's cgroup mounts go under it.
 * /tmp, /root, /home (and the repository's top folder) are the host's, so bind mount sources the tests
 * give resolve to the same files.
 */
const MOUNT_SCRIPT = `set -e
lower=$1; state=$2; binds=$3; shift 3
root=$state/root
mkdir -p "$state/upper" "$state/work" "$root"
mount -t overlay overlay -o "lowerdir=$lower,upperdir=$state/upper,workdir=$state/work" "$root"
mount -t proc proc "$root/proc"
mount -t sysfs sysfs "$root/sys"
mount --rbind /sys/fs/cgroup "$root/sys/fs/cgroup"
mount --make-rslave "$root/sys/fs/cgroup"
mount --rbind /dev "$root/dev"
mount --make-rslave "$root/dev"
mount -t tmpfs tmpfs "$root/run"
for dir in $binds; do
  mkdir -p "$root$dir"
  mount --rbind "$dir" "$root$dir"
  mount --make-rslave "$root$dir"
done
cat /etc/resolv.conf > "$root/etc/resolv.conf"
exec chroot "$root" /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root "$@"
`

const SYSTEM_DIRS = new Set(['bin', 'boot', 'dev', 'etc', 'lib', 'lib32', 'lib64', 'proc', 'run', 'sbin', 'sys', 'usr', 'var', 'opt', 'srv', 'mnt', 'media'])

/** Host folders whose paths the tests hand to the engine (temp folders, fixtures in the checkout). */
function hostFolders(): string[] {
  const folders = new Set(['/tmp', '/root', '/home'])
  const top = process.cwd().split('/')[1]
  if (top && !SYSTEM_DIRS.has(top)) folders.add(`/${top}`)
  return [...folders].filter((dir) => existsSync(dir))
}

export function readEngineState(name: string): RunningEngine | null {
  try {
    return JSON.parse(readFileSync(stateFileOf(name), 'utf8')) as RunningEngine
  } catch {
    return null
  }
}

/** Starts the engine, or returns the one already running. */
export async function startEngine(spec: EngineSpec): Promise<RunningEngine> {
  const existing = readEngineState(spec.name)
  if (existing && isAlive(existing.pid) && (await pingSocket(socketPath(existing), 2_000))) return existing
  await stopEngine(spec)

  const lower = await ensureTrixieRoot()
  const started = Date.now()
  const stateDir = stateDirOf(spec.name)
  mkdirSync(stateDir, { recursive: true })
  const command = spec.prepare(stateDir)
  const netns = createNetworkNamespace(netnsOf(spec.name), spec.subnetIndex)
  const logPath = path.join(stateDir, 'daemon.log')
  const logFd = openSync(logPath, 'a')
  const child = spawn(
    'nsenter',
    [`--net=${netns.path}`, '--', 'unshare', '--mount', '--propagation', 'private', '--', 'sh', '-c', MOUNT_SCRIPT, 'slipway-engine', lower, stateDir, hostFolders().join(' '), ...command],
    { detached: true, stdio: ['ignore', logFd, logFd] }
  )
  closeSync(logFd)
  child.unref()
  const pid = child.pid
  if (pid === undefined) throw new Error(`could not start ${spec.title} (nsenter did not run)`)
  const engine: RunningEngine = {
    name: spec.name,
    title: spec.title,
    dockerHost: `unix://${path.join(stateDir, spec.socketName)}`,
    netns: netns.name,
    pid,
    mountNamespace: '',
    stateDir,
    logPath
  }
  writeFileSync(stateFileOf(spec.name), JSON.stringify(engine, null, 2))

  const deadline = Date.now() + START_TIMEOUT_MS
  for (;;) {
    if (!isAlive(pid)) {
      await stopEngine(spec)
      throw new Error(`${spec.title} exited while starting; tail of ${logPath}:\n${readTail(logPath)}`)
    }
    if (await pingSocket(socketPath(engine), 1_000)) break
    if (Date.now() > deadline) {
      const tail = readTail(logPath)
      await stopEngine(spec)
      throw new Error(`${spec.title} did not answer /_ping within ${START_TIMEOUT_MS / 1000}s; tail of ${logPath}:\n${tail}`)
    }
    await delay(200)
  }
  engine.mountNamespace = readlinkSync(`/proc/${pid}/ns/mnt`)
  writeFileSync(stateFileOf(spec.name), JSON.stringify(engine, null, 2))
  log(`${spec.title} ready in ${((Date.now() - started) / 1000).toFixed(1)}s: DOCKER_HOST=${engine.dockerHost}, network namespace ${engine.netns}`)
  return engine
}

/** Stops the daemon and everything it left (shims, conmon, containers), then removes its state. */
export async function stopEngine(spec: EngineSpec): Promise<void> {
  const engine = readEngineState(spec.name)
  if (engine) {
    // Only a namespace of its own identifies the engine's processes: never ours (the host's), which the
    // daemon's pid still shows before unshare has run, or a reused pid shows.
    const candidate = engine.mountNamespace || mountNamespaceOf(engine.pid)
    const mountNamespace = candidate && candidate !== mountNamespaceOf(process.pid) ? candidate : ''
    const ours = isAlive(engine.pid) && mountNamespaceOf(engine.pid) === mountNamespace
    if (ours) {
      signal(engine.pid, 'SIGTERM')
      const deadline = Date.now() + STOP_GRACE_MS
      while (isAlive(engine.pid) && Date.now() < deadline) await delay(100)
    }
    // What runs in the daemon's mount namespace (containerd, shims, conmon) and below it (containers).
    const doomed = mountNamespace ? descendantsOf(processesIn(mountNamespace)) : []
    if (ours && isAlive(engine.pid)) doomed.push(engine.pid)
    for (const pid of doomed) signal(pid, 'SIGKILL')
    const deadline = Date.now() + 5_000
    while (doomed.some(isAlive) && Date.now() < deadline) await delay(50)
  }
  deleteNetworkNamespace(netnsOf(spec.name), spec.subnetIndex)
  // The namespace's mounts are gone with its last process; nothing of it is mounted here.
  rmSync(stateDirOf(spec.name), { recursive: true, force: true, maxRetries: 3 })
}

const socketPath = (engine: RunningEngine) => new URL(engine.dockerHost).pathname

function mountNamespaceOf(pid: number): string {
  try {
    return readlinkSync(`/proc/${pid}/ns/mnt`)
  } catch {
    return ''
  }
}

function processesIn(mountNamespace: string): number[] {
  const found: number[] = []
  for (const entry of readdirSync('/proc')) {
    if (/^\d+$/.test(entry) && mountNamespaceOf(Number(entry)) === mountNamespace) found.push(Number(entry))
  }
  return found
}


function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig)
  } catch {
    // already gone
  }
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

function readTail(file: string, lines = 40): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n')
  } catch {
    return '(no log)'
  }
}
