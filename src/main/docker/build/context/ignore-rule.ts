// Which ignore file applies, per builder. BuildKit reads `<Dockerfile>.dockerignore` beside the
// Dockerfile first and the context's `.dockerignore` only when there is none; the classic builder
// reads the context's `.dockerignore` only.
import { lstat } from 'node:fs/promises'
import path from 'node:path'
import { AppError } from '../../../../shared/ipc/errors'
import type { BuilderKind } from '../../../../shared/ipc/channels/build'
import type { AppliedIgnoreFile } from '../../../../shared/ipc/channels/context'
import { PathPatterns } from '../session/patterns'
import { ioError } from './errors'
import { readIgnoreFile } from './ignore-file'

export const DOCKERIGNORE = '.dockerignore'

export interface IgnoreRule {
  builder: BuilderKind
  applied: AppliedIgnoreFile | null
  /** The applied file's text, or null when none applies. */
  text: string | null
  patterns: PathPatterns
  /** The context's own `.dockerignore` is a symbolic link (Docker sends it as the link). */
  contextIgnoreIsLink: boolean
  warnings: string[]
}

export interface IgnoreRuleOptions {
  builder: BuilderKind
  /** The saved Dockerfile, or null for an unsaved one. */
  dockerfilePath: string | null
  /**
   * Whether the Dockerfile's own folder may be read for `<Dockerfile>.dockerignore`: it is inside the
   * context, or a folder the person picked. When not, that file is not read and a warning says so.
   */
  dockerfileDirReadable: boolean
}

const isLink = (file: string): Promise<boolean> =>
  lstat(file).then(
    (info) => info.isSymbolicLink(),
    () => false
  )

const exists = (file: string): Promise<boolean> =>
  lstat(file).then(
    () => true,
    () => false
  )

/** `<Dockerfile>.dockerignore` for a saved Dockerfile. */
export function dockerfileIgnorePath(dockerfilePath: string): string {
  return `${dockerfilePath}.dockerignore`
}

function toPatterns(text: string | null, name: string): PathPatterns {
  try {
    return new PathPatterns((text ?? '').split(/\r?\n/).filter((line) => !line.trimStart().startsWith('#')))
  } catch (error) {
    throw new AppError('invalid-input', `${name} has a line Docker cannot read as a pattern (${(error as Error).message}). Fix or remove that line.`)
  }
}

async function read(file: string, insideOf: string[], what: string) {
  try {
    return await readIgnoreFile(file, insideOf)
  } catch (error) {
    throw ioError(what, error)
  }
}

/** Reads the ignore file that applies to a build of `root` with `options.builder`. */
export async function readIgnoreRule(root: string, options: IgnoreRuleOptions): Promise<IgnoreRule> {
  const contextFile = path.join(root, DOCKERIGNORE)
  const warnings: string[] = []
  const contextIgnoreIsLink = await isLink(contextFile)
  const rule = (applied: AppliedIgnoreFile | null, text: string | null): IgnoreRule => ({
    builder: options.builder,
    applied,
    text,
    patterns: toPatterns(text, applied?.name ?? DOCKERIGNORE),
    contextIgnoreIsLink,
    warnings
  })

  if (options.dockerfilePath) {
    const own = dockerfileIgnorePath(options.dockerfilePath)
    const name = path.basename(own)
    if (options.builder === 'classic') {
      if (await exists(own)) warnings.push(`The classic builder does not read ${name}; ${DOCKERIGNORE} in the build context applies. Build with BuildKit to use ${name}.`)
    } else if (!options.dockerfileDirReadable) {
      if (await exists(own)) {
        warnings.push(`${name} is in ${path.dirname(own)}, a folder you did not pick in Slipway, so Slipway does not read it: its patterns do not apply and what they would leave out is sent. Open the Dockerfile with Open…, or choose its folder, to use them.`)
      }
    } else {
      const got = await read(own, [root, path.dirname(options.dockerfilePath)], name)
      if (got.kind === 'read') return rule({ path: own, name }, got.text)
      if (got.kind === 'refused') warnings.push(got.message)
    }
  }

  if (options.builder === 'classic' && contextIgnoreIsLink) {
    warnings.push(
      `${DOCKERIGNORE} is a symbolic link, and Docker sends a link as a link, so Slipway cannot add the editor’s Dockerfile to it: COPY . also copies that Dockerfile (as a hidden .slipway.Dockerfile.* file). Replace the link with a copy of the file to leave it out, or build with BuildKit.`
    )
  }
  const got = await read(contextFile, [root], `${DOCKERIGNORE} in the build context`)
  if (got.kind === 'refused') warnings.push(got.message)
  return got.kind === 'read' ? rule({ path: contextFile, name: DOCKERIGNORE }, got.text) : rule(null, null)
}
