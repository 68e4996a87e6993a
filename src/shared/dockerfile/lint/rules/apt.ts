// apt-get habits that break or bloat Debian and Ubuntu images.
import type { InstructionBlockOf, StatementBlock } from '../../types'
import { patchCommands } from '../patch'
import { aptSubcommand, hasShortOption, isAptGet, runAptCommands, runPrograms } from '../shell'
import type { Diagnostic, Fix, Rule, RuleInput } from '../types'
import { diagnose, hadolintCheck, instructionsOf, renderFor, replaceFix } from '../util'

type RunBlock = InstructionBlockOf<'RUN'>

function isAptInstall(words: string[]): boolean {
  return isAptGet(words) && aptSubcommand(words) === 'install'
}

export const aptUpdateAlone: Rule = {
  id: 'apt-update-alone',
  check({ doc, statements }) {
    const out: Diagnostic[] = []
    const runs = instructionsOf(statements, 'RUN')
    for (const block of runs) {
      const commands = runPrograms(block)
      const alone = commands.length > 0 && commands.every((w) => isAptGet(w) && aptSubcommand(w) === 'update')
      if (!alone) continue
      out.push(
        diagnose(
          block,
          'warning',
          this.id,
          'apt-get update runs in a RUN of its own. Docker caches that layer, so a later apt-get install can use an old package list and fail to find packages. Run "apt-get update && apt-get install …" in the same RUN.',
          mergeFix(doc, statements, block)
        )
      )
    }
    return out
  }
}

/** Moves the update into the next RUN of the same stage that installs packages. */
function mergeFix(doc: RuleInput['doc'], statements: readonly StatementBlock[], update: RunBlock): Fix | undefined {
  if (update.args.form !== 'shell') return undefined
  const after = statements.slice(statements.indexOf(update) + 1)
  for (const block of after) {
    if (block.keyword === 'FROM') return undefined
    if (block.kind !== 'instruction' || block.keyword !== 'RUN') continue
    if (!runAptCommands(block, 'install').length) continue
    if (block.args.form !== 'shell') return undefined
    const newText = renderFor(doc, 'RUN', { ...block.args, commands: [...update.args.commands, ...block.args.commands] })
    return {
      title: 'Move apt-get update into the RUN that installs packages',
      edits: [
        { blockId: update.id, expectedText: update.instructionText, newText: null },
        { blockId: block.id, expectedText: block.instructionText, newText }
      ]
    }
  }
  return undefined
}

const YES = new Set(['--yes', '--assume-yes', '--force-yes', '-qq', '-q=2', '--quiet=2'])

function hasYes(words: string[]): boolean {
  return hasShortOption(words, 'y') || words.some((w) => YES.has(w))
}

export const aptInstallYes: Rule = {
  id: 'hadolint/DL3014',
  check({ doc, statements }) {
    return instructionsOf(statements, 'RUN')
      .filter((block) => runAptCommands(block, 'install').some((w) => !hasYes(w)))
      .map((block) => {
        const patched = patchCommands(block, doc.escapeChar, (w) => isAptInstall(w) && !hasYes(w), (text) =>
          text.replace(/(\binstall\b)/, '$1 -y')
        )
        return hadolintCheck(
          block,
          'DL3014',
          'error',
          'apt-get install without -y waits for a "Do you want to continue?" answer that a build cannot give, so the build stops. Add -y.',
          patched ? replaceFix('Add -y', block, patched) : undefined
        )
      })
  }
}

export const aptNoInstallRecommends: Rule = {
  id: 'hadolint/DL3015',
  check({ statements }) {
    return instructionsOf(statements, 'RUN')
      .filter((block) => runAptCommands(block, 'install').some((w) => !w.includes('--no-install-recommends')))
      .map((block) =>
        hadolintCheck(
          block,
          'DL3015',
          'info',
          'apt-get install also installs "recommended" packages, which often makes the image much larger. Consider adding --no-install-recommends and listing what you really need.'
        )
      )
  }
}

/** `rm -rf /var/lib/apt/lists/*`, or `apt-get dist-clean` (apt 2.7+, which removes the lists: 71 official images end so). */
function cleansLists(block: RunBlock): boolean {
  return runPrograms(block).some(
    (w) => (w[0] === 'rm' && w.some((arg) => arg.startsWith('/var/lib/apt/lists'))) || (isAptGet(w) && aptSubcommand(w) === 'dist-clean')
  )
}

/** The package lists on a cache or tmpfs mount never reach the image. */
function cachesApt(block: RunBlock): boolean {
  return (block.args.mounts ?? []).some((m) => /type=(cache|tmpfs)/.test(m) && /(target|dst|destination)=\/var\/lib\/apt(\/lists)?\/?(,|$)/.test(m))
}

