// Reads the typed arguments of one instruction from what BuildKit's parser
// read (syntax.ts): values come out as the build uses them, with quotes and
// escapes resolved (shell-words.ts) and variables left as written.
import { processWord, WordError } from './shell-words'
import type { SyntaxNode } from './syntax'
import { collapseShellWhitespace, splitTopLevelAnd } from './text'
import type {
  ArgsByKeyword,
  CommandArgs,
  CopyArgs,
  EscapeCharacter,
  ExposedPort,
  Flag,
  Keyword,
  PortProtocol,
  RunHeredoc
} from './types'

export type ArgsResult<K extends Keyword> =
  | { ok: true; args: ArgsByKeyword[K]; flags: Flag[] }
  | { ok: false; problem?: string; flags: Flag[] }

export interface InstructionSource {
  keyword: Keyword
  escapeChar: EscapeCharacter
  /** The instruction as BuildKit's parser reads it. */
  node: SyntaxNode
}

type Reader<K extends Keyword> = (src: InstructionSource, flags: Flag[]) => ArgsResult<K>

export function readInstructionArgs(src: InstructionSource): ArgsResult<Keyword> {
  const flags = src.node.flags.map(toFlag)
  if (src.node.error !== undefined) return { ok: false, problem: problemOf(src.keyword, src.node.error), flags }
  const reader = readers[src.keyword] as Reader<Keyword>
  try {
    return reader(src, flags)
  } catch (error) {
    if (error instanceof WordError) return { ok: false, problem: `The build cannot read this ${src.keyword}: ${error.message}`, flags }
    throw error
  }
}

function toFlag(word: string): Flag {
  const body = word.startsWith('--') ? word.slice(2) : word
  const eq = body.indexOf('=')
  return eq === -1 ? { name: body, value: null } : { name: body.slice(0, eq), value: body.slice(eq + 1) }
}

/** BuildKit's parse error, said for a person. */
function problemOf(keyword: Keyword, error: string): string {
  if (error.startsWith('The here-document')) return error
  if (/must have two arguments/.test(error)) return `${keyword} needs a name and a value; write ${keyword} name=value`
  if (/can't find = in/.test(error)) return `${keyword} mixes name=value pairs with a word that has no "="; write every item as name=value`
  if (/comprised of strings only/.test(error)) return `${keyword}'s JSON array may hold only strings in double quotes, e.g. ["a", "b"]`
  return `The build cannot read this ${keyword}: ${error}`
}

/** A word as the build uses it; throws WordError where the build fails (readInstructionArgs makes that the block's problem). */
function word(text: string, escapeChar: EscapeCharacter): string {
  return processWord(text, escapeChar)
}

const fail = (problem: string | undefined, flags: Flag[] = []) => ({ ok: false as const, problem, flags })

function flagValue(flags: Flag[], name: string): string | undefined {
  const flag = flags.find((f) => f.name === name)
  return flag ? (flag.value ?? '') : undefined
}

function otherFlags(flags: Flag[], known: readonly string[]): Flag[] | undefined {
  const rest = flags.filter((f) => !known.includes(f.name))
  return rest.length > 0 ? rest : undefined
}

/** Splits `registry/name:tag@digest` into its parts. */
export function splitImageReference(ref: string): { image: string; tag?: string; digest?: string } {
  let rest = ref
  let digest: string | undefined
  const at = rest.indexOf('@')
  if (at !== -1) {
    digest = rest.slice(at + 1)
    rest = rest.slice(0, at)
  }
  let tag: string | undefined
  const colon = rest.lastIndexOf(':')
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1)
    rest = rest.slice(0, colon)
  }
  return { image: rest, ...(tag !== undefined ? { tag } : {}), ...(digest !== undefined ? { digest } : {}) }
}

/** CMD, ENTRYPOINT and HEALTHCHECK CMD: exec form (JSON) or the shell command, whitespace outside quotes collapsed (the shell does not see it). */
function readCommand(node: SyntaxNode, args: string[]): CommandArgs | null {
  if (node.json) return { form: 'exec', args }
  const command = collapseShellWhitespace(args[0] ?? '')
  return command.length > 0 ? { form: 'shell', command } : null
}

