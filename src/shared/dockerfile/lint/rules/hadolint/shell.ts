// The shell commands hadolint's rules look at: each RUN's script (and each
// `ONBUILD RUN` trigger's) read into simple commands, with the program's
// name, its arguments, and whether its output is piped into the next one.
// A light reading, not a shell parser: enough to spot programs and options.
import { extractBuilderFlags } from '../../../shell-words'
import type { InstructionBlockOf, StatementBlock } from '../../../types'

export interface ShellCommand {
  /** The program, without its folder (`/usr/bin/apt-get` → `apt-get`). */
  name: string
  /** The words after the program, quotes removed. */
  args: string[]
  /** Position among the script's commands (for "clean after install" checks). */
  index: number
  /** A `|` sends this command's output to the next one. */
  pipesInto: boolean
}

export interface RunScript {
  /** The RUN, or the ONBUILD whose trigger is a RUN. */
  block: StatementBlock
  /** Set for a RUN instruction (not for an ONBUILD trigger). */
  run?: InstructionBlockOf<'RUN'>
  commands: ShellCommand[]
  /** The script as the shell reads it (empty for the exec form without a shell). */
  script: string
  /** `--mount=` values. */
  mounts: string[]
}

const SHELLS = /^(sh|bash|ash|dash|zsh|ksh|mksh)$/

const scriptsCache = new WeakMap<readonly StatementBlock[], RunScript[]>()

/** Every RUN (and ONBUILD RUN) of the Dockerfile with its commands, read once per statement list. */
export function runScripts(statements: readonly StatementBlock[]): RunScript[] {
  let scripts = scriptsCache.get(statements)
  if (!scripts) {
    scripts = []
    for (const block of statements) {
      if (block.kind !== 'instruction') continue
      if (block.keyword === 'RUN') scripts.push(readRun(block))
      else if (block.keyword === 'ONBUILD') {
        const trigger = readOnbuildRun(block)
        if (trigger) scripts.push(trigger)
      }
    }
    scriptsCache.set(statements, scripts)
  }
  return scripts
}

const byBlockCache = new WeakMap<readonly StatementBlock[], Map<StatementBlock, RunScript>>()

/** The script of one RUN (or ONBUILD RUN) block. */
export function scriptOf(statements: readonly StatementBlock[], block: StatementBlock): RunScript | undefined {
  let byBlock = byBlockCache.get(statements)
  if (!byBlock) {
    byBlock = new Map(runScripts(statements).map((s) => [s.block, s]))
    byBlockCache.set(statements, byBlock)
  }
  return byBlock.get(block)
}

/** What a RUN's (or ONBUILD RUN's) arguments hold, read once per arguments object (a moved block keeps its arguments). */
type ScriptReading = Omit<RunScript, 'block' | 'run'>
const readingCache = new WeakMap<object, ScriptReading | null>()

function readRun(block: InstructionBlockOf<'RUN'>): RunScript {
  let reading = readingCache.get(block.args)
  if (!reading) {
    reading = readRunArgs(block.args)
    readingCache.set(block.args, reading)
  }
  return { block, run: block, ...reading }
}

