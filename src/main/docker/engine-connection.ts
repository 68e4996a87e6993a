import Dockerode, { type DockerOptions } from 'dockerode'
import { AppError } from '../../shared/ipc/errors'
import type { ConnectionState, EngineAttempt, EngineEndpoint, EngineInfo } from '../../shared/ipc/channels/engine'
import { EngineResolutionError, type EngineCandidate } from './engine-resolution'
import { HostKeyError, type SshHostKeys } from './ssh-host-keys'

export interface EngineConnectionOptions {
  /** Gives the engines to try, in order; called on every connect so a changed config is picked up. */
  resolve: () => Promise<EngineCandidate[]>
  onState?: (state: ConnectionState) => void
  /** How often a connected engine is pinged to notice that it went away. */
  healthIntervalMs?: number
  pingTimeoutMs?: number
  /** Automatic retry delays, doubling from the first up to the last. */
  retryDelaysMs?: { first: number; max: number }
  /** Checks ssh:// engines' host keys; without it, ssh:// engines are refused rather than trusted blindly. */
  sshHostKeys?: Pick<SshHostKeys, 'ensureTrusted'>
}

/**
 * What docker-modem reads from the process environment whenever a client is made: DOCKER_HOST's host wins
 * over a given socketPath, and DOCKER_CERT_PATH's files are read (and throw when broken) whatever is given.
 */
const DOCKER_MODEM_ENVIRONMENT = ['DOCKER_HOST', 'DOCKER_TLS_VERIFY', 'DOCKER_CERT_PATH', 'DOCKER_CLIENT_TIMEOUT', 'DOCKER_PATH_PREFIX'] as const

/**
 * A Dockerode client for exactly these options, so the engine used is the one resolved (and shown), whatever
 * the process environment says. The environment was already read by the resolution, the docker CLI's way.
 */
export function createDockerClient(options: DockerOptions): Dockerode {
  const saved = DOCKER_MODEM_ENVIRONMENT.map((name) => [name, process.env[name]] as const)
  // Hidden only while the client is made: synchronous, so nothing else runs meanwhile.
  for (const [name] of saved) delete process.env[name]
  try {
    return new Dockerode(options)
  } finally {
    for (const [name, value] of saved) if (value !== undefined) process.env[name] = value
  }
}

const describeSocket = (endpoint: EngineEndpoint): string => endpoint.host.replace(/^unix:\/\//, '')

/** For ssh:// engines, where socket advice would mislead. */
function sshHintFor(error: unknown, endpoint: EngineEndpoint): string | null {
  const code = (error as { code?: string })?.code
  const url = new URL(endpoint.host)
  const where = url.port ? `${url.hostname} port ${url.port}` : url.hostname
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH') {
    return `No SSH server answers at ${where}. Check the host name and port in the engine's address, and that sshd runs there.`
  }
  if ((error as { level?: string })?.level === 'client-authentication') {
    const command = `ssh ${url.port ? `-p ${url.port} ` : ''}${url.username ? `${url.username}@` : ''}${url.hostname} docker version`
    return (
      `The SSH server at ${where} did not accept Slipway's login. Slipway logs in with your ssh agent (SSH_AUTH_SOCK) or a key ` +
      'without a passphrase in ~/.ssh (id_ed25519, id_ecdsa, id_rsa): add your key to the agent with `ssh-add`, and check that ' +
      `\`${command}\` works in a terminal.`
    )
  }
  return null
}

/** What to tell a person, given why an engine could not be reached. */
export function hintFor(error: unknown, endpoint: EngineEndpoint): string {
  const code = (error as { code?: string })?.code
  const where = describeSocket(endpoint)
  if (error instanceof HostKeyError) return error.hint
  const ssh = endpoint.host.startsWith('ssh://') ? sshHintFor(error, endpoint) : null
  if (ssh) return ssh
  if (code === 'ENOENT') {
    return `No engine socket at ${where}. Start Docker (for example \`sudo systemctl start docker\`, or open Docker Desktop), start Podman's socket (\`systemctl --user start podman.socket\`), or pick another engine.`
  }
  if (code === 'EACCES' || code === 'EPERM') {
    return `Permission denied on ${where}. Add your user to the docker group (\`sudo usermod -aG docker $USER\`, then log out and in), or use rootless Docker.`
  }
  if (code === 'ECONNREFUSED') {
    return `Nothing answers at ${where}. The socket exists but the daemon is not running: start it, then press Retry.`
  }
  if (code === 'ECONNRESET' || code === 'EPIPE') {
    return `The connection to ${where} was cut mid-answer: the engine is probably stopping or restarting. Slipway reconnects by itself when it answers again.`
  }
  if (error instanceof EngineResolutionError) return 'Check DOCKER_HOST, DOCKER_CONTEXT and `docker context ls`, or pick another engine.'
  if (code === 'ETIMEDOUT' || (error as Error)?.message === 'ping timed out') {
    return `The engine at ${endpoint.host} did not answer in time. Check the network or SSH/TLS settings of this context.`
  }
  return `Check that a Docker engine runs at ${endpoint.host}, then press Retry.`
}

