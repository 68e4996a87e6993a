// lintDockerfile: BuildKit's build checks, hadolint's DL rules and Slipway's
// own rules over the document model, with each tool's suppressions and the
// .hadolint.yaml honoured, and a finding two tools report alike shown once.
import { applyTextChanges, type TextChange } from '../document'
import { findBlock, instructionSpan, isStatement } from '../edit'
import type { DockerfileDocument, StatementBlock } from '../types'
import { invalidFlag, invalidStageName, jsonInSingleQuotes, noSourceImage } from './rules/build-errors'
import { aptInstallYes, aptListsCleanup, aptNoInstallRecommends, aptUpdateAlone, python2Package } from './rules/apt'
import {
  consistentInstructionCasing,
  exposeChecks,
  jsonArgsRecommended,
  legacyKeyValueFormat,
  maintainerDeprecated,
  multipleInstructionsDisallowed,
  noEmptyContinuation,
  secretsUsedInArgOrEnv,
  workdirRelativePath
} from './rules/buildkit/instructions'
import { fromArgs, fromAsCasing, stageNameCasing, stageNames } from './rules/buildkit/stages'
import { undefinedVar } from './rules/buildkit/undefined-var'
import { copySource } from './rules/context'
import { hadolintInstructionRules, hadolintRules, overlaps } from './rules/hadolint'
import { forgetScripts } from './rules/hadolint/shell'
import { dl3000, dl3025, dl4000, dlMultiple } from './rules/hadolint-overlaps'
import { addLocalFile, exposePorts, fromTag, invalidInstruction } from './rules/instructions'
import { cdInRun, pipNoCacheDir, sudoInRun } from './rules/run'
import { findingsPerInstruction, forgetInstructionFindings } from './instruction-findings'
import { clearSyntaxCache } from './syntax-of'
import { isSuppressedInFile, readSuppressions, ruleName } from './suppression'
import type { Diagnostic, Fix, HadolintConfig, LintContext, Rule, Severity } from './types'

export type { Diagnostic, DiagnosticData, Fix, FixEdit, HadolintConfig, LintContext, Severity } from './types'
export { addSuppression, suppressionChoices, type SuppressionChoice, type SuppressionForm } from './suppression'
export { buildkitCheckUrl, isRulePageUrl } from './rules/buildkit/check'

/** BuildKit's static build checks (InvalidBaseImagePlatform needs the pulled image's platform, which only the engine knows). */
export const BUILDKIT_RULES: readonly Rule[] = [
  stageNameCasing,
  fromAsCasing,
  noEmptyContinuation,
  consistentInstructionCasing,
  stageNames,
  jsonArgsRecommended,
  maintainerDeprecated,
  fromArgs,
  workdirRelativePath,
  undefinedVar,
  multipleInstructionsDisallowed,
  legacyKeyValueFormat,
  secretsUsedInArgOrEnv,
  copySource,
  exposeChecks
]

/** Slipway's own rules, and the DL rules written before the hadolint set (same ids). */
export const SLIPWAY_RULES: readonly Rule[] = [
  invalidInstruction,
  invalidFlag,
  invalidStageName,
  noSourceImage,
  jsonInSingleQuotes,
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
  exposePorts,
  dl3000,
  dl3025,
  dl4000,
  dlMultiple
]

/** A DL rule written here and in the hadolint set reports once (the hadolint set's). */
export const RULES: readonly Rule[] = [
  ...BUILDKIT_RULES,
  ...SLIPWAY_RULES.filter((own) => !hadolintRules.some((r) => r.id === own.id)),
  ...hadolintRules
]

/**
 * The rules whose findings on an instruction come from its text alone (and the
 * escape character and line ending), each reporting only on the instruction it
 * read: their findings are remembered per instruction between lints. Every other
 * rule reads more (stages, ARG scope, a neighbour, the build context, .hadolint.yaml)
 * and runs on every lint. test/unit/dockerfile/lint-instruction-findings.test.ts
 * checks each one against the corpus.
 */
export const INSTRUCTION_RULES: ReadonlySet<Rule> = new Set([
  stageNameCasing,
  fromAsCasing,
  noEmptyContinuation,
  maintainerDeprecated,
  legacyKeyValueFormat,
  exposeChecks,
  invalidInstruction,
  invalidFlag,
  invalidStageName,
  jsonInSingleQuotes,
  aptInstallYes,
  aptNoInstallRecommends,
  aptListsCleanup,
  sudoInRun,
  cdInRun,
  addLocalFile,
  exposePorts,
  dl3000,
  dl3025,
  dl4000,
  ...hadolintInstructionRules
])

