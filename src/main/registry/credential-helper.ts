// Runs a docker credential helper (`docker-credential-<name>`) with its protocol, as the docker CLI does
// (docker-credential-helpers' client): the action is the only argument; `store` reads
// {"ServerURL","Username","Secret"} as JSON on stdin, `get` and `erase` read the server URL, `list` reads
// nothing useful; `get` prints the credentials as JSON, `list` a {serverURL: username} map. On failure a
// helper exits non-zero with its message on stdout ("credentials not found in native keychain" for none).
import { spawn } from 'node:child_process'
import { accessSync, constants, statSync } from 'node:fs'
import path from 'node:path'
import { AppError } from '../../shared/ipc/errors'

export const HELPER_PREFIX = 'docker-credential-'
const NOT_FOUND_MESSAGE = 'credentials not found in native keychain'
export const DEFAULT_HELPER_TIMEOUT_MS = 15_000

export interface HelperCredentials {
  username: string
  /** A password, or an identity token when username is `<token>`. */
  secret: string
}

export interface HelperEnvironment {
  env: Record<string, string | undefined>
  timeoutMs?: number
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/

/** An executable file named `program` in one of PATH's folders, or null. */
export function findOnPath(program: string, env: Record<string, string | undefined>): string | null {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue
    const file = path.join(dir, program)
    try {
      if (statSync(file).isFile()) {
        accessSync(file, constants.X_OK)
        return file
      }
    } catch {
      // not here
    }
  }
  return null
}

/** The helper's executable on PATH, or null. */
export function findHelper(name: string, env: Record<string, string | undefined>): string | null {
  return NAME.test(name) ? findOnPath(HELPER_PREFIX + name, env) : null
}

type Action = 'get' | 'store' | 'erase' | 'list'

interface Outcome {
  code: number | null
  stdout: string
}

function missing(name: string): AppError {
  if (!NAME.test(name)) return new AppError('invalid-input', `The credential helper name "${name}" in config.json is not a program name: fix "credsStore" or "credHelpers" there.`)
  return new AppError(
    'not-found',
    `The credential helper ${HELPER_PREFIX}${name} is not installed (config.json names "${name}", but no ${HELPER_PREFIX}${name} is on PATH). Install it, or remove "${name}" from "credsStore"/"credHelpers" in config.json.`
  )
}

async function run(name: string, action: Action, input: string, options: HelperEnvironment): Promise<Outcome> {
  const program = findHelper(name, options.env)
  if (!program) throw missing(name)
  const timeoutMs = options.timeoutMs ?? DEFAULT_HELPER_TIMEOUT_MS
  return new Promise<Outcome>((resolve, reject) => {
    const child = spawn(program, [action], { env: options.env as NodeJS.ProcessEnv, stdio: ['pipe', 'pipe', 'ignore'] })
    const chunks: Buffer[] = []
    let settled = false
    const timer = setTimeout(() => {
      settled = true
      child.kill('SIGKILL')
      reject(
        new AppError(
          'io-error',
          `The credential helper ${HELPER_PREFIX}${name} did not answer "${action}" within ${Math.round(timeoutMs / 1000)} s and was stopped. It may be waiting for a passphrase or an unlock prompt: unlock it in a terminal (e.g. run "echo ${'<registry>'} | ${HELPER_PREFIX}${name} get"), then try again.`
        )
      )
    }, timeoutMs)
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk))
    child.once('error', (error) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      reject(new AppError('io-error', `Could not run ${program}: ${error.message}`))
    })
    child.once('close', (code) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      resolve({ code, stdout: Buffer.concat(chunks).toString('utf8') })
    })
    child.stdin.on('error', () => undefined)
    child.stdin.end(input)
  })
}

function failed(name: string, action: Action, outcome: Outcome): AppError {
  const said = outcome.stdout.trim() || `exit status ${outcome.code}`
  const verb = { get: 'reading', store: 'saving', erase: 'erasing', list: 'listing' }[action]
  return new AppError('io-error', `The credential helper ${HELPER_PREFIX}${name} failed ${verb} credentials: ${said}`)
}

function garbage(name: string, action: Action): AppError {
  return new AppError(
    'io-error',
    `The credential helper ${HELPER_PREFIX}${name} answered "${action}" with something that is not the JSON of the credential helper protocol. Check that it is a docker credential helper (try "${HELPER_PREFIX}${name} list" in a terminal).`
  )
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}

/** The credentials for `serverUrl`, or null when the helper has none. */
export async function helperGet(name: string, serverUrl: string, options: HelperEnvironment): Promise<HelperCredentials | null> {
  const outcome = await run(name, 'get', serverUrl, options)
  if (outcome.code !== 0) {
    if (outcome.stdout.trim() === NOT_FOUND_MESSAGE) return null
    throw failed(name, 'get', outcome)
  }
  const json = parseJson(outcome.stdout) as { Username?: unknown; Secret?: unknown } | undefined
  if (typeof json !== 'object' || json === null || typeof json.Username !== 'string' || typeof json.Secret !== 'string') throw garbage(name, 'get')
  if (json.Username === '' && json.Secret === '') return null
  return { username: json.Username, secret: json.Secret }
}

export async function helperStore(name: string, serverUrl: string, credentials: HelperCredentials, options: HelperEnvironment): Promise<void> {
  const input = JSON.stringify({ ServerURL: serverUrl, Username: credentials.username, Secret: credentials.secret })
  const outcome = await run(name, 'store', input, options)
  if (outcome.code !== 0) throw failed(name, 'store', outcome)
}

/** Erases the credentials for `serverUrl`; none stored is not an error. */
export async function helperErase(name: string, serverUrl: string, options: HelperEnvironment): Promise<void> {
  const outcome = await run(name, 'erase', serverUrl, options)
  if (outcome.code !== 0 && outcome.stdout.trim() !== NOT_FOUND_MESSAGE) throw failed(name, 'erase', outcome)
}

/** Server URL → username of every credential the helper holds. */
export async function helperList(name: string, options: HelperEnvironment): Promise<Record<string, string>> {
  const outcome = await run(name, 'list', 'unused', options)
  if (outcome.code !== 0) throw failed(name, 'list', outcome)
  const json = parseJson(outcome.stdout)
  if (typeof json !== 'object' || json === null || Array.isArray(json) || Object.values(json).some((v) => typeof v !== 'string')) throw garbage(name, 'list')
  return json as Record<string, string>
}