function messageOf(error: unknown): string {
  const e = error as { code?: string; message?: string }
  if (e?.message) return e.code && !e.message.includes(e.code) ? `${e.code}: ${e.message}` : e.message
  return String(error)
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(Object.assign(new Error('ping timed out'), { code: 'ETIMEDOUT' })), ms)
    promise.then(
      (value) => {
        clearTimeout(timer)
        resolve(value)
      },
      (error: unknown) => {
        clearTimeout(timer)
        reject(error instanceof Error ? error : new Error(String(error)))
      }
    )
  })
}

export async function readEngineInfo(docker: Dockerode, timeoutMs: number): Promise<EngineInfo> {
  const version = await withTimeout(docker.version(), timeoutMs)
  const components = (version as { Components?: { Name?: string }[] }).Components ?? []
  const isPodman = components.some((c) => /podman/i.test(c.Name ?? ''))
  let operatingSystem: string | undefined
  try {
    operatingSystem = ((await withTimeout(docker.info(), timeoutMs)) as { OperatingSystem?: string }).OperatingSystem
  } catch {
    operatingSystem = undefined
  }
  return {
    name: isPodman ? 'Podman Engine' : 'Docker Engine',
    version: version.Version,
    apiVersion: version.ApiVersion,
    os: version.Os,
    arch: version.Arch,
    ...(operatingSystem ? { operatingSystem } : {})
  }
}

/**
 * The live link to one engine: finds it, keeps checking it, and reconnects with backoff when it goes away.
 * Services ask it for the current Dockerode instance on every call, so a switch or reconnect is seen at once.
 */
export class EngineConnection {
  private current: Dockerode | null = null
  private currentState: ConnectionState = { status: 'connecting', attempts: [] }
  private healthTimer: NodeJS.Timeout | null = null
  private retryTimer: NodeJS.Timeout | null = null
  private retryDelay: number
  private connecting: Promise<ConnectionState> | null = null
  private generation = 0
  private disposed = false
  private readonly listeners = new Set<(state: ConnectionState) => void>()

  constructor(private readonly options: EngineConnectionOptions) {
    this.retryDelay = options.retryDelaysMs?.first ?? 1000
    if (options.onState) this.listeners.add(options.onState)
  }

  get state(): ConnectionState {
    return this.currentState
  }

