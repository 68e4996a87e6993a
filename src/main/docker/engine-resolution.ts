import { createHash } from 'node:crypto'
import { readFile, readdir } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import type { DockerOptions } from 'dockerode'
import { sshAuthMethods } from './ssh-identities'
import type { DockerContextInfo, EngineEndpoint, EndpointSource } from '../../shared/ipc/channels/engine'

/** What the resolution reads: passed in so tests use temp folders and fake environments. */
export interface ResolveEnvironment {
  env: Record<string, string | undefined>
  homeDir: string
  platform: NodeJS.Platform
  uid?: number
  /** The context chosen in Slipway's engine switcher; null or undefined resolves as the docker CLI does. */
  chosenContext?: string | null
}

export interface EngineCandidate {
  endpoint: EngineEndpoint
  options: DockerOptions
}

/** A resolution that cannot yield a candidate (unknown context, unsupported scheme). */
export class EngineResolutionError extends Error {
  constructor(
    message: string,
    readonly endpoint: EngineEndpoint
  ) {
    super(message)
  }
}

interface ContextEndpoint {
  host: string
  skipTlsVerify: boolean
  tlsDir: string
  description?: string
}

export function dockerConfigDir(environment: ResolveEnvironment): string {
  return environment.env.DOCKER_CONFIG || path.join(environment.homeDir, '.docker')
}

/** The docker CLI stores a context's metadata under the SHA-256 of its name. */
export function contextDirName(name: string): string {
  return createHash('sha256').update(name).digest('hex')
}

export function platformDefaultHost(platform: NodeJS.Platform): string {
  return platform === 'win32' ? 'npipe:////./pipe/docker_engine' : 'unix:///var/run/docker.sock'
}

async function readJson(file: string): Promise<unknown> {
  return JSON.parse(await readFile(file, 'utf8')) as unknown
}

async function readCurrentContext(configDir: string): Promise<string | undefined> {
  try {
    const config = (await readJson(path.join(configDir, 'config.json'))) as { currentContext?: unknown }
    return typeof config.currentContext === 'string' && config.currentContext ? config.currentContext : undefined
  } catch {
    return undefined
  }
}

interface ContextMeta {
  Name?: string
  Metadata?: { Description?: string }
  Endpoints?: { docker?: { Host?: string; SkipTLSVerify?: boolean } }
}

function endpointFromMeta(configDir: string, name: string, meta: ContextMeta): ContextEndpoint | undefined {
  const docker = meta.Endpoints?.docker
  if (!docker?.Host) return undefined
  return {
    host: docker.Host,
    skipTlsVerify: docker.SkipTLSVerify === true,
    tlsDir: path.join(configDir, 'contexts', 'tls', contextDirName(name), 'docker'),
    ...(meta.Metadata?.Description ? { description: meta.Metadata.Description } : {})
  }
}

async function readContext(configDir: string, name: string): Promise<ContextEndpoint | undefined> {
  try {
    const meta = (await readJson(path.join(configDir, 'contexts', 'meta', contextDirName(name), 'meta.json'))) as ContextMeta
    return endpointFromMeta(configDir, name, meta)
  } catch {
    return undefined
  }
}

