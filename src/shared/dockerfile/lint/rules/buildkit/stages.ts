// BuildKit's checks on FROM lines: stage names, and what the base image and
// --platform read from the global ARGs (frontend/dockerfile/dockerfile2llb:
// validateStageNames, buildDispatchStates, validateBaseImagesWithDefaultArgs).
import { validateReference } from '../../../../docker/reference'
import type { DockerfileDocument, InstructionBlockOf, StatementBlock } from '../../../types'
import { syntaxOf } from '../../syntax-of'
import type { Diagnostic, Rule } from '../../types'
import { instructionsOf, replaceFix } from '../../util'
import { expandWord, suggestName } from '../../variables'
import { buildkitCheck } from './check'

type FromBlock = InstructionBlockOf<'FROM'>

/** Build arguments BuildKit defines for FROM lines (defaultArgs in platform.go), with typical values. */
export const BUILTIN_PLATFORM_ARGS: ReadonlyMap<string, string> = new Map([
  ['BUILDPLATFORM', 'linux/amd64'],
  ['BUILDOS', 'linux'],
  ['BUILDOSVERSION', ''],
  ['BUILDARCH', 'amd64'],
  ['BUILDVARIANT', ''],
  ['TARGETPLATFORM', 'linux/amd64'],
  ['TARGETOS', 'linux'],
  ['TARGETOSVERSION', ''],
  ['TARGETARCH', 'amd64'],
  ['TARGETVARIANT', ''],
  ['TARGETSTAGE', 'default']
])

const RESERVED_STAGE_NAMES = new Set(['context', 'scratch'])

/** FROM's words as written: base name, `AS`, stage name. */
function fromWords(block: FromBlock, doc: DockerfileDocument): string[] {
  return syntaxOf(block, doc.escapeChar)?.args ?? []
}

export const stageNameCasing: Rule = {
  id: 'buildkit/StageNameCasing',
  check({ statements }) {
    const out: Diagnostic[] = []
    for (const b of instructionsOf(statements, 'FROM')) {
      const name = b.args.stageName
      if (name === undefined || name === name.toLowerCase()) continue
      const lower = name.toLowerCase()
      const at = b.instructionText.lastIndexOf(name)
      const fix = at === -1 ? undefined : replaceFix(`Rename to ${lower}`, b, b.instructionText.slice(0, at) + lower + b.instructionText.slice(at + name.length))
      out.push(
        buildkitCheck(b, 'StageNameCasing', 'info', `Stage name '${name}' should be lowercase. The build reads stage names in lower case anyway; write ${lower}.`, fix)
      )
    }
    return out
  }
}

export const fromAsCasing: Rule = {
  id: 'buildkit/FromAsCasing',
  check({ doc, statements }) {
    const out: Diagnostic[] = []
    for (const b of instructionsOf(statements, 'FROM')) {
      const words = fromWords(b, doc)
      const as = words[1]
      if (words.length < 3 || as === undefined) continue
      const from = syntaxOf(b, doc.escapeChar)?.keyword ?? 'FROM'
      const lower = from === from.toLowerCase()
      const upper = from === from.toUpperCase()
      if (!lower && !upper) continue
      const wanted = lower ? as.toLowerCase() : as.toUpperCase()
      if (as === wanted) continue
      const fix = replaceFix(`Write ${wanted}`, b, b.instructionText.replace(new RegExp(`([ \\t])${as}([ \\t\\\\\`]|$)`), `$1${wanted}$2`))
      out.push(buildkitCheck(b, 'FromAsCasing', 'info', `'${as}' and '${from}' keywords' casing do not match. Write ${wanted} to match ${from}.`, fix))
    }
    return out
  }
}

export const stageNames: Rule = {
  id: 'buildkit/DuplicateStageName',
  check({ statements }) {
    const out: Diagnostic[] = []
    const seen = new Map<string, FromBlock>()
    for (const b of instructionsOf(statements, 'FROM')) {
      const name = b.args.stageName?.toLowerCase()
      if (name === undefined) continue
      if (RESERVED_STAGE_NAMES.has(name)) {
        out.push(
          buildkitCheck(
            b,
            'ReservedStageName',
            'warning',
            `Stage name should not use the same name as reserved stage "${name}". "${name}" already means ${name === 'scratch' ? 'the empty image' : 'the build context'} to FROM and COPY --from; choose another name.`
          )
        )
      }
      const first = seen.get(name)
      if (first) {
        out.push(
          buildkitCheck(
            b,
            'DuplicateStageName',
            'warning',
            `Duplicate stage name "${name}", stage names should be unique. FROM ${name} and COPY --from=${name} use the stage on line ${first.instructionLine}; rename this one.`
          )
        )
      } else seen.set(name, b)
    }
    return out
  }
}

interface GlobalArgs {
  /** The values FROM lines see with no --build-arg: built-in platform args and the defaults of ARGs before the first FROM. */
  values: Map<string, string>
  /** Every name a FROM line may use (declared with or without a default). */
  declared: Set<string>
}

const globalArgsCache = new WeakMap<readonly StatementBlock[], GlobalArgs>()