  onState(listener: (state: ConnectionState) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** The connected engine's client; throws a person-readable error when there is none. */
  docker(): Dockerode {
    if (!this.current || this.currentState.status !== 'connected') {
      throw new AppError('engine-unavailable', 'Not connected to a Docker engine. Slipway reconnects by itself; see the status bar for what was tried.')
    }
    return this.current
  }

  /** Connects now (or joins a connect in progress), resetting the backoff. */
  connect(): Promise<ConnectionState> {
    if (this.connecting) return this.connecting
    this.clearTimers()
    this.retryDelay = this.options.retryDelaysMs?.first ?? 1000
    this.connecting = this.tryCandidates(true).finally(() => {
      this.connecting = null
    })
    return this.connecting
  }

  /** Called by services that saw the engine fail (an event stream ending, a refused request). */
  reportFailure(error: unknown): void {
    if (this.currentState.status !== 'connected' || this.connecting) return
    const endpoint = this.currentState.endpoint
    this.becomeDisconnected([{ endpoint, error: messageOf(error) }], error, endpoint)
  }

  dispose(): void {
    this.disposed = true
    this.clearTimers()
    this.listeners.clear()
  }

  private setState(state: ConnectionState): void {
    this.currentState = state
    for (const listener of this.listeners) listener(state)
  }

  private clearTimers(): void {
    if (this.healthTimer) clearInterval(this.healthTimer)
    if (this.retryTimer) clearTimeout(this.retryTimer)
    this.healthTimer = null
    this.retryTimer = null
  }

  /** `interactive`: a connect the person started (or the first one), which may ask them about an SSH host key. */
  private async tryCandidates(interactive: boolean): Promise<ConnectionState> {
    const generation = ++this.generation
    const pingTimeout = this.options.pingTimeoutMs ?? 3000
    const attempts: EngineAttempt[] = []
    this.setState({ status: 'connecting', attempts })
    let candidates: EngineCandidate[]
    try {
      candidates = await this.options.resolve()
    } catch (error) {
      const endpoint = error instanceof EngineResolutionError ? error.endpoint : { host: '(unresolved)', source: 'default' as const }
      this.becomeDisconnected([{ endpoint, error: messageOf(error) }], error, endpoint)
      return this.currentState
    }
    let firstError: { error: unknown; endpoint: EngineEndpoint } | null = null
    for (const candidate of candidates) {
      try {
        const docker = createDockerClient(await this.withHostKeyCheck(candidate, interactive))
        await withTimeout(docker.ping(), pingTimeout)
        const engine = await readEngineInfo(docker, pingTimeout)
        if (generation !== this.generation || this.disposed) return this.currentState
        this.current = docker
        this.retryDelay = this.options.retryDelaysMs?.first ?? 1000
        this.setState({ status: 'connected', engine, endpoint: candidate.endpoint, attempts })
        this.watchHealth(docker)
        return this.currentState
      } catch (error) {
        attempts.push({ endpoint: candidate.endpoint, error: messageOf(error) })
        firstError ??= { error, endpoint: candidate.endpoint }
      }
    }
    if (generation === this.generation && !this.disposed) {
      const first = firstError ?? { error: new Error('No engine to try'), endpoint: { host: '(none)', source: 'default' as const } }
      this.becomeDisconnected(attempts, first.error, first.endpoint)
    }
    return this.currentState
  }

  private async withHostKeyCheck(candidate: EngineCandidate, interactive: boolean): Promise<DockerOptions> {
    const { options } = candidate
    if (options.protocol !== 'ssh') return options
    const host = { hostname: String(options.host), port: Number(options.port ?? 22) }
    if (!this.options.sshHostKeys) {
      throw new HostKeyError(`Slipway cannot check the SSH host key of ${host.hostname} here, so it did not connect.`, 'Pick a local engine.')
    }
    const hostKeyOptions = await this.options.sshHostKeys.ensureTrusted(host, { interactive })
    return { ...options, sshOptions: { ...options.sshOptions, ...hostKeyOptions } }
  }

  private becomeDisconnected(attempts: EngineAttempt[], error: unknown, endpoint: EngineEndpoint): void {
    this.clearTimers()
    this.current = null
    const delay = this.retryDelay
    this.retryDelay = Math.min(this.retryDelay * 2, this.options.retryDelaysMs?.max ?? 10_000)
    // A host key the person declined, or one that changed, stays refused until they act: retrying on a timer
    // would only refuse again (and flicker "connecting").
    const retries = !this.disposed && !(error instanceof HostKeyError)
    const nextRetryAt = retries ? Date.now() + delay : null
    this.setState({
      status: 'disconnected',
      attempts,
      error: attempts[0]?.error ?? messageOf(error),
      hint: hintFor(error, endpoint),
      nextRetryAt
    })
    if (retries) {
      this.retryTimer = setTimeout(() => {
        this.retryTimer = null
        if (this.connecting) return
        this.connecting = this.tryCandidates(false).finally(() => {
          this.connecting = null
        })
      }, delay)
      this.retryTimer.unref?.()
    }
  }

  private watchHealth(docker: Dockerode): void {
    const interval = this.options.healthIntervalMs ?? 2000
    const pingTimeout = this.options.pingTimeoutMs ?? 3000
    let inFlight = false
    this.healthTimer = setInterval(() => {
      if (inFlight || this.current !== docker) return
      inFlight = true
      withTimeout(docker.ping(), pingTimeout)
        .catch((error: unknown) => {
          if (this.current === docker) this.reportFailure(error)
        })
        .finally(() => {
          inFlight = false
        })
    }, interval)
    this.healthTimer.unref?.()
  }
}