/** Every docker context found in the config folder, plus the implicit "default" one. */
export async function listDockerContexts(environment: ResolveEnvironment): Promise<DockerContextInfo[]> {
  const configDir = dockerConfigDir(environment)
  const current = environment.env.DOCKER_CONTEXT || (await readCurrentContext(configDir)) || 'default'
  const contexts: DockerContextInfo[] = [
    {
      name: 'default',
      description: 'The engine from DOCKER_HOST, or the platform default socket',
      host: environment.env.DOCKER_HOST || platformDefaultHost(environment.platform),
      current: current === 'default'
    }
  ]
  let entries: string[] = []
  try {
    entries = await readdir(path.join(configDir, 'contexts', 'meta'))
  } catch {
    return contexts
  }
  const found: DockerContextInfo[] = []
  for (const entry of entries) {
    try {
      const meta = (await readJson(path.join(configDir, 'contexts', 'meta', entry, 'meta.json'))) as ContextMeta
      if (!meta.Name || meta.Name === 'default') continue
      const endpoint = endpointFromMeta(configDir, meta.Name, meta)
      if (!endpoint) continue
      found.push({
        name: meta.Name,
        host: endpoint.host,
        current: current === meta.Name,
        ...(endpoint.description ? { description: endpoint.description } : {})
      })
    } catch {
      // A broken context folder is skipped, as the docker CLI lists the others.
    }
  }
  return [...contexts, ...found.sort((a, b) => a.name.localeCompare(b.name))]
}

async function readOptional(file: string): Promise<Buffer | undefined> {
  try {
    return await readFile(file)
  } catch {
    return undefined
  }
}

/** ssh logs in as the local user when the URL names none. */
function localUsername(env: Record<string, string | undefined>): string {
  return env.USER || env.LOGNAME || os.userInfo().username
}

interface TlsMaterial {
  verify: boolean
  dir?: string
}

