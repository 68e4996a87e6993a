// Where and how registry credentials are kept, decided as the docker CLI decides it
// (configfile.GetCredentialsStore): a registry's own helper in `credHelpers`, else the `credsStore` helper,
// else, when config.json configures no credentials at all, the platform's default helper if it is installed
// (DetectDefaultStore: `pass` on Linux when `pass` is on PATH, else `secretservice`), else the file itself.
// With a helper, the file keeps only an empty `auths` entry for the registry, and the secret stays in the helper.
import { AppError } from '../../shared/ipc/errors'
import type { CredentialSource, RegistryLogin } from '../../shared/ipc/channels/registries'
import { DOCKER_HUB_KEY } from '../../shared/docker/registry-host'
import { dockerConfigDir } from '../docker/engine-resolution'
import { containsAuth, decodeAuth, encodeAuth, readDockerConfig, updateDockerConfig, type AuthEntry, type DockerConfigJson } from './config-file'
import { findHelper, findOnPath, helperErase, helperGet, helperList, helperStore, type HelperEnvironment } from './credential-helper'

/** Credentials for one registry, for the length of one request. */
export interface RegistryAuth {
  username: string
  password?: string
  identityToken?: string
}

export interface CredentialsEnvironment {
  env: Record<string, string | undefined>
  homeDir: string
  platform: NodeJS.Platform
  /** How long a helper may take to answer. */
  helperTimeoutMs?: number
}

/** The username a helper stores an identity token under. */
const TOKEN_USERNAME = '<token>'

