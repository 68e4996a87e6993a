// Suppressions, in each tool's own words, so the file means the same to
// `docker build`, to hadolint and to Slipway:
// - BuildKit: the `# check=skip=<Rule>[,…]` parser directive (whole file;
//   `skip=all`; `error=true` makes findings fail the build), and, from
//   Dockerfile frontend 1.21, a `# check=skip=…` comment above an instruction;
// - hadolint: `# hadolint ignore=DL3008[,…]` above an instruction and
//   `# hadolint global ignore=…` anywhere;
// - Slipway's own rules: `# slipway-ignore: rule[, rule]` above an instruction.
import { applyTextChanges, type TextChange } from '../document'
import { findBlock, isStatement } from '../edit'
import type { Block, DockerfileDocument, StatementBlock } from '../types'

export type Tool = 'buildkit' | 'hadolint' | 'slipway'

/** A rule id's tool and its name in that tool's suppressions (`buildkit/StageNameCasing` → StageNameCasing). */
export function ruleName(rule: string): { tool: Tool; name: string } {
  if (rule.startsWith('buildkit/')) return { tool: 'buildkit', name: rule.slice('buildkit/'.length) }
  if (rule.startsWith('hadolint/')) return { tool: 'hadolint', name: rule.slice('hadolint/'.length) }
  return { tool: 'slipway', name: rule }
}

export interface CheckOptions {
  skipAll: boolean
  skip: Set<string>
  /** `error=true`: BuildKit fails the build on any finding. */
  error: boolean
}

/** BuildKit's ParseLintOptions: `skip=A,B;error=true`; null when BuildKit would refuse it. */
export function parseCheckOptions(value: string): CheckOptions | null {
  const options: CheckOptions = { skipAll: false, skip: new Set(), error: false }
  const text = value.trim()
  if (text === '') return options
  for (const part of text.split(';').slice(0, 3)) {
    const eq = part.indexOf('=')
    if (eq === -1) return null
    const key = part.slice(0, eq).trim()
    const v = part.slice(eq + 1).trim()
    if (key === 'skip') {
      if (v === 'all') options.skipAll = true
      else for (const rule of v.split(',')) options.skip.add(rule.trim())
    } else if (key === 'error') {
      if (/^(1|t|true|TRUE|True)$/.test(v)) options.error = true
      else if (!/^(0|f|false|FALSE|False)$/.test(v)) return null
    } else if (key !== 'experimental') return null
  }
  return options
}

export interface BlockSuppressions {
  /** From a `# check=…` comment since the previous instruction (BuildKit reads the first one). */
  check?: CheckOptions
  hadolint: Set<string>
  slipway: Set<string>
}

export interface Suppressions {
  /** The `# check=` parser directive. */
  file: CheckOptions
  hadolintGlobal: Set<string>
  byBlock: Map<string, BlockSuppressions>
}

const CHECK_COMMENT = /^check\s*=\s*(.+?)\s*$/i
const HADOLINT_IGNORE = /^hadolint\s+ignore\s*=\s*(.*)$/
const HADOLINT_GLOBAL = /^hadolint\s+global\s+ignore\s*=\s*(.*)$/
const SLIPWAY_IGNORE = /^slipway-ignore\b:?\s*(.*)$/

const list = (text: string) => text.split(/[\s,]+/).filter((r) => r.length > 0)

const cache = new WeakMap<readonly Block[], Suppressions>()

function noSuppressions(): BlockSuppressions {
  return { hadolint: new Set(), slipway: new Set() }
}

