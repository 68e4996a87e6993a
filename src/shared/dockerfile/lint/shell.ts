// A light reading of shell commands in RUN instructions: enough to spot
// programs and their options, not a shell parser.
import { shellCommandSpans, wordValues } from '../text'
import type { InstructionBlockOf } from '../types'

/** A RUN's simple commands, each one's program words, and its apt-get commands by subcommand (read when first asked). */
interface RunReading {
  commands: string[][]
  programs: string[][]
  apt?: ReadonlyMap<string, string[][]>
}

// By the arguments object, which a reparse keeps for blocks it did not re-read.
const readings = new WeakMap<InstructionBlockOf<'RUN'>['args'], RunReading>()

function readingOf(block: InstructionBlockOf<'RUN'>): RunReading {
  let reading = readings.get(block.args)
  if (!reading) {
    const commands = readSimpleCommands(block.args)
    reading = { commands, programs: commands.map(programWords) }
    readings.set(block.args, reading)
  }
  return reading
}

/** The simple commands of a RUN (split on &&, ||, ;, |), each as its words with quotes removed. */
export function runSimpleCommands(block: InstructionBlockOf<'RUN'>): string[][] {
  return readingOf(block).commands
}

/** runSimpleCommands with each command's program words (see programWords); many rules ask, so it is read once. */
export function runPrograms(block: InstructionBlockOf<'RUN'>): string[][] {
  return readingOf(block).programs
}

const NO_COMMANDS: readonly string[][] = []

/** The apt-get (or apt) commands of a RUN with that subcommand, as program words (every apt rule asks). */
export function runAptCommands(block: InstructionBlockOf<'RUN'>, subcommand: string): readonly string[][] {
  const reading = readingOf(block)
  reading.apt ??= aptBySubcommand(reading.programs)
  return reading.apt.get(subcommand) ?? NO_COMMANDS
}

const NO_APT: ReadonlyMap<string, string[][]> = new Map()

function aptBySubcommand(programs: readonly string[][]): ReadonlyMap<string, string[][]> {
  let bySubcommand: Map<string, string[][]> | undefined
  for (const w of programs) {
    const sub = isAptGet(w) ? aptSubcommand(w) : undefined
    if (sub === undefined) continue
    bySubcommand ??= new Map()
    const list = bySubcommand.get(sub)
    if (list) list.push(w)
    else bySubcommand.set(sub, [w])
  }
  return bySubcommand ?? NO_APT
}

function readSimpleCommands(args: InstructionBlockOf<'RUN'>['args']): string[][] {
  if (args.form === 'exec') {
    const argv = args.args ?? []
    // ["sh", "-c", "script"] runs a script after all.
    if (argv.length === 3 && /(^|\/)(ba|da)?sh$/.test(argv[0] ?? '') && argv[1] === '-c') return splitSimpleCommands(argv[2] ?? '')
    return [argv]
  }
  return args.commands.flatMap(splitSimpleCommands)
}

export function splitSimpleCommands(script: string): string[][] {
  const commands: string[][] = []
  for (const { start, end } of shellCommandSpans(script, 'operators')) {
    const words = wordValues(script, start, end, '\\')
    if (words.length > 0) commands.push(words)
  }
  return commands
}

/** The program words of a simple command, after `VAR=value` prefixes and `sudo`/`env` wrappers. */
export function programWords(words: readonly string[]): string[] {
  let i = 0
  for (;;) {
    const w = words[i]
    if (w === undefined) break
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(w) || w === 'env' || w === 'exec') i++
    else if (w === 'sudo') {
      i++
      while (words[i]?.startsWith('-')) i++
    } else break
  }
  return words.slice(i)
}

export function isAptGet(words: readonly string[]): boolean {
  return words[0] === 'apt-get' || words[0] === 'apt'
}

/** The apt-get subcommand (first word that is not an option). */
export function aptSubcommand(words: readonly string[]): string | undefined {
  for (let i = 1; i < words.length; i++) if (!(words[i] as string).startsWith('-')) return words[i]
  return undefined
}

export function hasShortOption(words: readonly string[], letter: string): boolean {
  return words.some((w) => /^-[A-Za-z]+$/.test(w) && w.includes(letter))
}

export function isPipInstall(words: readonly string[]): boolean {
  const pip = /^pip[0-9.]*$/.test(words[0] ?? '') ? 1 : /^python[0-9.]*$/.test(words[0] ?? '') && words[1] === '-m' && /^pip[0-9.]*$/.test(words[2] ?? '') ? 3 : 0
  return pip > 0 && words.slice(pip).find((w) => !w.startsWith('-')) === 'install'
}
