// DL rules about instructions and stages: FROM, COPY, USER, WORKDIR, ONBUILD.
import type { InstructionBlockOf } from '../../../types'
import type { Rule } from '../../types'
import { instructionsOf } from '../../util'
import { removeFlagFix } from './fix'
import { dlRule, rootImage, stageChain, stagesOf, type StageInfo } from './report'

type CopyBlock = InstructionBlockOf<'COPY'> | InstructionBlockOf<'ADD'>

function copies(statements: Parameters<typeof instructionsOf>[0]): CopyBlock[] {
  return [...instructionsOf(statements, 'COPY'), ...instructionsOf(statements, 'ADD')].sort((a, b) => a.instructionLine - b.instructionLine)
}

const hasVariable = (text: string) => text.includes('$')

function isRootUser(user: InstructionBlockOf<'USER'>): boolean {
  return user.args.user === 'root' || user.args.user === '0'
}

export const dl3002: Rule = dlRule('DL3002', ({ statements }, report) => {
  const stages = stagesOf(statements)
  const last = stages[stages.length - 1]
  if (!last) return
  const users = instructionsOf(statements, 'USER')
  // The image runs as the last USER of the final stage, or of the stage it is built on.
  for (const stage of stageChain(stages, last.index)) {
    const user = users.filter((u) => u.stageIndex === stage.index).pop()
    if (!user) continue
    if (isRootUser(user)) {
      report(
        user,
        'warning',
        'The image ends up running as root, so a process that is broken into controls the whole container. Switch to an unprivileged user at the end, e.g. USER 1000 (or a user created with useradd), after the steps that need root.'
      )
    }
    return
  }
})

export const dl3021: Rule = dlRule('DL3021', ({ statements }, report) => {
  for (const block of copies(statements)) {
    const { sources, destination } = block.args
    if (sources.length < 2 || destination.endsWith('/') || destination.endsWith('\\') || hasVariable(destination)) continue
    report(
      block,
      'error',
      `${block.keyword} with more than one source needs a folder as destination, written with a final /, or the build fails. Write ${destination}/.`
    )
  }
})

/** The stages defined before a line, by lower-cased name. */
function stageNamesBefore(stages: readonly StageInfo[], line: number): Set<string> {
  return new Set(stages.filter((s) => s.from.instructionLine < line && s.name !== undefined).map((s) => s.name as string))
}

/** `--from` names an image (not a stage) when it has a tag, digest or registry path. */
const looksLikeImage = (from: string) => /[:@/]/.test(from)

export const dl3022: Rule = dlRule('DL3022', ({ statements }, report) => {
  const stages = stagesOf(statements)
  // COPY lines and stages both come in line order: count the stages above as the COPYs go down.
  let before = 0
  const namesBefore = new Set<string>()
  for (const block of instructionsOf(statements, 'COPY')) {
    for (let s = stages[before]; s && s.from.instructionLine < block.instructionLine; s = stages[++before]) {
      if (s.name !== undefined) namesBefore.add(s.name)
    }
    const from = block.args.from
    if (from === undefined || hasVariable(from) || looksLikeImage(from)) continue
    if (/^\d+$/.test(from) ? Number(from) < before : namesBefore.has(from.toLowerCase())) continue
    report(
      block,
      'warning',
      `--from=${from} is not a stage defined above, so BuildKit pulls an image called ${from} instead. Name a stage with FROM … AS ${from} before this line, or write the image with its tag (e.g. --from=${from}:1.2).`
    )
  }
})

export const dl3023: Rule = dlRule('DL3023', ({ statements }, report) => {
  const stages = stagesOf(statements)
  for (const block of instructionsOf(statements, 'COPY')) {
    const from = block.args.from?.toLowerCase()
    if (from === undefined) continue
    const stage = stageChain(stages, block.stageIndex)[0]
    if (!stage) continue
    if (from !== stage.name && from !== String(stage.index)) continue
    report(block, 'error', `COPY --from=${block.args.from} copies from the stage it is in, which is not built yet, so the build fails. Copy from an earlier stage, or COPY from the build context without --from.`)
  }
})

export const dl3024: Rule = dlRule('DL3024', ({ statements }, report) => {
  const seen = new Map<string, number>()
  for (const stage of stagesOf(statements)) {
    if (stage.name === undefined) continue
    const first = seen.get(stage.name)
    if (first === undefined) seen.set(stage.name, stage.from.instructionLine)
    else report(stage.from, 'error', `The stage name ${stage.from.args.stageName} is already used on line ${first}; stage names must be unique, or the build fails. Rename one of the two stages.`)
  }
})

/** The registry of an image reference (`docker.io` when none is written), or undefined when a variable hides it. */
export function registryOf(image: string): string | undefined {
  if (hasVariable(image)) return undefined
  const slash = image.indexOf('/')
  const first = slash === -1 ? '' : image.slice(0, slash)
  if (first.includes('.') || first.includes(':') || first === 'localhost') return first.toLowerCase()
  return 'docker.io'
}

function registryAllowed(registry: string, allowed: readonly string[]): boolean {
  return allowed.some((pattern) => {
    if (pattern === '*') return true
    if (pattern.startsWith('*')) return registry.endsWith(pattern.slice(1))
    if (pattern.endsWith('*')) return registry.startsWith(pattern.slice(0, -1))
    return registry === pattern || (registry === 'docker.io' && pattern === 'hub.docker.com')
  })
}

