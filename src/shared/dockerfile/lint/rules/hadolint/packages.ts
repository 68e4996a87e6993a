// Package managers in RUN: pinned versions (advice: info), answering prompts
// (a build cannot answer them), caches left in the image, apt vs apt-get.
import type { StatementBlock } from '../../../types'
import type { Rule } from '../../types'
import { addOptionFix, renameProgramFix } from './fix'
import { dlRule, stagesOf } from './report'
import {
  asCommand,
  hasOption,
  isVariable,
  mountsCover,
  operands,
  optionNames,
  runScripts,
  subcommand,
  type RunScript,
  type ShellCommand
} from './shell'

const NONE: readonly string[] = []

const list = (names: string[]) => (names.length > 3 ? `${names.slice(0, 3).join(', ')} and ${names.length - 3} more` : names.join(', '))

interface Pinning {
  code: string
  /** The packages a command installs, or undefined when it is not an install. */
  packages(command: ShellCommand): string[] | undefined
  pinned(pkg: string): boolean
  what: string
  example: string
}

/** A "pin versions" rule: info, since well-kept images often install the distribution's current packages on purpose. */
function pinningRule({ code, packages, pinned, what, example }: Pinning): Rule {
  return dlRule(code, ({ statements }, report) => {
    for (const { block, commands } of runScripts(statements)) {
      const unpinned: string[] = []
      for (const c of commands) for (const p of packages(c) ?? NONE) if (!isVariable(p) && !pinned(p)) unpinned.push(p)
      if (unpinned.length === 0) continue
      report(
        block,
        'info',
        `${what} ${list([...new Set(unpinned)])} without a version, so a rebuild can get a different version than the last build. For reproducible builds pin it, e.g. ${example}.`
      )
    }
  })
}

// apt-get options that take a value (so the value is not a package).
const APT_VALUED = ['t', 'target-release', 'o', 'option', 'c', 'config-file', 'default-release']

function isApt(c: ShellCommand): boolean {
  return c.name === 'apt-get' || c.name === 'apt'
}

export const dl3008 = pinningRule({
  code: 'DL3008',
  packages: (c) => (isApt(c) && subcommand(c, APT_VALUED) === 'install' ? operands(c, APT_VALUED).slice(1) : undefined),
  pinned: (p) => p.includes('=') || p.includes('/') || p.endsWith('.deb'),
  what: 'apt-get installs',
  example: 'apt-get install curl=7.88.1-10+deb12u5'
})

const PIP_VALUED = [
  'abi', 'b', 'build', 'e', 'editable', 'extra-index-url', 'f', 'find-links', 'i', 'index-url', 'implementation',
  'no-binary', 'only-binary', 'platform', 'prefix', 'progress-bar', 'proxy', 'python', 'python-version', 'root',
  'root-user-action', 'src', 't', 'target', 'trusted-host', 'upgrade-strategy', 'c', 'constraint', 'r', 'requirement'
]
const VCS = /^(git|hg|svn|bzr)(\+[a-z-]+)?:/

/** pip install's arguments after `install` (pip, pip3, python -m pip), or undefined. */
export function pipInstallArgs(c: ShellCommand): ShellCommand | undefined {
  if (/^pip[0-9.]*$/.test(c.name)) return c.args.includes('install') ? c : undefined
  if (/^python[0-9.]*$/.test(c.name)) {
    const m = c.args.indexOf('-m')
    if (m !== -1 && /^pip[0-9.]*$/.test(c.args[m + 1] ?? '') && c.args[m + 2] === 'install') return { ...c, name: 'pip', args: c.args.slice(m + 2) }
  }
  return undefined
}

export const dl3013 = pinningRule({
  code: 'DL3013',
  packages: (c) => {
    const pip = pipInstallArgs(c)
    if (!pip || hasOption(pip, 'r', 'requirement', 'c', 'constraint') || pip.args.includes('.')) return undefined
    const words = operands(pip, PIP_VALUED)
    return words.slice(words.indexOf('install') + 1)
  },
  pinned: (p) =>
    /==|>=|<=|>|<|!=|~=/.test(p) || (VCS.test(p) ? p.includes('@') : p.includes('/')) || p.endsWith('.whl') || p.endsWith('.tar.gz') || p.startsWith('.'),
  what: 'pip installs',
  example: 'pip install flask==3.0.3, or pip install -r requirements.txt with pinned versions'
})