const readFrom: Reader<'FROM'> = ({ node, escapeChar }, flags) => {
  const args = node.args
  const first = args[0]
  if (first === undefined) return fail('FROM needs a base image, e.g. FROM debian:bookworm-slim', flags)
  let stageName: string | undefined
  if (args.length === 3 && args[1]?.toUpperCase() === 'AS') stageName = args[2]
  else if (args.length !== 1) return fail('FROM takes an image and optionally "AS name"; remove the extra words', flags)
  const platform = flagValue(flags, 'platform')
  const extraFlags = otherFlags(flags, ['platform'])
  return {
    ok: true,
    flags,
    args: {
      ...splitImageReference(word(first, escapeChar)),
      ...(platform !== undefined ? { platform } : {}),
      ...(stageName !== undefined ? { stageName } : {}),
      ...(extraFlags ? { extraFlags } : {})
    }
  }
}

const readRun: Reader<'RUN'> = ({ node }, flags) => {
  const common = runFlags(flags)
  if (node.heredocs.length > 0) return readRunHeredoc(node, flags, common)
  if (node.args.length === 0 && !node.json) return fail('RUN needs a command, e.g. RUN apt-get update', flags)
  if (node.json) return { ok: true, flags, args: { form: 'exec', commands: [node.args.join(' ')], args: node.args, ...common } }
  return { ok: true, flags, args: { form: 'shell', commands: splitTopLevelAnd(node.args[0] ?? ''), ...common } }
}

function runFlags(flags: Flag[]): Omit<ArgsByKeyword['RUN'], 'form' | 'commands'> {
  const mounts = flags.filter((f) => f.name === 'mount').map((f) => f.value ?? '')
  const network = flagValue(flags, 'network')
  const security = flagValue(flags, 'security')
  const extraFlags = otherFlags(flags, ['mount', 'network', 'security'])
  return {
    ...(mounts.length > 0 ? { mounts } : {}),
    ...(network !== undefined ? { network } : {}),
    ...(security !== undefined ? { security } : {}),
    ...(extraFlags ? { extraFlags } : {})
  }
}

/** One here-document: its lines are the script. Several are kept as text (the editor cannot show them apart). */
function readRunHeredoc(node: SyntaxNode, flags: Flag[], common: ReturnType<typeof runFlags>): ArgsResult<'RUN'> {
  const doc = node.heredocs[0]
  if (!doc || node.heredocs.length > 1) return fail(undefined, flags)
  const commands = doc.content.length === 0 ? [] : doc.content.replace(/\r?\n$/, '').split(/\r?\n/)
  const heredoc: RunHeredoc = { header: node.rest, delimiter: doc.name }
  if (doc.fd !== 0) heredoc.fd = doc.fd
  if (doc.chomp) heredoc.chomp = true
  if (!doc.expand) heredoc.expand = false
  return { ok: true, flags, args: { form: 'heredoc', commands, heredoc, ...common } }
}

function readCopy<K extends 'COPY' | 'ADD'>(keyword: K): Reader<K> {
  return ({ node, escapeChar }, flags) => {
    // Here-document sources are kept as text (the editor's fields cannot hold their contents).
    if (node.heredocs.length > 0) return fail(undefined, flags)
    const paths = node.args.map((a) => word(a, escapeChar))
    const destination = paths[paths.length - 1]
    if (paths.length < 2 || destination === undefined) {
      return fail(`${keyword} needs at least one source and a destination, e.g. ${keyword} app.py /app/`, flags)
    }
    const link = flagValue(flags, 'link')
    const known = ['from', 'chown', 'chmod', 'link', ...(keyword === 'ADD' ? ['checksum'] : [])]
    const args: CopyArgs = { sources: paths.slice(0, -1), destination }
    const from = flagValue(flags, 'from')
    const chown = flagValue(flags, 'chown')
    const chmod = flagValue(flags, 'chmod')
    const checksum = keyword === 'ADD' ? flagValue(flags, 'checksum') : undefined
    if (from !== undefined) args.from = from
    if (chown !== undefined) args.chown = chown
    if (chmod !== undefined) args.chmod = chmod
    if (link !== undefined) args.link = link.toLowerCase() !== 'false'
    if (checksum !== undefined) args.checksum = checksum
    const extraFlags = otherFlags(flags, known)
    if (extraFlags) args.extraFlags = extraFlags
    return { ok: true, flags, args: args as ArgsByKeyword[K] }
  }
}