export const dl3026: Rule = dlRule('DL3026', ({ statements, context }, report) => {
  const allowed = context.hadolint?.trustedRegistries ?? []
  if (allowed.length === 0) return
  const stages = stagesOf(statements)
  const check = (block: InstructionBlockOf<'FROM'> | InstructionBlockOf<'COPY'> | InstructionBlockOf<'RUN'>, image: string) => {
    if (image.toLowerCase() === 'scratch' || stageNamesBefore(stages, block.instructionLine).has(image.toLowerCase())) return
    const registry = registryOf(image)
    if (registry === undefined || registryAllowed(registry, allowed)) return
    report(
      block,
      'error',
      `${image} comes from ${registry}, which is not one of the trusted registries in .hadolint.yaml (${allowed.join(', ')}). Use an image from a trusted registry, or add ${registry} to trustedRegistries.`
    )
  }
  for (const from of instructionsOf(statements, 'FROM')) check(from, from.args.image)
  for (const copy of instructionsOf(statements, 'COPY')) {
    const from = copy.args.from
    if (from !== undefined && looksLikeImage(from)) check(copy, from)
  }
  // RUN --mount=type=bind,from=golang:1.22,… reads another image too.
  for (const run of instructionsOf(statements, 'RUN')) {
    for (const mount of run.args.mounts ?? []) {
      const from = /(?:^|,)from=([^,]+)/.exec(mount)?.[1]?.replace(/^["']|["']$/g, '')
      if (from !== undefined && looksLikeImage(from)) check(run, from)
    }
  }
})

export const dl3029: Rule = dlRule('DL3029', ({ statements }, report) => {
  for (const from of instructionsOf(statements, 'FROM')) {
    const platform = from.args.platform
    if (platform === undefined || hasVariable(platform)) continue
    report(
      from,
      'warning',
      `--platform=${platform} fixes the platform, so building for another one (docker build --platform) still uses ${platform} here. Leave it out, or use a build argument such as --platform=$BUILDPLATFORM for build tools.`,
      removeFlagFix(from, 'platform', 'Remove --platform')
    )
  }
})

export const dl3043: Rule = dlRule('DL3043', ({ statements }, report) => {
  for (const block of instructionsOf(statements, 'ONBUILD')) {
    const trigger = /^\s*(\S+)/.exec(block.args.trigger)?.[1]?.toUpperCase()
    if (trigger !== 'ONBUILD' && trigger !== 'FROM' && trigger !== 'MAINTAINER') continue
    report(block, 'error', `ONBUILD ${trigger} is not allowed: ONBUILD cannot trigger ONBUILD, FROM or MAINTAINER, so images built on this one fail. Remove it or use another instruction.`)
  }
})

function isAbsolutePath(path: string): boolean {
  return path.startsWith('/') || path.startsWith('\\') || path.startsWith('$') || /^[A-Za-z]:/.test(path)
}

export const dl3045: Rule = dlRule('DL3045', ({ statements }, report) => {
  const stages = stagesOf(statements)
  const workdirs = instructionsOf(statements, 'WORKDIR')
  for (const block of copies(statements)) {
    const destination = block.args.destination
    if (isAbsolutePath(destination)) continue
    // A WORKDIR earlier in this stage, or anywhere in a stage it is built on.
    const chain = stageChain(stages, block.stageIndex)
    // FROM scratch starts in /, so a relative path there is plain.
    if (rootImage(stages, block.stageIndex)?.image.toLowerCase() === 'scratch') continue
    const hasWorkdir = workdirs.some((w) => (w.stageIndex === block.stageIndex && w.instructionLine < block.instructionLine) || chain.slice(1).some((s) => s.index === w.stageIndex))
    if (hasWorkdir) continue
    report(
      block,
      'warning',
      `${block.keyword} to the relative path ${destination} lands wherever the base image's working directory is, which this Dockerfile does not set. Set WORKDIR first (e.g. WORKDIR /app) or write an absolute destination.`
    )
  }
})

export const dl3061: Rule = dlRule('DL3061', ({ statements }, report) => {
  for (const block of statements) {
    if (block.keyword === 'FROM') return
    if (block.keyword === 'ARG' || block.keyword === undefined) continue
    report(block, 'error', `${block.keyword} comes before the first FROM, where only ARG is allowed, so the build fails. Start the Dockerfile with FROM (ARG lines for FROM may come first).`)
  }
})

const RESERVED_STAGE_NAMES = new Set(['scratch', 'context'])

export const dl3063: Rule = dlRule('DL3063', ({ statements }, report) => {
  for (const stage of stagesOf(statements)) {
    if (stage.name === undefined || !RESERVED_STAGE_NAMES.has(stage.name)) continue
    report(stage.from, 'warning', `"${stage.from.args.stageName}" is a reserved name (FROM ${stage.name} and --from=${stage.name} mean something else), so this stage cannot be referred to by it. Choose another stage name.`)
  }
})

export const dl3065: Rule = dlRule('DL3065', ({ statements }, report) => {
  for (const from of instructionsOf(statements, 'FROM')) {
    const platform = from.args.platform
    if (platform !== '$TARGETPLATFORM' && platform !== '${TARGETPLATFORM}') continue
    report(from, 'info', '--platform=$TARGETPLATFORM is what FROM uses anyway, so the flag changes nothing. Remove it.', removeFlagFix(from, 'platform', 'Remove --platform'))
  }
})

export const dl3067: Rule = dlRule('DL3067', ({ statements }, report) => {
  for (const block of instructionsOf(statements, 'COPY')) {
    if (block.args.from === undefined || !block.args.sources.includes('/') || block.args.destination !== '/') continue
    report(
      block,
      'warning',
      `This copies the whole file system of ${block.args.from} over this stage's, including /etc, /usr and the package database, which breaks the image in ways that are hard to see. Copy only the folders you need, e.g. COPY --from=${block.args.from} /app /app.`
    )
  }
})
