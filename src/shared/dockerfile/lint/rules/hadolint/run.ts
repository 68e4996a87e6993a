// What RUN scripts do beyond package managers: interactive tools, archives,
// downloads, users, pipes, and the shell itself.
import type { InstructionBlockOf } from '../../../types'
import type { Rule } from '../../types'
import { instructionsOf } from '../../util'
import { shellBeforeFix } from './fix'
import { dlRule, isAlpineLike, isWindowsBased, stageChain, stagesOf, type StageInfo } from './report'
import { baseName, hasOption, operands, runScripts, scriptOf, type ShellCommand } from './shell'

const INTERACTIVE = new Set(['free', 'kill', 'mount', 'ps', 'service', 'shutdown', 'ssh', 'top', 'vim'])

export const dl3001: Rule = dlRule('DL3001', ({ statements }, report) => {
  for (const { block, commands } of runScripts(statements)) {
    const found: string[] = []
    for (const { name } of commands) if (INTERACTIVE.has(name) && !found.includes(name)) found.push(name)
    if (found.length === 0) continue
    report(
      block,
      'info',
      `${found.join(', ')} ${found.length > 1 ? 'make' : 'makes'} little sense while building an image: no services or other processes run during a build, and nobody is at the terminal. Start services from the container's CMD or ENTRYPOINT instead.`
    )
  }
})

// The archives ADD unpacks by itself (a local tar, compressed or not).
const ARCHIVE = /\.(tar|tar\.gz|tgz|tar\.bz2|tbz2?|tar\.xz|txz|tar\.zst|tzst)$/
const UNPACKERS = new Set(['unzip', 'gunzip', 'bunzip2', 'unlzma', 'unxz', 'zgz', 'uncompress', 'zcat', 'gzcat'])

function extracts(c: ShellCommand): boolean {
  if (UNPACKERS.has(c.name)) return true
  // `tar -xzf`, `tar xzf` (old style: the first word), `tar --extract`.
  return c.name === 'tar' && c.args.some((a, i) => a === '--extract' || a === '--get' || (!a.startsWith('--') && (i === 0 || a.startsWith('-')) && /^-?[A-Za-wyz]*x/.test(a)))
}

export const dl3010: Rule = dlRule('DL3010', ({ statements }, report) => {
  const copied = new Map<string, InstructionBlockOf<'COPY'>>()
  let stage = Number.NaN
  for (const block of statements) {
    if (block.stageIndex !== stage) {
      copied.clear()
      stage = block.stageIndex
    }
    if (block.kind !== 'instruction') continue
    if (block.keyword === 'COPY' && block.args.from === undefined) {
      const target = block.args.destination
      const names = ARCHIVE.test(target) ? [baseName(target)] : block.args.sources.filter((s) => ARCHIVE.test(s)).map(baseName)
      for (const name of names) copied.set(name, block)
    } else if (block.keyword === 'RUN' && copied.size > 0) {
      for (const command of scriptOf(statements, block)?.commands.filter(extracts) ?? []) {
        for (const arg of command.args) {
          const copy = copied.get(baseName(arg))
          if (!copy) continue
          copied.delete(baseName(arg))
          report(
            copy,
            'info',
            `${baseName(arg)} is copied here and unpacked by a RUN on line ${block.instructionLine}, so the image keeps both the archive and its files. ADD unpacks a local tar archive itself: ADD ${baseName(arg)} /destination/.`
          )
        }
      }
    }
  }
})

export const dl3046: Rule = dlRule('DL3046', ({ statements }, report) => {
  for (const { block, commands } of runScripts(statements)) {
    const bad = commands.find((c) => {
      if (c.name !== 'useradd' || hasOption(c, 'l', 'no-log-init')) return false
      const uid = uidOf(c)
      return uid !== undefined && /^\d{6,}$/.test(uid)
    })
    if (!bad) continue
    report(
      block,
      'warning',
      `useradd with a high user id (${uidOf(bad)}) writes a sparse lastlog file that Docker stores at its full size, which can add gigabytes to the image. Add -l (--no-log-init): useradd -l -u ${uidOf(bad)} …`
    )
  }
})

function uidOf(c: ShellCommand): string | undefined {
  for (let i = 0; i < c.args.length; i++) {
    const a = c.args[i] as string
    if (a === '-u' || a === '--uid') return c.args[i + 1]
    if (a.startsWith('--uid=')) return a.slice(6)
    if (/^-u\d+$/.test(a)) return a.slice(2)
  }
  return undefined
}