/** Dockerode options for a host URL, the way the docker CLI reads DOCKER_HOST and context endpoints. */
export async function optionsForHost(
  host: string,
  endpoint: EngineEndpoint,
  tls: TlsMaterial,
  env: Record<string, string | undefined>,
  homeDir: string
): Promise<DockerOptions> {
  const scheme = host.split('://')[0]
  if (!host.includes('://')) throw new EngineResolutionError(`"${host}" is not a Docker host URL (expected unix://, tcp://, ssh:// or npipe://).`, endpoint)
  switch (scheme) {
    case 'unix':
      return { socketPath: host.slice('unix://'.length) }
    case 'npipe':
      return { socketPath: host.slice('npipe://'.length).replace(/\//g, '\\') }
    case 'tcp':
    case 'http':
    case 'https': {
      const url = new URL(host.replace(/^tcp:/, 'http:'))
      const useTls = scheme === 'https' || tls.verify || (tls.dir !== undefined && (await readOptional(path.join(tls.dir, 'cert.pem'))) !== undefined)
      const options: DockerOptions = {
        host: url.hostname,
        port: url.port ? Number(url.port) : useTls ? 2376 : 2375,
        protocol: useTls ? 'https' : 'http'
      }
      if (useTls && tls.dir) {
        const [ca, cert, key] = await Promise.all(['ca.pem', 'cert.pem', 'key.pem'].map((f) => readOptional(path.join(tls.dir!, f))))
        if (ca) options.ca = ca
        if (cert) options.cert = cert
        if (key) options.key = key
      }
      return options
    }
    case 'ssh': {
      const url = new URL(host)
      const username = url.username ? decodeURIComponent(url.username) : localUsername(env)
      return {
        protocol: 'ssh',
        // ssh://[::1]:2222 names an IPv6 address in brackets; the SSH client wants it bare.
        host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
        port: url.port ? Number(url.port) : 22,
        username,
        sshOptions: { authHandler: await sshAuthMethods(username, homeDir, env.SSH_AUTH_SOCK) }
      } as DockerOptions
    }
    default:
      throw new EngineResolutionError(`Unsupported Docker host scheme "${scheme}://" in ${host}.`, endpoint)
  }
}

async function candidateFromContext(environment: ResolveEnvironment, name: string, source: EndpointSource): Promise<EngineCandidate> {
  if (name === 'default') {
    const host = environment.env.DOCKER_HOST || platformDefaultHost(environment.platform)
    const endpoint: EngineEndpoint = { host, source, contextName: 'default' }
    return { endpoint, options: await optionsForHost(host, endpoint, tlsFromEnv(environment), environment.env, environment.homeDir) }
  }
  const configDir = dockerConfigDir(environment)
  const context = await readContext(configDir, name)
  if (!context) {
    throw new EngineResolutionError(
      `Docker context "${name}" was not found in ${path.join(configDir, 'contexts')}. List contexts with \`docker context ls\`.`,
      { host: '(unknown)', source, contextName: name }
    )
  }
  const endpoint: EngineEndpoint = { host: context.host, source, contextName: name }
  const options = await optionsForHost(context.host, endpoint, { verify: !context.skipTlsVerify, dir: context.tlsDir }, environment.env, environment.homeDir)
  if (options.protocol === 'https') endpoint.tls = true
  return { endpoint, options }
}

function tlsFromEnv(environment: ResolveEnvironment): TlsMaterial {
  const verify = Boolean(environment.env.DOCKER_TLS_VERIFY)
  const dir = environment.env.DOCKER_CERT_PATH || (verify ? dockerConfigDir(environment) : undefined)
  return dir === undefined ? { verify } : { verify, dir }
}

function runtimeDir(environment: ResolveEnvironment): string | undefined {
  if (environment.env.XDG_RUNTIME_DIR) return environment.env.XDG_RUNTIME_DIR
  return environment.uid !== undefined && environment.uid !== 0 ? `/run/user/${environment.uid}` : undefined
}

/** The platform default, then the sockets a Docker Desktop, rootless Docker or Podman install leaves. */
function defaultCandidates(environment: ResolveEnvironment): EngineCandidate[] {
  const hosts: { host: string; source: EndpointSource }[] = [{ host: platformDefaultHost(environment.platform), source: 'default' }]
  if (environment.platform === 'darwin') {
    hosts.push({ host: `unix://${path.join(environment.homeDir, '.docker', 'run', 'docker.sock')}`, source: 'default' })
  }
  const runDir = runtimeDir(environment)
  if (environment.platform !== 'win32') {
    if (runDir) {
      hosts.push({ host: `unix://${runDir}/docker.sock`, source: 'rootless' })
      hosts.push({ host: `unix://${runDir}/podman/podman.sock`, source: 'podman' })
    }
    hosts.push({ host: 'unix:///run/podman/podman.sock', source: 'podman' })
  } else {
    hosts.push({ host: 'npipe:////./pipe/podman-machine-default', source: 'podman' })
  }
  return hosts.map(({ host, source }) => ({
    endpoint: { host, source },
    options: host.startsWith('npipe://') ? { socketPath: host.slice('npipe://'.length).replace(/\//g, '\\') } : { socketPath: host.slice('unix://'.length) }
  }))
}

/**
 * The engines to try, in order, the way the docker CLI picks one: the context chosen in Slipway,
 * DOCKER_HOST, DOCKER_CONTEXT, the config's currentContext, then the platform default. Only the
 * platform default falls back to other well-known sockets (rootless Docker, Podman).
 */
export async function resolveEngineCandidates(environment: ResolveEnvironment): Promise<EngineCandidate[]> {
  const { env } = environment
  if (environment.chosenContext) return [await candidateFromContext(environment, environment.chosenContext, 'chosen')]
  if (env.DOCKER_HOST) {
    const endpoint: EngineEndpoint = { host: env.DOCKER_HOST, source: 'DOCKER_HOST' }
    const options = await optionsForHost(env.DOCKER_HOST, endpoint, tlsFromEnv(environment), env, environment.homeDir)
    if (options.protocol === 'https') endpoint.tls = true
    return [{ endpoint, options }]
  }
  if (env.DOCKER_CONTEXT && env.DOCKER_CONTEXT !== 'default') {
    return [await candidateFromContext(environment, env.DOCKER_CONTEXT, 'DOCKER_CONTEXT')]
  }
  const current = await readCurrentContext(dockerConfigDir(environment))
  if (current && current !== 'default') return [await candidateFromContext(environment, current, 'config')]
  return defaultCandidates(environment)
}
