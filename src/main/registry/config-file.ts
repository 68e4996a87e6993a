// ~/.docker/config.json as the docker CLI reads and writes it (cli/config/configfile): `auths` maps a registry
// key to `{ auth: base64("user:password") }` (or an `identitytoken`), `credsStore` names the default credential
// helper and `credHelpers` one per registry. Unlike the CLI, keys Slipway does not know are kept as they are,
// and the file keeps its mode (a new one is 0600, as the CLI's temp-file-and-rename makes it).
import { mkdir, readFile, realpath } from 'node:fs/promises'
import path from 'node:path'
import { AppError } from '../../shared/ipc/errors'
import { writeFileAtomic } from '../files/atomic'

export interface AuthEntry {
  /** base64 of `username:password`. */
  auth?: string
  identitytoken?: string
  registrytoken?: string
  email?: string
  [key: string]: unknown
}

export interface DockerConfigJson {
  auths?: Record<string, AuthEntry>
  credsStore?: string
  credHelpers?: Record<string, string>
  [key: string]: unknown
}

export interface DockerConfig {
  /** The config.json path (under DOCKER_CONFIG, or ~/.docker). */
  file: string
  /** False when there is no file yet (a first login makes it). */
  exists: boolean
  json: DockerConfigJson
}

export const configFileOf = (configDir: string): string => path.join(configDir, 'config.json')

/** Reads config.json; a missing file is an empty config, a malformed one an error saying which file. */
export async function readDockerConfig(configDir: string): Promise<DockerConfig> {
  const file = configFileOf(configDir)
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { file, exists: false, json: {} }
    throw new AppError('io-error', `Could not read ${file}: ${(error as Error).message}`)
  }
  if (text.trim() === '') return { file, exists: true, json: {} }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    throw new AppError('io-error', `${file} is not valid JSON (${(error as Error).message}). Fix or move the file; docker cannot read it either.`)
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new AppError('io-error', `${file} does not hold a JSON object. Fix or move the file.`)
  return { file, exists: true, json: json as DockerConfigJson }
}

/** True when the file configures any credentials (the CLI's ContainsAuth): then no default helper is looked for. */
export function containsAuth(json: DockerConfigJson): boolean {
  return Boolean(json.credsStore) || Object.keys(json.credHelpers ?? {}).length > 0 || Object.keys(json.auths ?? {}).length > 0
}

export function encodeAuth(username: string, password: string): string {
  return Buffer.from(`${username}:${password}`, 'utf8').toString('base64')
}

/** The username and password in an `auth` value, or null when it holds none (the CLI refuses such a file). */
export function decodeAuth(auth: string): { username: string; password: string } | null {
  const text = Buffer.from(auth, 'base64').toString('utf8')
  const colon = text.indexOf(':')
  if (colon <= 0) return null
  return { username: text.slice(0, colon), password: text.slice(colon + 1).replace(/\0+$/, '') }
}

/**
 * Reads the file again, applies `change` to its JSON and writes it atomically (temp file beside it, then
 * rename), through a symlink to its target as the CLI does. Reading right before writing keeps what another
 * program (a terminal `docker login`) wrote meanwhile.
 */
export async function updateDockerConfig(configDir: string, change: (json: DockerConfigJson) => void): Promise<DockerConfig> {
  const current = await readDockerConfig(configDir)
  change(current.json)
  await mkdir(configDir, { recursive: true, mode: 0o700 })
  const target = await realpath(current.file).catch(() => current.file)
  try {
    await writeFileAtomic(target, JSON.stringify(current.json, null, '\t'), current.exists ? {} : { mode: 0o600 })
  } catch (error) {
    throw new AppError('io-error', `Could not write ${current.file}: ${(error as Error).message}`)
  }
  return { ...current, exists: true }
}