export const dl3047: Rule = dlRule('DL3047', ({ statements }, report) => {
  const stages = stagesOf(statements)
  for (const { block, commands } of runScripts(statements)) {
    const noisy = commands.some(
      (c) => c.name === 'wget' && !hasOption(c, 'progress', 'q', 'quiet', 'o', 'output-file', 'a', 'append-output', 'no-verbose') && !c.args.includes('-nv')
    )
    // BusyBox's wget (Alpine's) shows no progress outside a terminal and has no --progress.
    if (!noisy || isAlpineLike(stages, block.stageIndex)) continue
    report(block, 'info', 'wget without a progress setting prints a progress line for every few kilobytes, which floods the build log. Add --progress=dot:giga, or -q / -nv for less output.')
  }
})

export const dl3059: Rule = dlRule('DL3059', ({ statements }, report) => {
  let previous: { flags: string; commands: number } | undefined
  for (const block of statements) {
    if (block.kind !== 'instruction' || block.keyword !== 'RUN') {
      previous = undefined
      continue
    }
    const flags = block.flags.length === 0 ? '' : block.flags.map((f) => `${f.name}=${f.value ?? ''}`).join(' ')
    const commands = scriptOf(statements, block)?.commands.length ?? 0
    if (previous && previous.flags === flags && previous.commands <= 2 && commands <= 2) {
      report(block, 'info', 'This RUN follows another short RUN; each RUN adds a layer. Consider joining them with && into one RUN.')
    }
    previous = { flags, commands }
  }
})

const DOWNLOADERS = new Set(['curl', 'wget'])
const isDownloader = (c: ShellCommand) => DOWNLOADERS.has(c.name)

export const dl4001: Rule = dlRule('DL4001', ({ statements }, report) => {
  const used = new Map<number, Set<string>>()
  for (const { block, commands } of runScripts(statements)) {
    if (!commands.some(isDownloader)) continue
    const seen = used.get(block.stageIndex) ?? new Set<string>()
    for (const c of commands) if (isDownloader(c)) seen.add(c.name)
    used.set(block.stageIndex, seen)
    if (seen.size < 2) continue
    report(block, 'info', 'This stage uses both wget and curl. Both do the same job here; using one of them means one less tool to install and keep up to date.')
  }
})

export const dl4005: Rule = dlRule('DL4005', ({ statements }, report) => {
  for (const { block, commands } of runScripts(statements)) {
    if (!commands.some((c) => c.name === 'ln' && operands(c).includes('/bin/sh'))) continue
    report(block, 'warning', 'Replacing /bin/sh with a link changes the shell for everything in the image, not only for the build. To run RUN with another shell, use SHELL, e.g. SHELL ["/bin/bash", "-c"].')
  }
})

const NON_POSIX = /^(pwsh|powershell|cmd)(\.exe)?$/i

export const dl4006: Rule = dlRule('DL4006', ({ doc, statements }, report) => {
  const stages = stagesOf(statements)
  const shells = instructionsOf(statements, 'SHELL')
  for (const { block, run, commands, script } of runScripts(statements)) {
    if (!run || run.args.form === 'exec' || !commands.some((c) => c.pipesInto) || isWindowsBased(stages, block.stageIndex)) continue
    const piped = commands.filter((c) => c.pipesInto)
    const argv = shellAt(shells, stageChain(stages, block.stageIndex), block.instructionLine)
    if (NON_POSIX.test(baseName(argv[0] ?? ''))) continue
    if (argv.some((a, i) => a === 'pipefail' && /^-[a-z]*o$/.test(argv[i - 1] ?? ''))) continue
    if (/\bset\b[^;&|\n]*?-[a-zA-Z]*o\s+pipefail\b/.test(script)) continue
    // A failed download piped on (curl … | tar x) goes unnoticed; for other pipes this is advice.
    const download = piped.find(isDownloader)
    const alpine = isAlpineLike(stages, block.stageIndex)
    const fix = shellBeforeFix(doc, block, [alpine ? '/bin/ash' : '/bin/bash', '-o', 'pipefail', '-c'])
    const what = download ? `If ${download.name} fails, the command it pipes into still runs and the RUN can succeed with a broken download` : 'A pipe reports only whether its last command succeeded, so a failure earlier in the pipe goes unnoticed'
    report(
      block,
      download ? 'warning' : 'info',
      `${what}. Put SHELL ["${alpine ? '/bin/ash' : '/bin/bash'}", "-o", "pipefail", "-c"] before this RUN so any failing command fails the step.`,
      fix
    )
  }
})

/** The SHELL in force at a line: the stage's last SHELL before it, else the one the stage inherits from the stage it is built on. */
function shellAt(shells: readonly InstructionBlockOf<'SHELL'>[], chain: readonly StageInfo[], line: number): string[] {
  for (const stage of chain) {
    const found = shells.filter((s) => s.stageIndex === stage.index && s.instructionLine < line).pop()
    if (found) return found.args.args
  }
  return []
}
