// Gives the tests a Docker daemon: the one the environment points at, or a
// private dockerd started here (own socket, data root, exec root, pid file and
// containerd, all under one temp folder) that is stopped and deleted afterwards.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, openSync, closeSync, readFileSync, rmSync, writeFileSync, accessSync, constants } from 'node:fs'
import { rm } from 'node:fs/promises'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import Dockerode from 'dockerode'
import { inject } from 'vitest'
import { descendantsOf, isAlive, listProcesses } from './processes'

export const TEST_LABEL = 'com.slipway.test'

export interface TestDaemon {
  dockerHost: string
  socketPath: string | null
  docker: Dockerode
  owned: boolean
  stop(): Promise<void>
}

export interface PrivateDockerd {
  dockerHost: string
  socketPath: string
  root: string
  start(): Promise<void>
  stop(): Promise<void>
  destroy(): Promise<void>
  isRunning(): boolean
}

export interface PrivateDockerdOptions {
  /**
   * 'bridge' (default): docker0, iptables, published ports, outbound access.
   * 'none': its own bridge without iptables or NAT, so it can run beside another daemon.
   */
  networking?: 'bridge' | 'none'
  /** Appears in the temp folder name and the containerd namespace. */
  name?: string
}

const DEFAULT_SOCKET = '/var/run/docker.sock'
const PING_TIMEOUT_MS = 60_000
const STOP_GRACE_MS = 20_000

/** The Docker host the global setup chose for this run (set by test/support/global-daemon.ts). */
export const TEST_DOCKER_HOST_ENV = 'SLIPWAY_TEST_DOCKER_HOST'

export function dockerodeFor(dockerHost: string): Dockerode {
  const url = new URL(dockerHost)
  if (url.protocol === 'unix:') return new Dockerode({ socketPath: url.pathname })
  if (url.protocol === 'tcp:' || url.protocol === 'http:') {
    return new Dockerode({ host: url.hostname, port: Number(url.port || 2375), protocol: 'http' })
  }
  // Anything else (TLS, ssh://) is left to docker-modem's own DOCKER_HOST handling.
  return new Dockerode()
}

function socketPathOf(dockerHost: string): string | null {
  return dockerHost.startsWith('unix://') ? new URL(dockerHost).pathname : null
}

/** GET /_ping on a unix socket; true when the daemon answers OK. */
export function pingSocket(socketPath: string, timeoutMs = 2_000): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get({ socketPath, path: '/_ping', timeout: timeoutMs }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (body += chunk))
      res.on('end', () => resolve(res.statusCode === 200 && body.trim() === 'OK'))
      res.on('error', () => resolve(false))
    })
    req.on('timeout', () => req.destroy())
    req.on('error', () => resolve(false))
  })
}

async function pingDocker(docker: Dockerode): Promise<boolean> {
  try {
    await docker.ping()
    return true
  } catch {
    return false
  }
}

function findDockerd(): string | null {
  if (existsSync('/usr/sbin/dockerd')) return '/usr/sbin/dockerd'
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue
    const candidate = path.join(dir, 'dockerd')
    try {
      accessSync(candidate, constants.X_OK)
      return candidate
    } catch {
      // not here
    }
  }
  return null
}

function external(dockerHost: string): TestDaemon {
  return {
    dockerHost,
    socketPath: socketPathOf(dockerHost),
    docker: dockerodeFor(dockerHost),
    owned: false,
    stop: async () => {}
  }
}

/**
 * Resolution: the run's chosen daemon (SLIPWAY_TEST_DOCKER_HOST), then DOCKER_HOST,
 * then the default socket if it answers, then a private dockerd when dockerd is
 * installed and we are root. Otherwise `{ skip }`, or a thrown error when CI=true.
 */
export async function getTestDaemon(): Promise<TestDaemon | { skip: string }> {
  const result = await resolveTestDaemon()
  if ('skip' in result && process.env.CI === 'true') {
    throw new Error(`No Docker daemon for the tests (CI=true makes this a failure): ${result.skip}`)
  }
  return result
}