/** `https://host/v1/` → `host`: legacy keys in config.json are matched by their host, as the CLI does. */
function hostnameOf(key: string): string {
  const bare = key.replace(/^https?:\/\//, '')
  return bare.split('/')[0] ?? bare
}

function platformDefaultHelper(platform: NodeJS.Platform, env: Record<string, string | undefined>): string | null {
  if (platform === 'darwin') return 'osxkeychain'
  if (platform === 'win32') return 'wincred'
  if (platform === 'linux') return findOnPath('pass', env) ? 'pass' : 'secretservice'
  return null
}

export class DockerCredentials {
  constructor(private readonly environment: CredentialsEnvironment) {}

  get configDir(): string {
    return dockerConfigDir({ ...this.environment })
  }

  private get helperOptions(): HelperEnvironment {
    return { env: this.environment.env, ...(this.environment.helperTimeoutMs ? { timeoutMs: this.environment.helperTimeoutMs } : {}) }
  }

  /** Which store holds (or would hold) the credentials for `key`, given the config as it is now. */
  sourceFor(key: string, json: DockerConfigJson): CredentialSource {
    const own = json.credHelpers?.[key]
    if (typeof own === 'string' && own !== '') return { kind: 'helper', helper: own, from: 'credHelpers' }
    if (typeof json.credsStore === 'string' && json.credsStore !== '') return { kind: 'helper', helper: json.credsStore, from: 'credsStore' }
    if (!containsAuth(json)) {
      const platformDefault = platformDefaultHelper(this.environment.platform, this.environment.env)
      if (platformDefault && findHelper(platformDefault, this.environment.env)) return { kind: 'helper', helper: platformDefault, from: 'detected' }
    }
    return { kind: 'file' }
  }

  /** The stored credentials for a registry key, or null (anonymous). */
  async get(key: string): Promise<RegistryAuth | null> {
    const config = await readDockerConfig(this.configDir)
    const source = this.sourceFor(key, config.json)
    if (source.kind === 'helper') {
      const found = await helperGet(source.helper, key, this.helperOptions)
      if (!found) return null
      return found.username === TOKEN_USERNAME ? { username: '', identityToken: found.secret } : { username: found.username, password: found.secret }
    }
    const auths = config.json.auths ?? {}
    const entry = auths[key] ?? Object.entries(auths).find(([k]) => hostnameOf(k) === key)?.[1]
    return entry ? fromFileEntry(entry, config.file) : null
  }

  /**
   * Stores credentials the registry has accepted. With a helper the secret goes only to the helper; a
   * detected default helper is written into config.json as `credsStore`, as the CLI writes it.
   */
  async store(key: string, auth: RegistryAuth): Promise<{ source: CredentialSource; file: string }> {
    const config = await readDockerConfig(this.configDir)
    const source = this.sourceFor(key, config.json)
    if (source.kind === 'helper') {
      const secret = auth.identityToken ?? auth.password ?? ''
      await helperStore(source.helper, key, { username: auth.identityToken ? TOKEN_USERNAME : auth.username, secret }, this.helperOptions)
      await updateDockerConfig(this.configDir, (json) => {
        if (source.from === 'detected') json.credsStore = source.helper
        json.auths = { ...json.auths, [key]: keepNonSecret(json.auths?.[key]) }
      })
      return { source, file: config.file }
    }
    await updateDockerConfig(this.configDir, (json) => {
      const entry: AuthEntry = keepNonSecret(json.auths?.[key])
      if (auth.identityToken) entry.identitytoken = auth.identityToken
      else entry.auth = encodeAuth(auth.username, auth.password ?? '')
      json.auths = { ...json.auths, [key]: entry }
    })
    return { source, file: config.file }
  }

  /** Forgets a registry's credentials wherever they are (`docker logout`). */
  async erase(key: string): Promise<CredentialSource> {
    const config = await readDockerConfig(this.configDir)
    const source = this.sourceFor(key, config.json)
    if (source.kind === 'helper') await helperErase(source.helper, key, this.helperOptions)
    const inFile = Object.keys(config.json.auths ?? {}).filter((k) => k === key || hostnameOf(k) === key)
    if (inFile.length > 0) {
      await updateDockerConfig(this.configDir, (json) => {
        for (const k of inFile) delete json.auths?.[k]
      })
    }
    return source
  }

  /** Every registry with credentials, and where they are; a helper that fails is reported, not thrown. */
  async list(): Promise<{ file: string; logins: RegistryLogin[]; problems: string[] }> {
    const config = await readDockerConfig(this.configDir)
    const logins = new Map<string, RegistryLogin>()
    const problems: string[] = []
    const defaultSource = this.sourceFor('', config.json)
    if (defaultSource.kind === 'file') {
      for (const [key, entry] of Object.entries(config.json.auths ?? {})) {
        const found = safeFromFileEntry(entry)
        if (found) logins.set(key, { registry: key, username: found.username, source: defaultSource })
      }
    } else {
      try {
        for (const [key, username] of Object.entries(await helperList(defaultSource.helper, this.helperOptions))) {
          logins.set(key, { registry: key, username: username === TOKEN_USERNAME ? '(identity token)' : username, source: defaultSource })
        }
      } catch (error) {
        problems.push((error as Error).message)
      }
    }
    for (const [key, helper] of Object.entries(config.json.credHelpers ?? {})) {
      const source = this.sourceFor(key, config.json)
      try {
        const username = (await helperList(helper, this.helperOptions))[key]
        if (username !== undefined) logins.set(key, { registry: key, username: username === TOKEN_USERNAME ? '(identity token)' : username, source })
        else logins.delete(key)
      } catch (error) {
        problems.push((error as Error).message)
      }
    }
    const sorted = [...logins.values()].sort((a, b) => (a.registry === DOCKER_HUB_KEY ? -1 : b.registry === DOCKER_HUB_KEY ? 1 : a.registry.localeCompare(b.registry)))
    return { file: config.file, logins: sorted, problems }
  }
}

/** An auths entry without its secrets (what stays in the file beside a helper). */
function keepNonSecret(entry: AuthEntry | undefined): AuthEntry {
  const { auth: _auth, identitytoken: _token, registrytoken: _registryToken, password: _password, username: _username, ...rest } = entry ?? {}
  return rest
}

function safeFromFileEntry(entry: AuthEntry): { username: string } | null {
  if (typeof entry.identitytoken === 'string' && entry.identitytoken) return { username: '(identity token)' }
  if (typeof entry.auth !== 'string' || entry.auth === '') return null
  const decoded = decodeAuth(entry.auth)
  return decoded ? { username: decoded.username } : null
}

function fromFileEntry(entry: AuthEntry, file: string): RegistryAuth | null {
  if (typeof entry.identitytoken === 'string' && entry.identitytoken) {
    const decoded = typeof entry.auth === 'string' && entry.auth ? decodeAuth(entry.auth) : null
    return { username: decoded?.username ?? '', identityToken: entry.identitytoken }
  }
  if (typeof entry.auth !== 'string' || entry.auth === '') return null
  const decoded = decodeAuth(entry.auth)
  if (!decoded) throw new AppError('io-error', `An "auth" value in ${file} is not base64 of "username:password". Log in again, or fix the file.`)
  return decoded
}