export const dl3016 = pinningRule({
  code: 'DL3016',
  packages: (c) => {
    if (c.name !== 'npm') return undefined
    const words = operands(c, ['loglevel', 'registry', 'prefix'])
    return words[0] === 'install' || words[0] === 'i' ? words.slice(1) : undefined
  },
  pinned: (p) => {
    if (/^git(\+[a-z]+)?:\/\//.test(p)) return p.includes('#')
    if (/\.(tar|tar\.gz|tgz)$/.test(p) || /^(\/|\.\/|\.\.\/|~\/)/.test(p) || p === '.') return true
    return (p.startsWith('@') ? p.slice(1) : p).includes('@')
  },
  what: 'npm installs',
  example: 'npm install express@4.19.2'
})

const APK_VALUED = ['t', 'virtual', 'repository', 'X', 'root', 'p', 'arch', 'keys-dir', 'repositories-file', 'cache-dir']

export const dl3018 = pinningRule({
  code: 'DL3018',
  packages: (c) => (c.name === 'apk' && subcommand(c, APK_VALUED) === 'add' ? operands(c, APK_VALUED).slice(1) : undefined),
  pinned: (p) => /[=~<>]/.test(p) || p.endsWith('.apk'),
  what: 'apk adds',
  example: 'apk add curl=8.9.1-r1 (or curl~8.9 for any 8.9.x)'
})

const GEM_VALUED = ['i', 'install-dir', 'n', 'bindir', 's', 'source', 'p', 'http-proxy', 'platform', 'g', 'file', 'build-root']

export const dl3028 = pinningRule({
  code: 'DL3028',
  packages: (c) => {
    if (c.name !== 'gem') return undefined
    const words = operands({ ...c, args: c.args.slice(0, c.args.includes('--') ? c.args.indexOf('--') : undefined) }, GEM_VALUED)
    if (words[0] !== 'install' && words[0] !== 'i') return undefined
    if (hasOption(c, 'v', 'version')) return undefined
    return words.slice(1)
  },
  pinned: (p) => p.includes(':') || p.endsWith('.gem'),
  what: 'gem installs',
  example: 'gem install rails:7.1.3 (or gem install rails -v 7.1.3)'
})

/** rpm package names with a version after a dash: `curl-7.76.1`, `bash-5.1.8-6.el9`. */
function rpmVersioned(p: string): boolean {
  if (p.endsWith('.rpm')) return true
  const parts = p.split('-').slice(1)
  return parts.length > 0 && parts.every((part) => /^[0-9A-Za-z.~^_:+]+$/.test(part)) && parts.some((part) => /^[0-9]/.test(part))
}

function rpmPackages(names: readonly string[]): (c: ShellCommand) => string[] | undefined {
  return (c) => {
    if (!names.includes(c.name)) return undefined
    const words = operands(c, ['c', 'config', 'releasever', 'installroot', 'setopt', 'x', 'exclude', 'enablerepo', 'disablerepo', 'repo'])
    if (words[0] === 'module') return words[1] === 'install' ? words.slice(2).filter((m) => !m.includes(':')) : undefined
    return words[0] === 'install' ? words.slice(1) : undefined
  }
}

export const dl3033 = pinningRule({
  code: 'DL3033',
  packages: rpmPackages(['yum']),
  pinned: rpmVersioned,
  what: 'yum installs',
  example: 'yum install -y httpd-2.4.57'
})

export const dl3037 = pinningRule({
  code: 'DL3037',
  packages: (c) => {
    if (c.name !== 'zypper') return undefined
    const words = operands(c, ['t', 'type', 'r', 'repo', 'from'])
    return words[0] === 'install' || words[0] === 'in' ? words.slice(1) : undefined
  },
  pinned: (p) => /[=<>]/.test(p) || p.endsWith('.rpm'),
  what: 'zypper installs',
  example: 'zypper install -y httpd=2.4.51'
})

export const dl3041 = pinningRule({
  code: 'DL3041',
  packages: rpmPackages(['dnf', 'microdnf']),
  pinned: rpmVersioned,
  what: 'dnf installs',
  example: 'dnf install -y httpd-2.4.57'
})

const GO_VALUED = ['C', 'ldflags', 'gcflags', 'asmflags', 'tags', 'o', 'mod', 'modfile', 'pkgdir', 'buildmode', 'compiler', 'gccgoflags', 'installsuffix', 'overlay', 'p', 'toolexec', 'exec', 'pgo', 'covermode', 'coverpkg']

export const dl3062 = pinningRule({
  code: 'DL3062',
  packages: (c) => {
    if (c.name !== 'go') return undefined
    const words = operands(c, GO_VALUED, true)
    if (words[0] === 'install' || words[0] === 'get') return words.slice(1).filter((w) => w !== 'tool')
    // go run: only the package; what follows is the program's arguments.
    if (words[0] === 'run') return words.slice(1, 2)
    return undefined
  },
  pinned: (p) => p === '.' || p.startsWith('/') || p.startsWith('.') || p.endsWith('.go') || (p.includes('@') && !/@(latest|none)$/.test(p)),
  what: 'go installs',
  example: 'go install golang.org/x/tools/gopls@v0.16.1'
})

/** A rule for package managers that stop at a "continue? [y/N]" question a build cannot answer. */
function promptRule(code: string, names: readonly string[], installs: readonly string[], yes: readonly string[], option: string, example: string): Rule {
  const asks = (c: ShellCommand | undefined) => c !== undefined && names.includes(c.name) && installs.includes(subcommand(c, ['c', 'config', 'releasever', 'installroot', 'setopt']) ?? '') && !hasOption(c, ...yes)
  return dlRule(code, ({ doc, statements }, report) => {
    for (const { block, run, commands } of runScripts(statements)) {
      const asking = commands.filter(asks)
      if (asking.length === 0) continue
      const tool = asking[0]?.name ?? names[0]
      const fix = run ? addOptionFix(doc, block, (w) => asks(asCommand(w)), option === '-n' ? names : installs, option, `Add ${option}`) : undefined
      report(block, 'warning', `${tool} asks for confirmation before it installs, and a build cannot answer, so it stops or fails. Add ${option}: ${example}.`, fix)
    }
  })
}

export const dl3030 = promptRule('DL3030', ['yum'], ['install', 'groupinstall', 'localinstall'], ['y', 'assumeyes'], '-y', 'yum install -y httpd')
export const dl3034 = promptRule(
  'DL3034',
  ['zypper'],
  ['install', 'in', 'remove', 'rm', 'source-install', 'si', 'patch'],
  ['non-interactive', 'n', 'no-confirm', 'y'],
  '-n',
  'zypper -n install httpd'
)
export const dl3038 = promptRule('DL3038', ['dnf', 'microdnf'], ['install', 'groupinstall', 'localinstall'], ['y', 'assumeyes'], '-y', 'dnf install -y httpd')

/**
 * The stages whose layers end up in an image someone uses: the last stage
 * and every stage another one is built on (hadolint's DL3009 reading). Caches
 * left in a builder stage cost nothing.
 */
function shippedStages(statements: readonly StatementBlock[]): Set<number> {
  const stages = stagesOf(statements)
  const shipped = new Set<number>()
  const last = stages[stages.length - 1]
  if (last) shipped.add(last.index)
  for (const s of stages) if (s.parent !== undefined) shipped.add(s.parent)
  if (stages.length === 0) shipped.add(-1)
  return shipped
}

interface Cleanup {
  code: string
  installs(c: ShellCommand): boolean
  cleans(c: ShellCommand): boolean
  cache: string
  message: string
}

/** A "clean the cache in the same RUN" rule: info (it only costs image size), quiet when a cache mount holds the cache. */
function cleanupRule({ code, installs, cleans, cache, message }: Cleanup): Rule {
  return dlRule(code, ({ statements }, report) => {
    const shipped = shippedStages(statements)
    for (const { block, commands, mounts } of runScripts(statements)) {
      if (!shipped.has(block.stageIndex) || mountsCover(mounts, cache)) continue
      const install = commands.find(installs)
      if (!install) continue
      if (commands.some((c) => c.index > install.index && cleans(c))) continue
      report(block, 'info', message)
    }
  })
}

const removes = (c: ShellCommand, path: RegExp) => c.name === 'rm' && c.args.some((a) => path.test(a))

export const dl3032 = cleanupRule({
  code: 'DL3032',
  installs: (c) => c.name === 'yum' && subcommand(c) === 'install',
  cleans: (c) => (c.name === 'yum' && c.args.includes('clean')) || removes(c, /^\/var\/cache\/yum/),
  cache: '/var/cache/yum',
  message: 'yum keeps its package cache in this layer. End the same RUN with "&& yum clean all".'
})

export const dl3036 = cleanupRule({
  code: 'DL3036',
  installs: (c) => c.name === 'zypper' && ['install', 'in'].includes(subcommand(c) ?? ''),
  cleans: (c) => (c.name === 'zypper' && (c.args.includes('clean') || c.args.includes('cc'))) || removes(c, /^\/var\/cache\/zypp/),
  cache: '/var/cache/zypp',
  message: 'zypper keeps its package cache in this layer. End the same RUN with "&& zypper clean --all".'
})

const DNF_INSTALLS = ['install', 'in', 'upgrade', 'up', 'upgrade-minimal', 'up-min', 'reinstall', 'rei']

export const dl3040 = cleanupRule({
  code: 'DL3040',
  installs: (c) => (c.name === 'dnf' || c.name === 'microdnf') && DNF_INSTALLS.includes(subcommand(c) ?? ''),
  cleans: (c) => ((c.name === 'dnf' || c.name === 'microdnf') && c.args.includes('clean')) || removes(c, /^\/var\/cache\/(libdnf5|dnf|yum)/),
  cache: '/var/cache/libdnf5',
  message: 'dnf keeps its package cache in this layer. End the same RUN with "&& dnf clean all".'
})

export const dl3060 = cleanupRule({
  code: 'DL3060',
  installs: (c) => c.name === 'yarn' && (c.args.length === 0 || subcommand(c) === 'install' || optionNames(c).includes('frozen-lockfile')),
  cleans: (c) => c.name === 'yarn' && c.args.includes('cache') && c.args.includes('clean'),
  cache: '.cache/yarn',
  message: 'yarn keeps its download cache in this layer. End the same RUN with "&& yarn cache clean", or put the cache on a mount: RUN --mount=type=cache,target=/usr/local/share/.cache/yarn yarn install.'
})

// `--no-network` installs from what is already there: nothing is downloaded, nothing cached.
const isApkAdd = (c: ShellCommand | undefined) =>
  c !== undefined && c.name === 'apk' && subcommand(c, APK_VALUED) === 'add' && !hasOption(c, 'no-cache', 'no-network')

export const dl3019: Rule = dlRule('DL3019', ({ doc, statements }, report) => {
  for (const { block, run, commands, mounts } of runScripts(statements)) {
    if (mountsCover(mounts, '/var/cache/apk')) continue
    if (!commands.some(isApkAdd) || commands.some((c) => removes(c, /^\/var\/cache\/apk/))) continue
    const fix = run ? addOptionFix(doc, block, (w) => isApkAdd(asCommand(w)), ['add'], '--no-cache', 'Add --no-cache') : undefined
    report(block, 'info', 'apk add keeps the package index it downloads in /var/cache/apk, in this layer. Add --no-cache (apk add --no-cache curl): it fetches the index and keeps nothing.', fix)
  }
})

// What apt-get does just as apt does; `apt list` or `apt search` have no apt-get twin.
const APT_GET_SUBCOMMANDS = new Set(['update', 'upgrade', 'install', 'remove', 'purge', 'autoremove', 'dist-upgrade', 'clean', 'autoclean', 'source', 'build-dep', 'download', 'satisfy', 'check'])
const isAptProgram = (c: ShellCommand | undefined) => c !== undefined && c.name === 'apt'

export const dl3027: Rule = dlRule('DL3027', ({ doc, statements }, report) => {
  for (const { block, run, commands } of runScripts(statements)) {
    const apt = commands.filter(isAptProgram)
    if (apt.length === 0) continue
    const renamable = apt.every((c) => APT_GET_SUBCOMMANDS.has(subcommand(c, APT_VALUED) ?? ''))
    const fix = run && renamable ? renameProgramFix(doc, block, (w) => isAptProgram(asCommand(w)), 'apt', 'apt-get', 'Use apt-get') : undefined
    report(
      block,
      'warning',
      'apt is meant for people at a terminal: its output and options may change between versions, and it warns "apt does not have a stable CLI interface" in scripts. Use apt-get (or apt-cache for search and show).',
      fix
    )
  }
})

export const dl3035: Rule = dlRule('DL3035', ({ statements }, report) => {
  for (const { block, commands } of runScripts(statements)) {
    if (!commands.some((c) => c.name === 'zypper' && ['dist-upgrade', 'dup'].includes(subcommand(c) ?? ''))) continue
    report(block, 'warning', 'zypper dist-upgrade moves the whole system to the newest distribution release, so the image changes under you between builds. Use a newer base image instead, or zypper update for fixes.')
  }
})

export type { RunScript }