async function resolveTestDaemon(): Promise<TestDaemon | { skip: string }> {
  const chosen = process.env[TEST_DOCKER_HOST_ENV] || process.env.DOCKER_HOST
  if (chosen) {
    const daemon = external(chosen)
    if (await pingDocker(daemon.docker)) return daemon
    return { skip: `the Docker daemon at ${chosen} does not answer /_ping` }
  }
  if (await pingSocket(DEFAULT_SOCKET)) return external(`unix://${DEFAULT_SOCKET}`)

  const dockerd = findDockerd()
  if (!dockerd) return { skip: `no daemon answers at ${DEFAULT_SOCKET} and dockerd is not installed (apt-get install docker.io)` }
  if (process.getuid?.() !== 0) return { skip: `no daemon answers at ${DEFAULT_SOCKET} and starting a private dockerd needs root` }

  const privateDaemon = await startPrivateDockerd({ networking: 'bridge', name: 'main' })
  return {
    dockerHost: privateDaemon.dockerHost,
    socketPath: privateDaemon.socketPath,
    docker: dockerodeFor(privateDaemon.dockerHost),
    owned: true,
    stop: () => privateDaemon.destroy()
  }
}

/**
 * For test files: the daemon the global setup provided, or null (after printing
 * why) so the caller can `it.skipIf(!daemon)`.
 */
export function requireDaemon(): { dockerHost: string; docker: Dockerode } | null {
  const dockerHost = inject('dockerHost')
  if (!dockerHost) {
    const reason = inject('daemonSkipReason') ?? 'no Docker daemon was provided by the global setup'
    console.warn(`[slipway tests] skipping daemon tests: ${reason}`)
    return null
  }
  return { dockerHost, docker: dockerodeFor(dockerHost) }
}

// ---------------------------------------------------------------------------
// Private dockerd

const live = new Set<PrivateDockerdImpl>()
let exitHooksInstalled = false

export async function startPrivateDockerd(options: PrivateDockerdOptions = {}): Promise<PrivateDockerd> {
  const dockerd = findDockerd()
  if (!dockerd) throw new Error('dockerd is not installed (apt-get install docker.io)')
  installExitHooks()
  const daemon = new PrivateDockerdImpl(dockerd, options)
  live.add(daemon)
  try {
    await daemon.start()
  } catch (error) {
    await daemon.destroy()
    throw error
  }
  return daemon
}

class PrivateDockerdImpl implements PrivateDockerd {
  readonly root: string
  readonly socketPath: string
  readonly dockerHost: string
  private readonly networking: 'bridge' | 'none'
  private readonly namespace: string
  /** Only for networking 'none': a bridge made here, see bridgeArgs(). */
  private readonly bridgeName: string | null
  private storageDriver = process.env.SLIPWAY_TEST_STORAGE_DRIVER || 'overlay2'
  private child: ChildProcess | null = null
  private exited: Promise<void> = Promise.resolve()
  private destroyed = false

  constructor(
    private readonly dockerdPath: string,
    options: PrivateDockerdOptions
  ) {
    this.networking = options.networking ?? 'bridge'
    const name = (options.name ?? 'd').replace(/[^a-zA-Z0-9]/g, '').slice(0, 12) || 'd'
    // Unix socket paths are limited to ~108 bytes: keep the root short.
    const base = os.tmpdir().length <= 20 ? os.tmpdir() : '/tmp'
    this.root = mkdtempSync(path.join(base, `slipway-dockerd-${name}-`))
    this.socketPath = path.join(this.root, 'docker.sock')
    this.dockerHost = `unix://${this.socketPath}`
    const suffix = path.basename(this.root).slice(-6)
    this.namespace = `slipway-${suffix.toLowerCase()}`
    this.bridgeName = this.networking === 'none' ? `slw-${suffix}` : null
    // An empty config file, so a machine's /etc/docker/daemon.json does not leak in.
    writeFileSync(path.join(this.root, 'daemon.json'), '{}\n')
  }

  get logPath(): string {
    return path.join(this.root, 'dockerd.log')
  }

  get pid(): number | null {
    return this.child && this.child.exitCode === null && this.child.signalCode === null ? (this.child.pid ?? null) : null
  }

  isRunning(): boolean {
    return this.pid !== null
  }