const instructionRules = RULES.filter((r) => INSTRUCTION_RULES.has(r))

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 }

export function lintDockerfile(doc: DockerfileDocument, context: LintContext = {}): Diagnostic[] {
  const statements = doc.blocks.filter(isStatement) as StatementBlock[]
  const suppressions = readSuppressions(doc)
  const config = context.hadolint
  const kept: Diagnostic[] = []
  const remembered = findingsPerInstruction(doc, statements, instructionRules, context)
  for (const rule of RULES) {
    const found = INSTRUCTION_RULES.has(rule) ? (remembered[instructionRules.indexOf(rule)] as Diagnostic[]) : rule.check({ doc, statements, context })
    for (const d of found) {
      if (isSuppressedInFile(suppressions, d.rule, d.blockId) || isIgnoredByConfig(config, d.rule)) continue
      const severity = severityFor(d, config, suppressions.file.error)
      kept.push(severity === d.severity ? d : { ...d, severity })
    }
  }
  const seen = new Set<string>()
  const result: Diagnostic[] = []
  for (const d of mergeOverlaps(kept)) {
    const key = `${d.line}\u0000${d.rule}\u0000${d.message}`
    if (seen.has(key)) continue
    seen.add(key)
    result.push(d)
  }
  return result.sort((a, b) => a.line - b.line || SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity])
}

function isIgnoredByConfig(config: HadolintConfig | undefined, rule: string): boolean {
  if (!config?.ignored?.length) return false
  const { name } = ruleName(rule)
  return config.ignored.includes(name) || config.ignored.includes(rule)
}

/** .hadolint.yaml's `override` (style is shown as info), then `# check=error=true` (BuildKit then fails the build on its findings). */
function severityFor(d: Diagnostic, config: HadolintConfig | undefined, checkError: boolean): Severity {
  const { tool, name } = ruleName(d.rule)
  if (tool === 'buildkit' && checkError) return 'error'
  const override = config?.override
  if (override) {
    const listed = (list: readonly string[] | undefined) => list?.includes(name) === true || list?.includes(d.rule) === true
    if (listed(override.error)) return 'error'
    if (listed(override.warning)) return 'warning'
    if (listed(override.info) || listed(override.style)) return 'info'
  }
  return d.severity
}

/**
 * A DL rule that says what a BuildKit check says (the hadolint set's overlap
 * table) on the same instruction becomes one diagnostic: BuildKit's, naming
 * the DL rule too, at the more severe of the two severities.
 */
function mergeOverlaps(diagnostics: Diagnostic[]): Diagnostic[] {
  const buildkit = new Map<string, Diagnostic>()
  for (const d of diagnostics) if (d.rule.startsWith('buildkit/') && d.blockId) buildkit.set(`${d.blockId}\u0000${d.rule}`, d)
  const merged = new Map<Diagnostic, Diagnostic[]>()
  const out: Diagnostic[] = []
  for (const d of diagnostics) {
    const { tool, name } = ruleName(d.rule)
    const check = tool === 'hadolint' ? overlaps[name] : undefined
    const target = check && d.blockId ? buildkit.get(`${d.blockId}\u0000buildkit/${check}`) : undefined
    if (target) merged.set(target, [...(merged.get(target) ?? []), d])
    else out.push(d)
  }
  return out.map((d) => {
    const others = merged.get(d)
    if (!others) return d
    const severity = others.reduce<Severity>((s, o) => (SEVERITY_ORDER[o.severity] < SEVERITY_ORDER[s] ? o.severity : s), d.severity)
    const names = others.map((o) => `hadolint ${ruleName(o.rule).name}`).join(', ')
    const fix = d.fix ?? others.find((o) => o.fix)?.fix
    return {
      ...d,
      severity,
      message: `${d.message} (also ${names})`,
      ...(fix ? { fix } : {}),
      data: { ...d.data, alsoReportedBy: others.map((o) => ({ rule: o.rule, ...(o.data?.url ? { url: o.data.url } : {}) })) }
    }
  })
}

/** Kept for callers that warmed the old validation in idle time: linting needs no warming now. */
export function prepareForEdits(_doc: DockerfileDocument): void {}

/** Forgets what linting remembers between calls (for tests and measurements of the cold path). */
export function clearValidationCache(): void {
  clearSyntaxCache()
  forgetInstructionFindings()
  forgetScripts()
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
