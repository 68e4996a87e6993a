import { formatPortMapping, type PortMapping } from './ports'
import { SECRET_MASK } from './secrets'

export const restartPolicies = ['no', 'always', 'unless-stopped', 'on-failure'] as const
export type RestartPolicy = (typeof restartPolicies)[number]

export interface EnvVar {
  key: string
  value: string
  /** Masked on screen and in the shown command; never stored by Slipway. */
  secret?: boolean
}

/** A bind mount (host folder) or a named volume, mounted at `target` in the container. */
export interface MountSpec {
  type: 'bind' | 'volume'
  /** Host path for a bind mount, volume name for a volume. */
  source: string
  target: string
  readOnly: boolean
}

/** Everything the run form holds: what `docker run` would be given. */
export interface RunOptions {
  image: string
  /** '' lets Docker pick a name. */
  name: string
  ports: PortMapping[]
  /** -P: every exposed port on a random host port. */
  publishAll: boolean
  env: EnvVar[]
  mounts: MountSpec[]
  /** null keeps the image's CMD. */
  command: string[] | null
  /** null keeps the image's ENTRYPOINT; [] clears it (`--entrypoint ""`). */
  entrypoint: string[] | null
  /** '' keeps the image's WORKDIR. */
  workingDir: string
  /** '' keeps the image's USER. */
  user: string
  restart: RestartPolicy
  /** --rm */
  autoRemove: boolean
  /** '' for the default bridge network. */
  network: string
  labels: EnvVar[]
}

export function emptyRunOptions(image: string): RunOptions {
  return {
    image,
    name: '',
    ports: [],
    publishAll: false,
    env: [],
    mounts: [],
    command: null,
    entrypoint: null,
    workingDir: '',
    user: '',
    restart: 'no',
    autoRemove: false,
    network: '',
    labels: []
  }
}

/** Quotes one word for a POSIX shell; plain words stay as they are. */
export function quoteShellArg(word: string): string {
  if (word === '') return "''"
  if (/^[A-Za-z0-9_\-+=.,/:@%^]+$/.test(word)) return word
  return `'${word.replace(/'/g, `'\\''`)}'`
}

/**
 * Splits a command line into words the way a POSIX shell does for quoting (single quotes, double quotes,
 * backslashes), without expansions. Returns an error for an unterminated quote.
 */
export function splitShellWords(text: string): { ok: true; words: string[] } | { ok: false; error: string } {
  const words: string[] = []
  let current = ''
  let inWord = false
  let i = 0
  while (i < text.length) {
    const c = text[i]!
    if (c === "'") {
      const end = text.indexOf("'", i + 1)
      if (end < 0) return { ok: false, error: 'A single quote (\') is not closed.' }
      current += text.slice(i + 1, end)
      inWord = true
      i = end + 1
    } else if (c === '"') {
      i++
      let closed = false
      while (i < text.length) {
        const d = text[i]!
        if (d === '"') {
          closed = true
          i++
          break
        }
        if (d === '\\' && i + 1 < text.length && '"\\$`\n'.includes(text[i + 1]!)) {
          if (text[i + 1] !== '\n') current += text[i + 1]
          i += 2
          continue
        }
        current += d
        i++
      }
      if (!closed) return { ok: false, error: 'A double quote (") is not closed.' }
      inWord = true
    } else if (c === '\\') {
      if (i + 1 < text.length) {
        if (text[i + 1] !== '\n') {
          current += text[i + 1]
          inWord = true
        }
        i += 2
      } else {
        i++
      }
    } else if (/\s/.test(c)) {
      if (inWord) words.push(current)
      current = ''
      inWord = false
      i++
    } else {
      current += c
      inWord = true
      i++
    }
  }
  if (inWord) words.push(current)
  return { ok: true, words }
}

export function joinShellWords(words: readonly string[]): string {
  return words.map(quoteShellArg).join(' ')
}

function mountArg(mount: MountSpec): string {
  return `${mount.source}:${mount.target}${mount.readOnly ? ':ro' : ''}`
}

/** A `NAME=value` word whose value is secret: shown as `NAME=****` unless revealed. */
export interface SecretWord {
  name: string
  value: string
}
export type CommandWord = string | SecretWord

/** Which secret values a shown command spells out: none (the default), the named ones, or all. */
export interface RevealOptions {
  reveal?: ReadonlySet<string> | 'all'
}

/** The real words: secret values spelled out (what docker is given). */
export function plainWords(words: readonly CommandWord[]): string[] {
  return words.map((word) => (typeof word === 'string' ? word : `${word.name}=${word.value}`))
}

/**
 * A command line for a person to read or copy: shell-quoted, secret values masked (`NAME=****`, left
 * unquoted so the mask reads as one) unless revealed.
 */
export function renderCommandLine(words: readonly CommandWord[], { reveal }: RevealOptions = {}): string {
  return words
    .map((word) => {
      if (typeof word === 'string') return quoteShellArg(word)
      if (reveal === 'all' || reveal?.has(word.name)) return quoteShellArg(`${word.name}=${word.value}`)
      return `${quoteShellArg(word.name)}=${SECRET_MASK}`
    })
    .join(' ')
}

/** The words after `docker` (run, the options, the image and the command), secret env values marked. */
export function runCommandParts(options: RunOptions): CommandWord[] {
  const words: CommandWord[] = ['run', '-d']
  if (options.name) words.push('--name', options.name)
  for (const port of options.ports) words.push('-p', formatPortMapping(port))
  if (options.publishAll) words.push('-P')
  for (const env of options.env) words.push('-e', env.secret ? { name: env.key, value: env.value } : `${env.key}=${env.value}`)
  for (const mount of options.mounts) words.push('-v', mountArg(mount))
  if (options.workingDir) words.push('-w', options.workingDir)
  if (options.user) words.push('-u', options.user)
  if (options.restart !== 'no') words.push('--restart', options.restart)
  if (options.autoRemove) words.push('--rm')
  if (options.network) words.push('--network', options.network)
  for (const label of options.labels) words.push('--label', `${label.key}=${label.value}`)
  const entrypoint = options.entrypoint
  if (entrypoint !== null) words.push('--entrypoint', entrypoint[0] ?? '')
  words.push(options.image)
  // `--entrypoint` takes one word; the rest of a longer entrypoint goes before the command, as docker runs them.
  if (entrypoint && entrypoint.length > 1) words.push(...entrypoint.slice(1))
  if (options.command) words.push(...options.command)
  return words
}

/** The words after `docker`, every value spelled out. */
export function runCommandWords(options: RunOptions): string[] {
  return plainWords(runCommandParts(options))
}

/** The equivalent `docker run …` command line, shell-quoted, with secret env values masked unless revealed. */
export function renderRunCommand(options: RunOptions, reveal: RevealOptions = {}): string {
  return `docker ${renderCommandLine(runCommandParts(options), reveal)}`
}