  private args(): string[] {
    const args = [
      `--host=${this.dockerHost}`,
      `--data-root=${path.join(this.root, 'data')}`,
      // The exec root also holds the managed containerd's socket and state
      // (<exec-root>/containerd/containerd.sock), so each daemon gets its own containerd.
      `--exec-root=${path.join(this.root, 'exec')}`,
      `--pidfile=${path.join(this.root, 'docker.pid')}`,
      `--config-file=${path.join(this.root, 'daemon.json')}`,
      // Only matter if a system containerd at /run/containerd is picked up instead of a managed one.
      `--containerd-namespace=${this.namespace}`,
      `--containerd-plugins-namespace=${this.namespace}-plugins`,
      `--storage-driver=${this.storageDriver}`,
      '--shutdown-timeout=3'
    ]
    // Not --bridge=none: with it dockerd deletes the docker0 interface at start,
    // which takes the network away from a bridge-mode daemon running beside it.
    if (this.bridgeName) args.push(`--bridge=${this.bridgeName}`, '--iptables=false', '--ip-masq=false', '--ip-forward=false')
    return args
  }

  async start(): Promise<void> {
    if (this.destroyed) throw new Error('this private dockerd was destroyed')
    if (this.isRunning()) return
    try {
      await this.spawnAndWait()
    } catch (error) {
      // overlay2 fails on some backing filesystems (e.g. overlay on overlay): fall back to vfs once.
      const fatal = /failed to start daemon:.*/.exec(readTail(this.logPath, 20))?.[0] ?? ''
      if (this.storageDriver === 'overlay2' && /graphdriver|overlay|storage/i.test(fatal)) {
        process.stderr.write(`[slipway tests] overlay2 failed for the private dockerd (${fatal}), retrying with vfs\n`)
        this.storageDriver = 'vfs'
        await this.spawnAndWait()
        return
      }
      throw error
    }
  }

  private async spawnAndWait(): Promise<void> {
    if (this.bridgeName) createBridge(this.bridgeName)
    const logFd = openSync(this.logPath, 'a')
    const child = spawn(this.dockerdPath, this.args(), {
      detached: true, // own process group: a terminal's Ctrl-C reaches us, and we stop it in order
      stdio: ['ignore', logFd, logFd],
      env: { ...process.env, PATH: `/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:${process.env.PATH ?? ''}` }
    })
    closeSync(logFd)
    // Do not keep the Node process alive for dockerd; the exit hooks stop it.
    child.unref()
    this.child = child
    this.exited = new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) resolve()
      else child.once('exit', () => resolve())
    })
    const spawnError = new Promise<Error>((resolve) => child.once('error', resolve))

    const deadline = Date.now() + PING_TIMEOUT_MS
    for (;;) {
      if (await pingSocket(this.socketPath, 1_000)) return
      const failure = await Promise.race([
        spawnError,
        this.exited.then(() => new Error(`dockerd exited (code ${child.exitCode}, signal ${child.signalCode})`)),
        delay(250).then(() => (Date.now() > deadline ? new Error(`dockerd did not answer /_ping within ${PING_TIMEOUT_MS / 1000}s`) : null))
      ])
      if (failure) {
        await this.stopProcesses()
        throw new Error(`${failure.message}; socket ${this.socketPath}\n--- tail of ${this.logPath} ---\n${readTail(this.logPath, 40)}`)
      }
    }
  }

  async stop(): Promise<void> {
    if (this.isRunning()) await killRunningContainers(this.socketPath)
    await this.stopProcesses()
  }

  private async stopProcesses(): Promise<void> {
    const pid = this.pid
    // Taken before the signal: once dockerd is gone its children (docker-proxy) are reparented.
    const tree = pid === null ? [] : descendantsOf([pid])
    if (pid !== null) {
      signal(pid, 'SIGTERM')
      if (!(await settlesWithin(this.exited, STOP_GRACE_MS))) {
        signal(pid, 'SIGKILL')
        await this.exited
      }
    }
    killLeftovers(this.root, tree)
  }

  async destroy(): Promise<void> {
    if (this.destroyed) return
    await this.stop()
    this.destroyed = true
    live.delete(this)
    unmountUnder(this.root)
    if (this.bridgeName) deleteBridge(this.bridgeName)
    await rm(this.root, { recursive: true, force: true, maxRetries: 3 })
  }

  /** For process exit, where nothing async runs any more. */
  destroySync(): void {
    if (this.destroyed) return
    this.destroyed = true
    const pid = this.pid
    const tree = pid === null ? [] : descendantsOf([pid])
    if (pid !== null) {
      signal(pid, 'SIGTERM')
      const deadline = Date.now() + STOP_GRACE_MS
      while (isAlive(pid) && Date.now() < deadline) sleepSync(100)
      if (isAlive(pid)) signal(pid, 'SIGKILL')
    }
    killLeftovers(this.root, tree)
    unmountUnder(this.root)
    if (this.bridgeName) deleteBridge(this.bridgeName)
    try {
      rmSync(this.root, { recursive: true, force: true, maxRetries: 3 })
    } catch {
      // best effort at exit
    }
  }
}