export function readSuppressions(doc: DockerfileDocument): Suppressions {
  const kept = cache.get(doc.blocks)
  if (kept) return kept
  const result: Suppressions = { file: { skipAll: false, skip: new Set(), error: false }, hadolintGlobal: new Set(), byBlock: new Map() }
  // BuildKit's parser keeps the comment lines since the previous instruction (blank lines do not reset them, an empty `#` does).
  let pending: string[] = []
  for (const block of doc.blocks) {
    if (block.kind === 'directive') {
      if (block.name === 'check') result.file = parseCheckOptions(block.value) ?? result.file
      continue
    }
    const comments = block.kind === 'comment' ? block.lines : isStatement(block) ? block.comments : []
    for (const line of comments) {
      const global = HADOLINT_GLOBAL.exec(line)
      if (global) for (const rule of list(global[1] ?? '')) result.hadolintGlobal.add(rule)
      if (line === '') pending = []
      else pending.push(line)
    }
    if (!isStatement(block)) continue
    // Most instructions have no comment above them: nothing to read (and no sets made on every keystroke).
    if (pending.length === 0 && block.comments.length === 0) continue
    // Made when a comment suppresses something (most comments do not).
    let own: BlockSuppressions | undefined
    for (const line of pending) {
      const check = CHECK_COMMENT.exec(line)
      if (check && own?.check === undefined) {
        const options = parseCheckOptions((check[1] ?? '').split(' ')[0] ?? '')
        if (options) (own ??= noSuppressions()).check = options
      }
      const hadolint = HADOLINT_IGNORE.exec(line)
      if (hadolint) for (const rule of list(hadolint[1] ?? '')) (own ??= noSuppressions()).hadolint.add(rule)
    }
    for (const line of block.comments) {
      const slipway = SLIPWAY_IGNORE.exec(line)
      if (!slipway) continue
      const rules = list(slipway[1] ?? '')
      own ??= noSuppressions()
      if (rules.length === 0) own.slipway.add('*')
      for (const rule of rules) own.slipway.add(rule)
    }
    if (own) result.byBlock.set(block.id, own)
    pending = []
  }
  cache.set(doc.blocks, result)
  return result
}

/** Whether a finding of `rule` on `blockId` is silenced by the file's comments (not counting .hadolint.yaml). */
export function isSuppressedInFile(s: Suppressions, rule: string, blockId: string | undefined): boolean {
  const { tool, name } = ruleName(rule)
  const own = blockId ? s.byBlock.get(blockId) : undefined
  if (own?.slipway.has('*') || own?.slipway.has(rule) || own?.slipway.has(name)) return true
  if (tool === 'buildkit') return s.file.skipAll || s.file.skip.has(name) || own?.check?.skipAll === true || own?.check?.skip.has(name) === true
  if (tool === 'hadolint') return s.hadolintGlobal.has(name) || own?.hadolint.has(name) === true
  return false
}

/** Where "Ignore" writes its comment. */
export type SuppressionForm = 'buildkit-file' | 'buildkit-here' | 'hadolint-here' | 'hadolint-file' | 'slipway-here'

export interface SuppressionChoice {
  form: SuppressionForm
  label: string
  /** The comment it writes, e.g. `# check=skip=StageNameCasing`. */
  comment: string
  /** Where it goes and who reads it. */
  description: string
}

/** The ways a finding of `rule` can be ignored, the usual one first. */
export function suppressionChoices(rule: string): SuppressionChoice[] {
  const { tool, name } = ruleName(rule)
  if (tool === 'buildkit') {
    return [
      { form: 'buildkit-file', label: 'Skip in this file', comment: `# check=skip=${name}`, description: 'A parser directive at the top of the Dockerfile: docker build skips this check for the whole file.' },
      { form: 'buildkit-here', label: 'Ignore here', comment: `# check=skip=${name}`, description: 'A comment above this instruction: docker build skips the check here (Dockerfile syntax 1.21 and later).' }
    ]
  }
  if (tool === 'hadolint') {
    return [
      { form: 'hadolint-here', label: 'Ignore here', comment: `# hadolint ignore=${name}`, description: 'A comment above this instruction: hadolint ignores the rule here.' },
      { form: 'hadolint-file', label: 'Ignore in this file', comment: `# hadolint global ignore=${name}`, description: 'A comment at the top of the Dockerfile: hadolint ignores the rule in the whole file.' }
    ]
  }
  return [{ form: 'slipway-here', label: 'Ignore here', comment: `# slipway-ignore: ${name}`, description: 'A comment above this instruction: Slipway does not report this here.' }]
}

