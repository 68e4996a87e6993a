// Typed arguments → instruction text, in one canonical, readable form.
import type {
  ArgDeclaration,
  ArgsByKeyword,
  CommandArgs,
  CopyArgs,
  EscapeCharacter,
  Flag,
  Keyword,
  KeyValuePair,
  LineEnding,
  RenderOptions
} from './types'

interface Style {
  eol: LineEnding
  escapeChar: EscapeCharacter
}

type Renderer<K extends Keyword> = (args: ArgsByKeyword[K], style: Style) => string

/** Renders one instruction (without a final line terminator). */
export function renderInstruction<K extends Keyword>(keyword: K, args: ArgsByKeyword[K], options: RenderOptions = {}): string {
  const style: Style = { eol: options.eol ?? '\n', escapeChar: options.escapeChar ?? '\\' }
  const render = renderers[keyword] as Renderer<K>
  const text = render(args, style)
  // Nothing filled in yet (a new block): the keyword alone, which the block then says is incomplete.
  return /^\s*(\[(\s*"",?)*\s*\])?\s*$/.test(text.slice(keyword.length)) ? keyword : text
}

const MAX_LINE = 80
const INDENT = '    '

function jsonArray(values: readonly string[]): string {
  return `[${values.map((v) => JSON.stringify(v)).join(', ')}]`
}

