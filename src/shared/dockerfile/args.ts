// Reads the typed arguments of one instruction from its text.
import type { Instruction, PropertyInstruction } from 'dockerfile-ast'
import {
  collapseShellWhitespace,
  joinContinuations,
  parseJsonArray,
  splitTopLevelAnd,
  splitWords,
  takeFlags
} from './text'
import type {
  ArgsByKeyword,
  CommandArgs,
  CopyArgs,
  EscapeCharacter,
  ExposedPort,
  Flag,
  Keyword,
  PortProtocol
} from './types'

export type ArgsResult<K extends Keyword> =
  | { ok: true; args: ArgsByKeyword[K]; flags: Flag[] }
  | { ok: false; problem?: string; flags: Flag[] }

export interface InstructionSource {
  keyword: Keyword
  /** Everything after the keyword, up to the end of the instruction (physical text). */
  argumentText: string
  escapeChar: EscapeCharacter
  /** The dockerfile-ast node, for the parts it reads best (properties, heredocs). */
  node: Instruction
}

type Reader<K extends Keyword> = (src: InstructionSource, logical: string) => ArgsResult<K>

export function readInstructionArgs(src: InstructionSource): ArgsResult<Keyword> {
  const logical = joinContinuations(src.argumentText, src.escapeChar).trim()
  const reader = readers[src.keyword] as Reader<Keyword>
  return reader(src, logical)
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

function readCommand(text: string): CommandArgs | null {
  const json = parseJsonArray(text)
  if (json) return { form: 'exec', args: json }
  const command = collapseShellWhitespace(text)
  return command.length > 0 ? { form: 'shell', command } : null
}

const readFrom: Reader<'FROM'> = (src, logical) => {
  const { flags, rest } = takeFlags(logical, src.escapeChar)
  const words = splitWords(rest, src.escapeChar)
  const first = words[0]
  if (!first) return fail('FROM needs a base image, e.g. FROM debian:bookworm-slim', flags)
  let stageName: string | undefined
  if (words.length === 3 && words[1]?.value.toUpperCase() === 'AS') stageName = words[2]?.value
  else if (words.length !== 1) return fail('FROM takes an image and optionally "AS name"; remove the extra words', flags)
  const platform = flagValue(flags, 'platform')
  const extraFlags = otherFlags(flags, ['platform'])
  return {
    ok: true,
    flags,
    args: {
      ...splitImageReference(first.value),
      ...(platform !== undefined ? { platform } : {}),
      ...(stageName !== undefined ? { stageName } : {}),
      ...(extraFlags ? { extraFlags } : {})
    }
  }
}

function heredocsOf(node: Instruction): ReturnType<Instruction['getHeredocs']> {
  // getHeredocs is protected on the base class but public on RUN/COPY/ADD.
  const withHeredocs = node as unknown as { getHeredocs?: () => ReturnType<Instruction['getHeredocs']> }
  return typeof withHeredocs.getHeredocs === 'function' ? withHeredocs.getHeredocs() : []
}

const readRun: Reader<'RUN'> = (src, logical) => {
  const heredocs = src.argumentText.includes('<<') ? heredocsOf(src.node) : []
  if (heredocs.length > 0) return readRunHeredoc(src, heredocs)
  const { flags, rest } = takeFlags(logical, src.escapeChar)
  const common = runFlags(flags)
  if (rest.length === 0) return fail('RUN needs a command, e.g. RUN apt-get update', flags)
  const json = parseJsonArray(rest)
  if (json) return { ok: true, flags, args: { form: 'exec', commands: [json.join(' ')], args: json, ...common } }
  return { ok: true, flags, args: { form: 'shell', commands: splitTopLevelAnd(rest), ...common } }
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

function readRunHeredoc(src: InstructionSource, heredocs: ReturnType<Instruction['getHeredocs']>): ArgsResult<'RUN'> {
  const firstLine = src.argumentText.split(/\r\n|\r|\n/)[0] ?? ''
  const { flags, rest: header } = takeFlags(firstLine, src.escapeChar)
  const heredoc = heredocs[0]
  if (!heredoc) return fail(undefined, flags)
  if (heredoc.getDelimiterRange() === null) {
    return fail(`The here-document is never closed: add a line containing only ${heredoc.getName()} after the script`, flags)
  }
  // Several here-documents, or text after the first one, are kept as text.
  if (heredocs.length > 1) return fail(undefined, flags)
  const lines = src.argumentText.split(/\r\n|\r|\n/)
  const body = lines.slice(1, -1)
  const last = lines[lines.length - 1] ?? ''
  if (last.trim() !== heredoc.getName()) return fail(undefined, flags)
  return {
    ok: true,
    flags,
    args: { form: 'heredoc', commands: body, heredoc: { header, delimiter: heredoc.getName() }, ...runFlags(flags) }
  }
}

function readCopy<K extends 'COPY' | 'ADD'>(keyword: K): Reader<K> {
  return (src, logical) => {
    const { flags, rest } = takeFlags(logical, src.escapeChar)
    if (rest.includes('<<') && heredocsOf(src.node).length > 0) return fail(undefined, flags)
    const paths = parseJsonArray(rest) ?? splitWords(rest, src.escapeChar).map((w) => w.value)
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
  return (_src, logical) => {
    const command = readCommand(logical)
    if (!command) return fail(`${keyword} needs a command, e.g. ${keyword} ["python3", "app.py"]`)
    return { ok: true, flags: [], args: command as ArgsByKeyword[K] }
  }
}

const PROTOCOLS: readonly PortProtocol[] = ['tcp', 'udp', 'sctp']

const readExpose: Reader<'EXPOSE'> = (src, logical) => {
  const words = splitWords(logical, src.escapeChar)
  if (words.length === 0) return fail('EXPOSE needs a port, e.g. EXPOSE 8080')
  const ports: ExposedPort[] = []
  for (const word of words) {
    const slash = word.value.lastIndexOf('/')
    const portText = slash === -1 ? word.value : word.value.slice(0, slash)
    const protocol = (slash === -1 ? 'tcp' : word.value.slice(slash + 1).toLowerCase()) as PortProtocol
    if (!PROTOCOLS.includes(protocol)) {
      return fail(`"${word.value}" has an unknown protocol; use tcp or udp, e.g. EXPOSE 53/udp`)
    }
    ports.push({ port: /^\d+$/.test(portText) ? Number(portText) : portText, protocol })
  }
  return { ok: true, flags: [], args: { ports } }
}

interface Property {
  getName(): string
  getValue(): string | null
}

/**
 * `key=value …` or legacy `key value`. Plain text (no quotes or escapes) is
 * read directly; anything else goes through dockerfile-ast's property reader.
 */
function propertiesOf(src: InstructionSource, logical: string, legacyForm: boolean): Property[] {
  if (/["'\\`]/.test(logical) || logical.includes(src.escapeChar)) return (src.node as PropertyInstruction).getProperties()
  const words = logical.split(/\s+/).filter((w) => w.length > 0)
  const first = words[0]
  const simple = (name: string, value: string | null): Property => ({ getName: () => name, getValue: () => value })
  if (legacyForm && first !== undefined && !first.includes('=')) {
    return [simple(first, words.length > 1 ? words.slice(1).join(' ') : null)]
  }
  return words.map((w) => {
    const eq = w.indexOf('=')
    return eq === -1 ? simple(w, null) : simple(w.slice(0, eq), w.slice(eq + 1))
  })
}

function readPairs<K extends 'ENV' | 'LABEL'>(keyword: K): Reader<K> {
  return (src, logical) => {
    const properties = propertiesOf(src, logical, true)
    if (properties.length === 0) return fail(`${keyword} needs a key and a value, e.g. ${keyword} key=value`)
    const pairs = []
    for (const property of properties) {
      const value = property.getValue()
      if (value === null) return fail(`${keyword} ${property.getName()} has no value; write ${property.getName()}=value`)
      pairs.push({ key: property.getName(), value })
    }
    return { ok: true, flags: [], args: { pairs } as ArgsByKeyword[K] }
  }
}

const readArg: Reader<'ARG'> = (src, logical) => {
  const declarations = propertiesOf(src, logical, false).map((p) => {
    const value = p.getValue()
    return value === null ? { name: p.getName() } : { name: p.getName(), defaultValue: value }
  })
  const [first, ...more] = declarations
  if (!first) return fail('ARG needs a name, e.g. ARG VERSION=1.0')
  return { ok: true, flags: [], args: more.length > 0 ? { ...first, more } : first }
}

function singleValue(src: InstructionSource, logical: string): string {
  const words = splitWords(logical, src.escapeChar)
  return words.length === 1 && words[0] ? words[0].value : logical
}

const readWorkdir: Reader<'WORKDIR'> = (src, logical) =>
  logical ? { ok: true, flags: [], args: { path: singleValue(src, logical) } } : fail('WORKDIR needs a path, e.g. WORKDIR /app')

const readUser: Reader<'USER'> = (src, logical) => {
  if (!logical) return fail('USER needs a user name or id, e.g. USER app')
  const value = singleValue(src, logical)
  const colon = value.indexOf(':')
  const args = colon === -1 ? { user: value } : { user: value.slice(0, colon), group: value.slice(colon + 1) }
  return { ok: true, flags: [], args }
}

const readVolume: Reader<'VOLUME'> = (src, logical) => {
  const paths = parseJsonArray(logical) ?? splitWords(logical, src.escapeChar).map((w) => w.value)
  return paths.length > 0 ? { ok: true, flags: [], args: { paths } } : fail('VOLUME needs a path, e.g. VOLUME /data')
}

const readHealthcheck: Reader<'HEALTHCHECK'> = (src, logical) => {
  const { flags, rest } = takeFlags(logical, src.escapeChar)
  const words = splitWords(rest, src.escapeChar)
  const sub = words[0]?.value.toUpperCase()
  if (sub === 'NONE') {
    if (words.length > 1) return fail('HEALTHCHECK NONE takes nothing after it', flags)
    return { ok: true, flags, args: { none: true } }
  }
  if (sub !== 'CMD' || !words[0]) return fail('HEALTHCHECK needs CMD followed by a command, or NONE', flags)
  const command = readCommand(rest.slice(words[0].end))
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

const readShell: Reader<'SHELL'> = (_src, logical) => {
  const args = parseJsonArray(logical)
  return args && args.length > 0
    ? { ok: true, flags: [], args: { args } }
    : fail('SHELL must be a JSON array, e.g. SHELL ["/bin/bash", "-o", "pipefail", "-c"]')
}

const readStopsignal: Reader<'STOPSIGNAL'> = (src, logical) =>
  logical
    ? { ok: true, flags: [], args: { signal: singleValue(src, logical) } }
    : fail('STOPSIGNAL needs a signal, e.g. STOPSIGNAL SIGTERM')

const readOnbuild: Reader<'ONBUILD'> = (_src, logical) =>
  logical
    ? { ok: true, flags: [], args: { trigger: collapseShellWhitespace(logical) } }
    : fail('ONBUILD needs an instruction to run later, e.g. ONBUILD COPY . /app')

const readMaintainer: Reader<'MAINTAINER'> = (_src, logical) =>
  logical ? { ok: true, flags: [], args: { name: logical } } : fail('MAINTAINER needs a name')

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
