// What the build dialog checks before a build starts: the problems the editor's lint knows of, measured
// against the build context the dialog will send, and near matches for names Docker would not find.
import { getStages, INSTRUCTION_KEYWORDS, lintDockerfile, type Diagnostic, type DockerfileDocument } from '../../../shared/dockerfile'
import { suggestName } from '../../../shared/dockerfile/lint/variables'
import type { ContextInfo } from '../../../shared/ipc/channels/context'

/** A likely typo and what to write instead, on the instruction at `line`. */
export interface NearMatch {
  line: number
  wrong: string
  right: string
  message: string
}

export interface Preflight {
  /** Errors: the build would fail (or do something else than meant). */
  problems: Diagnostic[]
  nearMatches: NearMatch[]
  /** Some COPY or ADD source is not in the chosen context. */
  missingSources: boolean
}

/** `name` or `name:latest`, as Docker reads a reference without a tag. */
function withTag(reference: string): string {
  const lastPart = reference.slice(reference.lastIndexOf('/') + 1)
  return lastPart.includes(':') || lastPart.includes('@') ? reference : `${reference}:latest`
}

/** Base images that are neither on the engine nor an earlier stage, with the engine's image one typo away. */
function imageNearMatches(doc: DockerfileDocument, engineImages: readonly string[]): NearMatch[] {
  const stages = getStages(doc)
  const stageNames = new Set(stages.flatMap((s) => (s.name ? [s.name.toLowerCase()] : [])))
  const known = new Set(engineImages)
  const out: NearMatch[] = []
  for (const stage of stages) {
    const image = stage.baseImage
    if (!image || image === 'scratch' || image.includes('$') || stageNames.has(image.toLowerCase())) continue
    const reference = withTag(image)
    if (known.has(reference)) continue
    const right = suggestName(reference, engineImages)
    const from = doc.blocks.find((b) => b.id === stage.blockIds[0])
    if (!right || !from || (from.kind !== 'instruction' && from.kind !== 'raw')) continue
    const shown = right.endsWith(':latest') && !image.includes(':') ? right.slice(0, -':latest'.length) : right
    out.push({ line: from.instructionLine, wrong: image, right: shown, message: `${image} is not on this engine, and Docker would try to pull it. Did you mean ${shown}?` })
  }
  return out
}

/** Instructions whose keyword is one typo away from a real one (EXPOS → EXPOSE). */
function keywordNearMatches(doc: DockerfileDocument): NearMatch[] {
  return doc.blocks.flatMap((b) => {
    if (b.kind !== 'raw' || !b.keyword) return []
    const word = b.keyword.toUpperCase()
    if ((INSTRUCTION_KEYWORDS as readonly string[]).includes(word)) return []
    const right = suggestName(word, INSTRUCTION_KEYWORDS)
    return right ? [{ line: b.instructionLine, wrong: b.keyword, right, message: `${b.keyword} is not a Dockerfile instruction. Did you mean ${right}?` }] : []
  })
}

/** The checks for building `doc` with the context `context` (null: not measured yet). */
export function preflight(doc: DockerfileDocument, context: ContextInfo | null, engineImages: readonly string[]): Preflight {
  const lint = lintDockerfile(doc, {
    // A listing cut short cannot say a file is missing.
    ...(context && !context.truncated ? { files: context.files, ignoredFiles: context.ignored } : {}),
    ...(context?.hadolint ? { hadolint: context.hadolint.config } : {})
  })
  const problems = lint.filter((d) => d.severity === 'error')
  return {
    problems,
    nearMatches: [...keywordNearMatches(doc), ...imageNearMatches(doc, engineImages)].sort((a, b) => a.line - b.line),
    missingSources: problems.some((d) => d.rule === 'copy-source-missing')
  }
}

/** The instruction text with the near match applied (the first occurrence of the wrong word). */
export function applyNearMatch(instructionText: string, match: NearMatch): string {
  const at = instructionText.indexOf(match.wrong)
  return at === -1 ? instructionText : instructionText.slice(0, at) + match.right + instructionText.slice(at + match.wrong.length)
}