async function killRunningContainers(socketPath: string): Promise<void> {
  // Stopping them here is quicker than letting dockerd wait out each stop timeout.
  const docker = new Dockerode({ socketPath, timeout: 10_000 })
  try {
    const running = await docker.listContainers()
    await Promise.all(running.map((c) => docker.getContainer(c.Id).kill().catch(() => {})))
  } catch {
    // the daemon may already be gone
  }
}

function installExitHooks(): void {
  if (exitHooksInstalled) return
  exitHooksInstalled = true
  const destroyAll = () => {
    for (const daemon of live) daemon.destroySync()
    live.clear()
  }
  process.on('exit', destroyAll)
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const handler = () => {
      destroyAll()
      process.removeListener(sig, handler)
      // Re-raise when nobody else handles it, so the process still ends as it would have.
      if (process.listenerCount(sig) === 0) process.kill(process.pid, sig)
    }
    process.on(sig, handler)
  }
}

// ---------------------------------------------------------------------------
// Processes and mounts

/**
 * SIGKILLs whatever this daemon left: the process tree it had (docker-proxy),
 * processes naming its root on their command line (containerd, containerd-shim),
 * and their descendants (container processes, which shims keep after reparenting to init).
 */
function killLeftovers(root: string, knownTree: number[]): void {
  const procs = listProcesses()
  const alive = new Set(procs.map((p) => p.pid))
  const naming = procs.filter((p) => p.cmdline.includes(root + '/')).map((p) => p.pid)
  const doomed = descendantsOf([...knownTree.filter((pid) => alive.has(pid)), ...naming], procs)
  for (const pid of doomed) signal(pid, 'SIGKILL')
  const deadline = Date.now() + 5_000
  while (doomed.some(isAlive) && Date.now() < deadline) sleepSync(50)
}

function unmountUnder(root: string): void {
  let mountInfo: string
  try {
    mountInfo = readFileSync('/proc/self/mountinfo', 'utf8')
  } catch {
    return
  }
  const points = mountInfo
    .split('\n')
    .map((line) => line.split(' ')[4])
    .filter((p): p is string => !!p)
    .map((p) => p.replace(/\\([0-7]{3})/g, (_, oct: string) => String.fromCharCode(parseInt(oct, 8))))
    .filter((p) => p === root || p.startsWith(root + '/'))
  // Deepest (and, for stacked mounts, latest) first.
  for (const point of points.reverse().sort((a, b) => b.length - a.length)) {
    spawnSync('umount', ['-l', point], { stdio: 'ignore' })
  }
}

// iproute2's ip where installed, else busybox's (busybox-static is a test dependency anyway).
function ipCommand(args: string[]): { status: number | null; stderr: string } {
  const ip = ['/usr/sbin/ip', '/sbin/ip', '/usr/bin/ip'].find((p) => existsSync(p))
  const [cmd, argv] = ip ? [ip, args] : ['/bin/busybox', ['ip', ...args]]
  const result = spawnSync(cmd, argv, { encoding: 'utf8' })
  return { status: result.status, stderr: result.stderr ?? String(result.error ?? '') }
}

/** Asked over netlink: /sys/class/net shows the namespace sysfs was mounted in, which may not be ours (nsenter --net). */
function linkExists(name: string): boolean {
  return ipCommand(['link', 'show', 'dev', name]).status === 0
}

function createBridge(name: string): void {
  if (linkExists(name)) return
  const result = ipCommand(['link', 'add', 'name', name, 'type', 'bridge'])
  if (result.status !== 0) throw new Error(`could not create bridge ${name} for a private dockerd: ${result.stderr}`)
}

function deleteBridge(name: string): void {
  if (linkExists(name)) ipCommand(['link', 'del', name])
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig)
  } catch {
    // already gone
  }
}


function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms)
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/** True when `promise` settles within `ms`; the timer is cleared either way so it holds no process open. */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)))
  try {
    return await Promise.race([promise.then(() => true, () => true), timeout])
  } finally {
    clearTimeout(timer)
  }
}

function readTail(file: string, lines: number): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n')
  } catch {
    return '(no log)'
  }
}