/** Writes (or extends) the comment that ignores `rule`, in the form given (the usual form for the rule when absent). */
export function addSuppression(doc: DockerfileDocument, blockId: string, rule: string, form?: SuppressionForm): DockerfileDocument {
  const block = findBlock(doc, blockId)
  if (!isStatement(block)) return doc
  const { name } = ruleName(rule)
  const chosen = form ?? (suppressionChoices(rule)[0] as SuppressionChoice).form
  const s = readSuppressions(doc)
  if (isSuppressedInFile(s, rule, blockId) && chosen !== 'buildkit-file' && chosen !== 'hadolint-file') return doc
  switch (chosen) {
    case 'buildkit-file':
      return addCheckDirective(doc, name, blockId)
    case 'hadolint-file':
      if (s.hadolintGlobal.has(name)) return doc
      return insertAtTop(doc, `# hadolint global ignore=${name}`, blockId)
    case 'buildkit-here':
      return addCommentAbove(doc, block, /^check\s*=\s*skip\s*=/i, (line) => line.replace(/(skip\s*=\s*[^;\s]*)/i, `$1,${name}`), `# check=skip=${name}`)
    case 'hadolint-here':
      return addCommentAbove(doc, block, HADOLINT_IGNORE, (line) => `${line.trimEnd()},${name}`, `# hadolint ignore=${name}`)
    case 'slipway-here':
      return addCommentAbove(doc, block, SLIPWAY_IGNORE, (line) => `${line.trimEnd()}, ${name}`, `# slipway-ignore: ${name}`)
  }
}

/** Extends the comment line directly above the instruction that `marker` finds, or writes `fresh` there. */
function addCommentAbove(
  doc: DockerfileDocument,
  block: StatementBlock,
  marker: RegExp,
  extend: (line: string) => string,
  fresh: string
): DockerfileDocument {
  const start = block.range.startOffset
  const lines = block.commentText.split(/(?<=\r\n|\r|\n)/).filter((l) => l.length > 0)
  const index = lines.findIndex((l) => marker.test(l.replace(/^[ \t]*#[ \t]*/, '').trimEnd()))
  const line = lines[index]
  if (line !== undefined) {
    const lineStart = start + lines.slice(0, index).join('').length
    const body = line.replace(/[\r\n]+$/, '')
    return applyTextChanges(doc, [{ start: lineStart, end: lineStart + body.length, text: extend(body) }], { preferIds: [block.id] })
  }
  const at = start + block.commentText.length
  const indent = /^[ \t]*/.exec(block.instructionText)?.[0] ?? ''
  return applyTextChanges(doc, [{ start: at, end: at, text: `${indent}${fresh}${doc.eol}` }], { preferIds: [block.id] })
}

/** Adds a rule to the `# check=` directive, writing the directive at the top of the file when there is none. */
function addCheckDirective(doc: DockerfileDocument, name: string, keepId: string): DockerfileDocument {
  const directive = doc.blocks.find((b) => b.kind === 'directive' && b.name === 'check')
  if (directive?.kind !== 'directive') return insertAtTop(doc, `# check=skip=${name}`, keepId, true)
  const options = parseCheckOptions(directive.value)
  if (options && (options.skipAll || options.skip.has(name))) return doc
  const body = directive.text.replace(/[\r\n]+$/, '')
  const text = /skip\s*=/.test(body) ? body.replace(/(skip\s*=\s*[^;\s]*)/, `$1,${name}`) : `${body.trimEnd()};skip=${name}`
  const change: TextChange = { start: directive.range.startOffset, end: directive.range.startOffset + body.length, text }
  return applyTextChanges(doc, [change], { preferIds: [keepId] })
}

/** Inserts a line at the top: a directive goes first; a comment after the parser directives. */
function insertAtTop(doc: DockerfileDocument, line: string, keepId: string, asDirective = false): DockerfileDocument {
  let at = 0
  if (!asDirective) for (const b of doc.blocks) if (b.kind === 'directive') at = b.range.endOffset
  // A comment right after the directives would be read as one more directive if it looked like one; a blank line ends them.
  const directivesEnd = !asDirective && at > 0 ? doc.eol : ''
  return applyTextChanges(doc, [{ start: at, end: at, text: `${directivesEnd}${line}${doc.eol}` }], { preferIds: [keepId] })
}