function readCommandInstruction<K extends 'CMD' | 'ENTRYPOINT'>(keyword: K): Reader<K> {
  return ({ node }, flags) => {
    const command = readCommand(node, node.args)
    if (!command) return fail(`${keyword} needs a command, e.g. ${keyword} ["python3", "app.py"]`, flags)
    return { ok: true, flags, args: command as ArgsByKeyword[K] }
  }
}

const PROTOCOLS: readonly PortProtocol[] = ['tcp', 'udp', 'sctp']

const readExpose: Reader<'EXPOSE'> = ({ node, escapeChar }, flags) => {
  if (node.args.length === 0) return fail('EXPOSE needs a port, e.g. EXPOSE 8080', flags)
  const ports: ExposedPort[] = []
  for (const raw of node.args) {
    const value = word(raw, escapeChar)
    const slash = value.lastIndexOf('/')
    const portText = slash === -1 ? value : value.slice(0, slash)
    const protocol = (slash === -1 ? 'tcp' : value.slice(slash + 1).toLowerCase()) as PortProtocol
    if (!PROTOCOLS.includes(protocol)) {
      return fail(`"${value}" has an unknown protocol; use tcp or udp, e.g. EXPOSE 53/udp`, flags)
    }
    ports.push({ port: /^\d+$/.test(portText) ? Number(portText) : portText, protocol })
  }
  return { ok: true, flags, args: { ports } }
}

function readPairs<K extends 'ENV' | 'LABEL'>(keyword: K): Reader<K> {
  return ({ node, escapeChar }, flags) => {
    const args = node.args
    if (args.length === 0) return fail(`${keyword} needs a key and a value, e.g. ${keyword} key=value`, flags)
    const pairs = []
    for (let i = 0; i < args.length; i += 3) {
      const key = word(args[i] as string, escapeChar)
      if (key.length === 0) return fail(`${keyword} has an item without a name; write name=value`, flags)
      pairs.push({ key, value: word(args[i + 1] as string, escapeChar) })
    }
    return { ok: true, flags, args: { pairs } as ArgsByKeyword[K] }
  }
}

const readArg: Reader<'ARG'> = ({ node, escapeChar }, flags) => {
  const declarations = []
  for (const item of node.args) {
    const eq = item.indexOf('=')
    if (eq === 0) return fail('ARG has an item without a name; write NAME or NAME=default', flags)
    declarations.push(
      eq === -1 ? { name: word(item, escapeChar) } : { name: word(item.slice(0, eq), escapeChar), defaultValue: word(item.slice(eq + 1), escapeChar) }
    )
  }
  const [first, ...more] = declarations
  if (!first) return fail('ARG needs a name, e.g. ARG VERSION=1.0', flags)
  return { ok: true, flags, args: more.length > 0 ? { ...first, more } : first }
}

/** WORKDIR, USER, STOPSIGNAL: the whole argument text is one word to the build. */
function single(node: SyntaxNode, escapeChar: EscapeCharacter): string | null {
  const raw = node.args[0]
  return raw === undefined ? null : word(raw, escapeChar)
}

const readWorkdir: Reader<'WORKDIR'> = ({ node, escapeChar }, flags) => {
  const path = single(node, escapeChar)
  return path !== null ? { ok: true, flags, args: { path } } : fail('WORKDIR needs a path, e.g. WORKDIR /app', flags)
}

