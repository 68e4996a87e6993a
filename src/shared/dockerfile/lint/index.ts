// lintDockerfile: dockerfile-utils' validation plus Slipway's own rules, with
// duplicates removed and "slipway-ignore" comments honoured.
import { isRemembered } from '../ast-memo'
import { applyTextChanges, type TextChange } from '../document'
import { findBlock, instructionSpan, isStatement } from '../edit'
import { serializeDockerfile } from '../serialize'
import type { Block, DockerfileDocument, StatementBlock } from '../types'
import { validateWithDockerfileUtils, type MappedDiagnostic } from './dockerfile-utils'
import { validateBlocks } from './dockerfile-utils-blocks'
import { aptInstallYes, aptListsCleanup, aptNoInstallRecommends, aptUpdateAlone, python2Package } from './rules/apt'
import { copySource } from './rules/context'
import {
  addLocalFile,
  exposePortRange,
  fromTag,
  invalidInstruction,
  jsonArgsRecommended,
  maintainerDeprecated,
  multipleInstructions,
  workdirRelative
} from './rules/instructions'
import { cdInRun, pipNoCacheDir, sudoInRun } from './rules/run'
import { suppressedRules } from './suppression'
import type { Diagnostic, Fix, LintContext, Rule } from './types'

export type { Diagnostic, Fix, FixEdit, LintContext, Severity } from './types'
export { addSuppression } from './suppression'
export { dockerfileUtilsRuleId } from './dockerfile-utils'
export { clearValidationCache } from './dockerfile-utils-blocks'

export const RULES: readonly Rule[] = [
  invalidInstruction,
  fromTag,
  aptUpdateAlone,
  aptInstallYes,
  aptNoInstallRecommends,
  aptListsCleanup,
  python2Package,
  sudoInRun,
  cdInRun,
  pipNoCacheDir,
  addLocalFile,
  copySource,
  jsonArgsRecommended,
  multipleInstructions,
  exposePortRange,
  workdirRelative,
  maintainerDeprecated
]

/** Every rule id Slipway itself reports (dockerfile-utils' are `dockerfile-utils/<code>`). */
export const RULE_IDS = [
  'invalid-instruction',
  'from-no-tag',
  'from-latest-tag',
  'apt-update-alone',
  'apt-install-yes',
  'apt-no-install-recommends',
  'apt-lists-cleanup',
  'python2-package',
  'sudo-in-run',
  'cd-in-run',
  'pip-no-cache-dir',
  'add-local-file',
  'copy-source-missing',
  'copy-source-ignored',
  'json-args-recommended',
  'multiple-instructions-disallowed',
  'expose-port-out-of-range',
  'workdir-relative-path',
  'maintainer-deprecated'
] as const

export type RuleId = (typeof RULE_IDS)[number]

/** Rules of ours that report every case dockerfile-utils does for the same meaning. */
const FULLY_COVERED = new Set(['multiple-instructions-disallowed', 'maintainer-deprecated', 'workdir-relative-path'])

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 }

/**
 * How dockerfile-utils runs: on the whole text, or block by block with each
 * block's result remembered (so after an edit only the edited block is
 * validated again). Both give the same diagnostics. `auto` validates a
 * document just read from text whole (its tree is already parsed) and an
 * edited one block by block.
 */
type Validation = 'auto' | 'whole' | 'blocks'

export function lintDockerfile(doc: DockerfileDocument, context: LintContext = {}): Diagnostic[] {
  return lint(doc, context, 'auto')
}

/** lintDockerfile with dockerfile-utils run on the whole text at once (the reference the block-by-block validation is tested against). */
export function lintDockerfileWhole(doc: DockerfileDocument, context: LintContext = {}): Diagnostic[] {
  return lint(doc, context, 'whole')
}

/** lintDockerfile with dockerfile-utils run block by block. */
export function lintDockerfileByBlocks(doc: DockerfileDocument, context: LintContext = {}): Diagnostic[] {
  return lint(doc, context, 'blocks')
}

/**
 * After a document read whole was linted whole, validates it block by block
 * too, so that the first edit validates one block, not all of them. Meant for
 * idle time (on 2,000 lines it costs what opening did).
 */
export function prepareForEdits(doc: DockerfileDocument): void {
  if (isRemembered(serializeDockerfile(doc))) validateBlocks(doc)
}

function lint(doc: DockerfileDocument, context: LintContext, validation: Validation): Diagnostic[] {
  const statements = doc.blocks.filter(isStatement)
  const ours = RULES.flatMap((rule) => rule.check({ doc, statements, context }))
  const blockAt = blockLocator(doc.blocks)
  const oursByBlock = new Set(ours.map((d) => `${d.blockId}\u0000${d.rule}`))
  const theirs: MappedDiagnostic[] = []
  const text = serializeDockerfile(doc)
  const whole = validation === 'whole' || (validation === 'auto' && isRemembered(text))
  const validated = (whole ? null : validateBlocks(doc)) ?? validateWithDockerfileUtils(text)
  const byId = new Map<string, Block>()
  for (const block of doc.blocks) byId.set(block.id, block)
  for (const d of validated) {
    const block = blockAt(d.line)
    if (block) d.blockId = block.id
    if (d.sameAs && (FULLY_COVERED.has(d.sameAs) || oursByBlock.has(`${d.blockId}\u0000${d.sameAs}`))) continue
    theirs.push(d)
  }
  const seen = new Set<string>()
  const result: Diagnostic[] = []
  for (const d of [...ours, ...theirs]) {
    const key = `${d.line}\u0000${d.rule}\u0000${d.message}`
    if (seen.has(key) || isSuppressed(byId, d)) continue
    seen.add(key)
    const { sameAs: _sameAs, ...plain } = d as MappedDiagnostic
    result.push(plain)
  }
  return result.sort((a, b) => a.line - b.line || SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity])
}

function isSuppressed(byId: ReadonlyMap<string, Block>, d: MappedDiagnostic): boolean {
  if (!d.blockId) return false
  const block = byId.get(d.blockId)
  if (!isStatement(block)) return false
  const rules = suppressedRules(block)
  return rules.has('*') || rules.has(d.rule) || (d.sameAs !== undefined && rules.has(d.sameAs))
}

/** Finds the block that contains a 1-based line. */
function blockLocator(blocks: readonly Block[]): (line: number) => Block | undefined {
  return (line) => {
    let lo = 0
    let hi = blocks.length - 1
    while (lo <= hi) {
      const mid = (lo + hi) >> 1
      const block = blocks[mid]
      if (!block) return undefined
      if (line < block.range.startLine) hi = mid - 1
      else if (line > block.range.endLine) lo = mid + 1
      else return block
    }
    return undefined
  }
}

/** Applies a diagnostic's fix. A fix computed for text that has changed since is refused (the document comes back unchanged). */
export function applyFix(doc: DockerfileDocument, fix: Fix): DockerfileDocument {
  const changes: TextChange[] = []
  const kept: string[] = []
  for (const edit of fix.edits) {
    const block = findBlock(doc, edit.blockId)
    if (!isStatement(block) || block.instructionText !== edit.expectedText) return doc
    if (edit.newText === null) {
      changes.push({ start: block.range.startOffset, end: block.range.endOffset, text: '' })
    } else {
      const { start, end } = instructionSpan(block as StatementBlock)
      changes.push({ start, end, text: edit.newText })
      kept.push(block.id)
    }
  }
  return applyTextChanges(doc, changes, { preferIds: kept })
}