function needsQuoting(value: string): boolean {
  return value === '' || /[\s"'\\`]/.test(value)
}

/** A value for ENV, LABEL or ARG: bare if it can be, else double-quoted with the document's escape character. */
function quoteValue(value: string, escapeChar: EscapeCharacter): string {
  if (!needsQuoting(value)) return value
  const escaped = value.replace(/\r\n|\r|\n/g, ' ').replace(new RegExp(`[${escapeChar === '\\' ? '\\\\' : '`'}"]`, 'g'), (c) => escapeChar + c)
  return `"${escaped}"`
}

function renderFlags(flags: readonly Flag[] | undefined): string[] {
  return (flags ?? []).map((f) => (f.value === null ? `--${f.name}` : `--${f.name}=${f.value}`))
}

function flagIf(name: string, value: string | undefined): string[] {
  return value === undefined ? [] : [`--${name}=${value}`]
}

function words(parts: readonly string[]): string {
  return parts.filter((p) => p.length > 0).join(' ')
}

/** Keeps a user-typed value on one logical line. */
function oneLine(value: string, style: Style): string {
  return value.replace(/\r\n|\r|\n/g, ` ${style.escapeChar}${style.eol}${INDENT}`)
}

/** An exec form with no arguments renders as nothing: `CMD []` would build, and then the container has no command. */
function renderCommand(command: CommandArgs, style: Style): string {
  if (command.form === 'exec') return command.args.length ? jsonArray(command.args) : ''
  return oneLine(command.command.trim(), style)
}

/** `KEY=value` items, on one line if short, otherwise one per continued line. */
function continuedItems(keyword: string, items: string[], style: Style): string {
  const single = `${keyword} ${items.join(' ')}`
  if (items.length < 2 || single.length <= MAX_LINE) return single
  return `${keyword} ${items.join(` ${style.escapeChar}${style.eol}${INDENT}`)}`
}

const renderFrom: Renderer<'FROM'> = (args) => {
  const reference = `${args.image}${args.tag ? `:${args.tag}` : ''}${args.digest ? `@${args.digest}` : ''}`
  return words([
    'FROM',
    ...flagIf('platform', args.platform),
    ...renderFlags(args.extraFlags),
    reference,
    args.stageName ? `AS ${args.stageName}` : ''
  ])
}

const renderRun: Renderer<'RUN'> = (args, style) => {
  const flags = [
    ...(args.mounts ?? []).map((m) => `--mount=${m}`),
    ...flagIf('network', args.network),
    ...flagIf('security', args.security),
    ...renderFlags(args.extraFlags)
  ]
  if (args.form === 'exec') return words(['RUN', ...flags, jsonArray(args.args ?? args.commands)])
  if (args.form === 'heredoc') {
    const header = args.heredoc?.header ?? '<<EOF'
    const delimiter = args.heredoc?.delimiter ?? 'EOF'
    return [words(['RUN', ...flags, header]), ...args.commands, delimiter].join(style.eol)
  }
  const commands = args.commands.map((c) => c.trim()).filter((c) => c.length > 0)
  const head = words(['RUN', ...flags])
  if (commands.length === 0) return head
  const continuation = ` ${style.escapeChar}${style.eol}${INDENT}&& `
  return `${head} ${commands.map((c) => oneLine(c, style)).join(continuation)}`
}

function renderCopy<K extends 'COPY' | 'ADD'>(keyword: K): Renderer<K> {
  return (args: CopyArgs) => {
    const paths = [...args.sources, args.destination]
    const flags = [
      ...flagIf('from', args.from),
      ...flagIf('chown', args.chown),
      ...flagIf('chmod', args.chmod),
      ...(args.link ? ['--link'] : []),
      ...flagIf('checksum', args.checksum),
      ...renderFlags(args.extraFlags)
    ]
    return words([keyword, ...flags, paths.some(needsQuoting) ? jsonArray(paths) : paths.join(' ')])
  }
}

function renderCommandInstruction<K extends 'CMD' | 'ENTRYPOINT'>(keyword: K): Renderer<K> {
  return (args, style) => `${keyword} ${renderCommand(args, style)}`
}

function renderPairs<K extends 'ENV' | 'LABEL'>(keyword: K): Renderer<K> {
  return (args, style) => {
    const items = args.pairs.map(
      (p: KeyValuePair) => `${quoteValue(p.key, style.escapeChar)}=${quoteValue(p.value, style.escapeChar)}`
    )
    return continuedItems(keyword, items, style)
  }
}

function renderDeclaration(d: ArgDeclaration, style: Style): string {
  return d.defaultValue === undefined ? d.name : `${d.name}=${quoteValue(d.defaultValue, style.escapeChar)}`
}

const renderers: { [K in Keyword]: Renderer<K> } = {
  FROM: renderFrom,
  RUN: renderRun,
  CMD: renderCommandInstruction('CMD'),
  LABEL: renderPairs('LABEL'),
  MAINTAINER: (args, style) => `MAINTAINER ${oneLine(args.name, style)}`,
  EXPOSE: (args) =>
    `EXPOSE ${args.ports.map((p) => `${p.port}${p.protocol === 'tcp' ? '' : `/${p.protocol}`}`).join(' ')}`,
  ENV: renderPairs('ENV'),
  ADD: renderCopy('ADD'),
  COPY: renderCopy('COPY'),
  ENTRYPOINT: renderCommandInstruction('ENTRYPOINT'),
  VOLUME: (args) => `VOLUME ${args.paths.some(needsQuoting) ? jsonArray(args.paths) : args.paths.join(' ')}`,
  USER: (args) => `USER ${args.user}${args.group ? `:${args.group}` : ''}`,
  WORKDIR: (args, style) => `WORKDIR ${oneLine(args.path, style)}`,
  ARG: (args, style) => words(['ARG', renderDeclaration(args, style), ...(args.more ?? []).map((d) => renderDeclaration(d, style))]),
  ONBUILD: (args, style) => `ONBUILD ${oneLine(args.trigger, style)}`,
  STOPSIGNAL: (args) => `STOPSIGNAL ${args.signal}`,
  HEALTHCHECK: (args, style) => {
    if (args.none || !args.command) return 'HEALTHCHECK NONE'
    return words([
      'HEALTHCHECK',
      ...flagIf('interval', args.interval),
      ...flagIf('timeout', args.timeout),
      ...flagIf('start-period', args.startPeriod),
      ...flagIf('start-interval', args.startInterval),
      ...flagIf('retries', args.retries === undefined ? undefined : String(args.retries)),
      'CMD',
      renderCommand(args.command, style)
    ])
  },
  SHELL: (args) => `SHELL ${jsonArray(args.args)}`
}

/**
 * Arguments a newly added instruction starts with: empty, so its form shows placeholders (examples a
 * person can read but never has to delete) and the block says what it still needs. An example value
 * here would be built as if the person had meant it, and typing would append to it.
 */
export function defaultArgs<K extends Keyword>(keyword: K): ArgsByKeyword[K] {
  const defaults: ArgsByKeyword = {
    FROM: { image: '' },
    RUN: { form: 'shell', commands: [] },
    CMD: { form: 'exec', args: [] },
    LABEL: { pairs: [] },
    MAINTAINER: { name: '' },
    EXPOSE: { ports: [] },
    ENV: { pairs: [] },
    ADD: { sources: [], destination: '' },
    COPY: { sources: [], destination: '' },
    ENTRYPOINT: { form: 'exec', args: [] },
    VOLUME: { paths: [] },
    USER: { user: '' },
    WORKDIR: { path: '' },
    ARG: { name: '' },
    ONBUILD: { trigger: '' },
    STOPSIGNAL: { signal: '' },
    HEALTHCHECK: { none: false, command: { form: 'exec', args: [] } },
    SHELL: { args: [] }
  }
  return structuredClone(defaults[keyword])
}