const readUser: Reader<'USER'> = ({ node, escapeChar }, flags) => {
  const value = single(node, escapeChar)
  if (value === null) return fail('USER needs a user name or id, e.g. USER app', flags)
  const colon = value.indexOf(':')
  const args = colon === -1 ? { user: value } : { user: value.slice(0, colon), group: value.slice(colon + 1) }
  return { ok: true, flags, args }
}

const readVolume: Reader<'VOLUME'> = ({ node, escapeChar }, flags) => {
  const paths = node.args.map((a) => word(a, escapeChar).trim())
  if (paths.length === 0) return fail('VOLUME needs a path, e.g. VOLUME /data', flags)
  if (paths.some((p) => p.length === 0)) return fail('VOLUME has an empty path; remove it', flags)
  return { ok: true, flags, args: { paths } }
}

const readHealthcheck: Reader<'HEALTHCHECK'> = ({ node }, flags) => {
  const sub = node.args[0]?.toUpperCase()
  if (sub === 'NONE') {
    if (node.args.length > 1) return fail('HEALTHCHECK NONE takes nothing after it', flags)
    return { ok: true, flags, args: { none: true } }
  }
  if (sub !== 'CMD') return fail('HEALTHCHECK needs CMD followed by a command, or NONE', flags)
  const command = readCommand(node, node.args.slice(1))
  if (!command) return fail('HEALTHCHECK CMD needs a command, e.g. HEALTHCHECK CMD curl -f http://localhost/', flags)
  const retries = flagValue(flags, 'retries')
  const optional = {
    interval: flagValue(flags, 'interval'),
    timeout: flagValue(flags, 'timeout'),
    startPeriod: flagValue(flags, 'start-period'),
    startInterval: flagValue(flags, 'start-interval'),
    retries: retries !== undefined && /^\d+$/.test(retries) ? Number(retries) : retries
  }
  const args: ArgsByKeyword['HEALTHCHECK'] = { none: false, command }
  for (const [key, value] of Object.entries(optional)) {
    if (value !== undefined) Object.assign(args, { [key]: value })
  }
  return { ok: true, flags, args }
}

const readShell: Reader<'SHELL'> = ({ node }, flags) =>
  node.json && node.args.length > 0
    ? { ok: true, flags, args: { args: node.args } }
    : fail('SHELL must be a JSON array, e.g. SHELL ["/bin/bash", "-o", "pipefail", "-c"]', flags)

const readStopsignal: Reader<'STOPSIGNAL'> = ({ node, escapeChar }, flags) => {
  const signal = single(node, escapeChar)
  return signal !== null ? { ok: true, flags, args: { signal } } : fail('STOPSIGNAL needs a signal, e.g. STOPSIGNAL SIGTERM', flags)
}

const readOnbuild: Reader<'ONBUILD'> = ({ node }, flags) =>
  node.rest
    ? { ok: true, flags, args: { trigger: collapseShellWhitespace(node.rest) } }
    : fail('ONBUILD needs an instruction to run later, e.g. ONBUILD COPY . /app', flags)

const readMaintainer: Reader<'MAINTAINER'> = ({ node }, flags) =>
  node.args[0] !== undefined ? { ok: true, flags, args: { name: node.args[0] } } : fail('MAINTAINER needs a name', flags)

const readers: { [K in Keyword]: Reader<K> } = {
  FROM: readFrom,
  RUN: readRun,
  CMD: readCommandInstruction('CMD'),
  LABEL: readPairs('LABEL'),
  MAINTAINER: readMaintainer,
  EXPOSE: readExpose,
  ENV: readPairs('ENV'),
  ADD: readCopy('ADD'),
  COPY: readCopy('COPY'),
  ENTRYPOINT: readCommandInstruction('ENTRYPOINT'),
  VOLUME: readVolume,
  USER: readUser,
  WORKDIR: readWorkdir,
  ARG: readArg,
  ONBUILD: readOnbuild,
  STOPSIGNAL: readStopsignal,
  HEALTHCHECK: readHealthcheck,
  SHELL: readShell
}