export const aptListsCleanup: Rule = {
  id: 'hadolint/DL3009',
  check({ doc, statements }) {
    return instructionsOf(statements, 'RUN')
      .filter((block) => runAptCommands(block, 'install').length > 0 && !cleansLists(block) && !cachesApt(block))
      .map((block) => {
        const fix =
          block.args.form === 'shell'
            ? replaceFix(
                'Remove the package lists in the same RUN',
                block,
                `${block.instructionText} ${doc.escapeChar}${doc.eol}    && rm -rf /var/lib/apt/lists/*`
              )
            : undefined
        return hadolintCheck(
          block,
          'DL3009',
          'info',
          'The package lists downloaded by apt-get update stay in this layer (tens of MB). End the same RUN with "&& rm -rf /var/lib/apt/lists/*".',
          fix
        )
      })
  }
}

/** Python 2 packages dropped from Debian 11+ and Ubuntu 20.04+, and what replaces them. */
export const PYTHON2_PACKAGES: Readonly<Record<string, string>> = {
  python: 'python3',
  'python-pip': 'python3-pip',
  'python-dev': 'python3-dev',
  'python-setuptools': 'python3-setuptools',
  'python-virtualenv': 'python3-virtualenv',
  'python-wheel': 'python3-wheel',
  'python-all': 'python3-all',
  'python-all-dev': 'python3-all-dev',
  'python-minimal': 'python3-minimal',
  'python-tk': 'python3-tk',
  'python-numpy': 'python3-numpy',
  'python-yaml': 'python3-yaml',
  'python-requests': 'python3-requests',
  'python-six': 'python3-six',
  'python-venv': 'python3-venv'
}

type Release = 'old' | 'current' | 'unknown'

const OLD_RELEASES = /^(ubuntu:(1[0-8]\.|trusty|xenial|bionic)|debian:([5-9]|10)(\b|\.)|debian:(lenny|squeeze|wheezy|jessie|stretch|buster)|python:2)/
const CURRENT_RELEASES = /^(ubuntu(:(2[0-9]\.|focal|jammy|noble|oracular|plucky|questing|latest|rolling|devel).*)?$|debian(:(1[1-9]|bullseye|bookworm|trixie|forky|sid|testing|stable|latest).*)?$)/

/** How the stage's base image relates to the Python 2 removal (following FROM <stage> chains). */
function baseRelease(statements: readonly StatementBlock[], stageIndex: number, seen = new Set<number>()): Release {
  const froms = instructionsOf(statements, 'FROM')
  const from = froms.find((f) => f.stageIndex === stageIndex)
  if (!from || seen.has(stageIndex)) return 'unknown'
  seen.add(stageIndex)
  const parent = froms.find((f) => f.stageIndex < stageIndex && f.args.stageName?.toLowerCase() === from.args.image.toLowerCase())
  if (parent) return baseRelease(statements, parent.stageIndex, seen)
  const ref = `${from.args.image.replace(/^(docker\.io\/)?(library\/)?/, '')}${from.args.tag ? `:${from.args.tag}` : ''}`
  if (OLD_RELEASES.test(ref)) return 'old'
  if (CURRENT_RELEASES.test(ref)) return 'current'
  return 'unknown'
}

export const python2Package: Rule = {
  id: 'python2-package',
  check({ doc, statements }) {
    const out: Diagnostic[] = []
    for (const block of instructionsOf(statements, 'RUN')) {
      const names = new Set(
        runAptCommands(block, 'install').flatMap((w) => w.filter((word) => Object.hasOwn(PYTHON2_PACKAGES, word)))
      )
      if (names.size === 0) continue
      const release = baseRelease(statements, block.stageIndex)
      if (release === 'old') continue
      const list = [...names]
      const replacements = list.map((n) => `${n} → ${PYTHON2_PACKAGES[n]}`).join(', ')
      const patched = patchCommands(block, doc.escapeChar, isAptInstall, (text) =>
        text.replace(/(^|[\s])(python(?:-[a-z0-9-]+)?)(?=$|[\s\\`])/g, (m, space: string, name: string) =>
          Object.hasOwn(PYTHON2_PACKAGES, name) ? `${space}${PYTHON2_PACKAGES[name]}` : m
        )
      )
      out.push(
        diagnose(
          block,
          release === 'current' ? 'error' : 'warning',
          this.id,
          `${list.join(', ')} ${list.length > 1 ? 'are Python 2 packages that' : 'is a Python 2 package that'} no longer exist${list.length > 1 ? '' : 's'} in current Debian and Ubuntu, so apt-get install fails. Use the Python 3 package${list.length > 1 ? 's' : ''}: ${replacements}.`,
          patched ? replaceFix('Use the Python 3 packages', block, patched) : undefined
        )
      )
    }
    return out
  }
}