function readRunArgs(args: InstructionBlockOf<'RUN'>['args']): ScriptReading {
  const mounts = args.mounts ?? []
  if (args.form === 'exec') {
    const argv = args.args ?? []
    const shell = baseName(argv[0] ?? '')
    if (SHELLS.test(shell) && argv.length >= 3 && /^-[a-z]*c[a-z]*$/.test(argv[argv.length - 2] ?? '')) {
      const script = argv[argv.length - 1] ?? ''
      return { commands: readCommands(script), script, mounts }
    }
    const command = commandOf(argv, 0, false)
    return { commands: command ? [command] : [], script: '', mounts }
  }
  if (args.form === 'heredoc') {
    // `RUN <<EOF` and `RUN bash <<EOF` run the here-document as a script;
    // `RUN python3 <<EOF` or `RUN cat <<EOF > file` hand it to a program as data.
    const header = (args.heredoc?.header ?? '').replace(/\d*<<-?\s*(['"]?)[^\s'"]+\1/g, ' ')
    const headerCommands = readCommands(header)
    const program = headerCommands[0]?.name
    if (program === undefined || SHELLS.test(program)) {
      const script = args.commands.join('\n')
      return { commands: readCommands(script), script, mounts }
    }
    return { commands: headerCommands, script: header, mounts }
  }
  const script = args.commands.join(' && ')
  return { commands: readCommands(script), script, mounts }
}

function readOnbuildRun(block: InstructionBlockOf<'ONBUILD'>): RunScript | undefined {
  let reading = readingCache.get(block.args)
  if (reading === undefined) {
    reading = readOnbuildTrigger(block.args.trigger)
    readingCache.set(block.args, reading)
  }
  return reading ? { block, ...reading } : undefined
}

function readOnbuildTrigger(trigger: string): ScriptReading | null {
  const match = /^RUN\s+([\s\S]*)$/i.exec(trigger)
  if (!match) return null
  const { flags, rest } = extractBuilderFlags(match[1] ?? '', '\\')
  if (rest.trimStart().startsWith('[')) return null
  const mounts = flags.filter((f) => f.startsWith('--mount=')).map((f) => f.slice('--mount='.length))
  return { commands: readCommands(rest), script: rest, mounts }
}

export function baseName(path: string): string {
  const slash = path.lastIndexOf('/')
  return slash === -1 ? path : path.slice(slash + 1)
}

/** Shell words that open or close a compound command; the program follows them. */
const RESERVED = new Set(['if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'while', 'until', '!', '{', '}', 'time'])
/** Programs that run the program named after them. */
const WRAPPERS = new Set(['exec', 'command', 'nohup', 'builtin'])

/** Reads one simple command's words (from `start`), skipping `VAR=value` prefixes, reserved words and wrappers like sudo and env. */
function commandOf(words: readonly string[], index: number, pipesInto: boolean): ShellCommand | undefined {
  let i = 0
  const first = words[0]
  if (first === 'for' || first === 'case' || first === 'function' || first === 'esac' || first === ';;') return undefined
  for (;;) {
    const w = words[i]
    if (w === undefined) return undefined
    if (RESERVED.has(w) || WRAPPERS.has(w) || /^[A-Za-z_][A-Za-z0-9_]*=/.test(w)) i++
    else if (w === 'sudo' || w === 'env') {
      i++
      while (words[i]?.startsWith('-') || (w === 'env' && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[i] ?? ''))) i++
    } else break
  }
  const name = words[i] as string
  return { name: baseName(name), args: words.slice(i + 1), index, pipesInto }
}

/** A simple command's words (as lint/patch.ts gives them) read as a command. */
export function asCommand(words: readonly string[]): ShellCommand | undefined {
  return commandOf(words, 0, false)
}

const commandsCache = new Map<string, ShellCommand[]>()

/** Forgets the scripts read so far (for measurements of the cold path). */
export function forgetScripts(): void {
  commandsCache.clear()
}

const SPACE = new Set([32, 9, 11, 12, 13])

/**
 * The simple commands of a script, read in one pass: words split on blanks
 * outside quotes (quotes removed, escapes resolved), commands split on `;`,
 * `&&`, `||`, `|`, `&`, newlines and parentheses, `#` comments dropped.
 * Remembered by script text (a keystroke re-reads only the RUN it changed).
 */
export function readCommands(script: string): ShellCommand[] {
  const cached = commandsCache.get(script)
  if (cached) return cached
  const commands: ShellCommand[] = []
  let words: string[] = []
  let word = ''
  let inWord = false
  const endWord = () => {
    if (inWord) words.push(word)
    word = ''
    inWord = false
  }
  const endCommand = (pipe: boolean) => {
    endWord()
    const command = words.length > 0 ? commandOf(words, commands.length, pipe) : undefined
    if (command) commands.push(command)
    words = []
  }
  const n = script.length
  let i = 0
  while (i < n) {
    const code = script.charCodeAt(i)
    const c = script[i] as string
    if (SPACE.has(code)) {
      endWord()
      i++
    } else if (c === "'") {
      const close = script.indexOf("'", i + 1)
      const stop = close === -1 ? n : close
      word += script.slice(i + 1, stop)
      inWord = true
      i = stop + 1
    } else if (c === '"') {
      inWord = true
      i++
      while (i < n && script[i] !== '"') {
        if (script[i] === '\\' && i + 1 < n) {
          const next = script[i + 1] as string
          if (next === '\n') {
            i += 2
            continue
          }
          word += next === '"' || next === '\\' || next === '$' || next === '`' ? next : `\\${next}`
          i += 2
        } else {
          let j = i + 1
          while (j < n && script[j] !== '"' && script[j] !== '\\') j++
          word += script.slice(i, j)
          i = j
        }
      }
      i++
    } else if (c === '\\') {
      const next = script[i + 1]
      if (next !== undefined && next !== '\n') {
        word += next
        inWord = true
      }
      i += 2
    } else if (c === '#' && !inWord) {
      while (i < n && script[i] !== '\n') i++
    } else if (c === '&' && (script[i - 1] === '>' || script[i - 1] === '<' || script[i + 1] === '>')) {
      // `2>&1`, `>&2` and `&>` are redirections, not separators.
      word += c
      inWord = true
      i++
    } else if (c === ';' || c === '|' || c === '&' || c === '\n' || c === '(' || c === ')') {
      const next = script[i + 1]
      endCommand(c === '|' && next !== '|')
      i += (c === '|' || c === '&' || c === ';') && (next === c || (c === '|' && next === '&')) ? 2 : 1
    } else {
      // A run of plain characters at once.
      let j = i + 1
      while (j < n && !SPECIAL.has(script.charCodeAt(j))) j++
      word += script.slice(i, j)
      inWord = true
      i = j
    }
  }
  endCommand(false)
  if (commandsCache.size > 5000) commandsCache.clear()
  commandsCache.set(script, commands)
  return commands
}

const SPECIAL = new Set([...SPACE, ...[..."'\"\\#&;|\n()"].map((ch) => ch.charCodeAt(0))])

/**
 * The options of a command as hadolint counts them: `--name=value` gives
 * `name`, `-abc` gives `a`, `b` and `c`.
 */
export function optionNames(command: ShellCommand): string[] {
  const names: string[] = []
  for (const arg of command.args) {
    if (arg === '-' || arg === '--' || !arg.startsWith('-')) continue
    if (arg.startsWith('--')) names.push(arg.slice(2).split('=')[0] as string)
    else for (const letter of arg.slice(1)) names.push(letter)
  }
  return names
}

export function hasOption(command: ShellCommand, ...names: string[]): boolean {
  return optionNames(command).some((n) => names.includes(n))
}

/**
 * The arguments that are not options, leaving out the values of the options
 * listed in `valued` (`-t bookworm`, `--virtual .deps`). With
 * `singleDashNames`, `-name` is one option (Go's flags), not letters.
 */
export function operands(command: ShellCommand, valued: readonly string[] = [], singleDashNames = false): string[] {
  const out: string[] = []
  const args = command.args
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string
    if (arg === '--') {
      out.push(...args.slice(i + 1))
      break
    }
    if (arg === '-' || !arg.startsWith('-')) {
      out.push(arg)
      continue
    }
    if (arg.includes('=')) continue
    const name = arg.startsWith('--') || singleDashNames ? arg.replace(/^--?/, '') : arg.slice(-1)
    if (valued.includes(name)) i++
  }
  return out
}

/** The subcommand: the first operand (`apt-get -y install` → `install`). */
export function subcommand(command: ShellCommand, valued: readonly string[] = []): string | undefined {
  return operands(command, valued)[0]
}

/** A word the shell expands: its value is not known here. */
export function isVariable(word: string): boolean {
  return word.includes('$') || word.includes('`')
}

/** Whether a `--mount` of type cache or tmpfs covers `path`. */
export function mountsCover(mounts: readonly string[], path: string): boolean {
  return mounts.some((mount) => {
    const fields = new Map(
      mount.split(',').map((f) => {
        const eq = f.indexOf('=')
        return eq === -1 ? [f, ''] : [f.slice(0, eq), f.slice(eq + 1)]
      })
    )
    const type = fields.get('type')
    const target = (fields.get('target') ?? fields.get('dst') ?? fields.get('destination') ?? '').replace(/^["']|["']$/g, '').replace(/\/+$/, '')
    if ((type !== 'cache' && type !== 'tmpfs') || target.length === 0) return false
    return target.includes(path) || path.startsWith(`${target}/`)
  })
}