export function globalArgsOf(doc: DockerfileDocument, statements: readonly StatementBlock[]): GlobalArgs {
  let kept = globalArgsCache.get(statements)
  if (kept) return kept
  const values = new Map(BUILTIN_PLATFORM_ARGS)
  const declared = new Set(BUILTIN_PLATFORM_ARGS.keys())
  for (const b of instructionsOf(statements, 'ARG')) {
    if (b.stageIndex !== -1) break
    const raw = syntaxOf(b, doc.escapeChar)?.args ?? []
    for (const item of raw) {
      const eq = item.indexOf('=')
      const name = expandWord(eq === -1 ? item : item.slice(0, eq), doc.escapeChar, values).result
      declared.add(name)
      if (eq !== -1) values.set(name, expandWord(item.slice(eq + 1), doc.escapeChar, values).result)
    }
  }
  kept = { values, declared }
  globalArgsCache.set(statements, kept)
  return kept
}

/** A platform such as `linux/amd64` or `arm64`, as containerd's platforms.Parse reads it; null if it does not parse. */
export function parsePlatform(text: string): { os: string; architecture: string } | null {
  const parts = text.toLowerCase().split('/')
  const arch = (a: string | undefined) => (a === undefined ? undefined : (ARCH_ALIASES[a] ?? (KNOWN_ARCHES.has(a) ? a : undefined)))
  if (parts.some((p) => !/^[a-z0-9_.-]+$/.test(p)) || parts.length > 3) return null
  const [first, second] = parts
  if (first === undefined) return null
  if (parts.length === 1) {
    const a = arch(first)
    if (a) return { os: 'linux', architecture: a }
    return KNOWN_OSES.has(first) ? { os: first, architecture: 'amd64' } : null
  }
  const a = arch(second)
  return KNOWN_OSES.has(first) && a ? { os: first, architecture: a } : null
}

const KNOWN_OSES = new Set(['linux', 'windows', 'darwin', 'freebsd', 'netbsd', 'openbsd', 'solaris', 'illumos', 'aix', 'android', 'ios', 'plan9', 'dragonfly', 'js', 'wasip1'])
const KNOWN_ARCHES = new Set(['amd64', 'arm64', 'arm', '386', 'ppc64le', 'ppc64', 's390x', 'riscv64', 'mips64le', 'mips64', 'mipsle', 'mips', 'loong64', 'wasm'])
const ARCH_ALIASES: Record<string, string> = { x86_64: 'amd64', 'x86-64': 'amd64', aarch64: 'arm64', armhf: 'arm', armel: 'arm', i386: '386', i686: '386' }

function platformWord(b: FromBlock, doc: DockerfileDocument): string | undefined {
  const flag = syntaxOf(b, doc.escapeChar)?.flags.find((f) => f.startsWith('--platform='))
  return flag?.slice('--platform='.length)
}

export const fromArgs: Rule = {
  id: 'buildkit/UndefinedArgInFrom',
  check({ doc, statements }) {
    const out: Diagnostic[] = []
    const globals = globalArgsOf(doc, statements)
    const report = (b: FromBlock, unmatched: Iterable<string>) => {
      for (const name of unmatched) {
        if (globals.declared.has(name)) continue
        const suggestion = suggestName(name, globals.declared)
        out.push(
          buildkitCheck(
            b,
            'UndefinedArgInFrom',
            'warning',
            `FROM argument '${name}' is not declared${suggestion ? ` (did you mean ${suggestion}?)` : ''}. FROM lines only see ARGs declared before the first FROM: ${suggestion ? `use ${suggestion}, or ` : ''}add ARG ${name} at the top of the file.`
          )
        )
      }
    }
    for (const b of instructionsOf(statements, 'FROM')) {
      const words = fromWords(b, doc)
      const base = words[0]
      if (base !== undefined && base.includes('$')) {
        const expanded = expandWord(base, doc.escapeChar, globals.values)
        report(b, expanded.unmatched)
        if (expanded.exact && validateReference(expanded.result, { allowDigest: true }) !== null) {
          out.push(
            buildkitCheck(
              b,
              'InvalidDefaultArgInFrom',
              'warning',
              `Default value for ARG ${base} results in empty or invalid base image name ("${expanded.result}"). Give the ARG a default that makes a valid image name, so the build works without --build-arg.`
            )
          )
        }
      }
      const platform = platformWord(b, doc)
      if (platform === undefined) continue
      const expanded = expandWord(platform, doc.escapeChar, globals.values)
      report(b, expanded.unmatched)
      if (expanded.matched.size === 1 && expanded.unmatched.size === 0 && expanded.matched.has('TARGETPLATFORM') && expanded.result === globals.values.get('TARGETPLATFORM')) {
        const text = b.instructionText.replace(/--platform=\S+[ \t]*(\\\r?\n[ \t]*)?/, '')
        out.push(
          buildkitCheck(
            b,
            'RedundantTargetPlatform',
            'info',
            `Setting platform to predefined ${platform} in FROM is redundant as this is the default behavior. Remove --platform=${platform}.`,
            replaceFix('Remove --platform', b, text)
          )
        )
      }
      if (expanded.names.size === 0) {
        const parsed = parsePlatform(expanded.result)
        const stage = b.args.stageName?.toLowerCase() ?? ''
        if (parsed && !stage.includes(parsed.os) && !stage.includes(parsed.architecture)) {
          out.push(
            buildkitCheck(
              b,
              'FromPlatformFlagConstDisallowed',
              'warning',
              `FROM --platform flag should not use constant value "${expanded.result}". The stage then always uses that platform, even when you build for another one; use --platform=$BUILDPLATFORM for build tools, or leave the flag out.`
            )
          )
        }
      }
    }
    return out
  }
}
