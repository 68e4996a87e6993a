// dockerfile-utils' validation one block at a time, remembered by the block's
// text, so that after an edit only the edited block is validated again.
//
// What validate() reports for an instruction depends on the instruction's
// text, the escape character and, for a few checks, its surroundings:
// - variables resolved from ARG/ENV (FROM, EXPOSE, STOPSIGNAL, ONBUILD
//   triggers): such a block is validated after the ARG/ENV blocks it can see;
// - whole-file checks (directives, "no FROM", duplicate stage names; the
//   duplicate CMD/ENTRYPOINT/HEALTHCHECK report is always replaced by ours):
//   done here from per-block facts, in validate()'s order;
// - an EXPOSE with an unknown protocol, whose reported end depends on where
//   the instruction is in the file: validated in place (uncached).
// The result is the list validate() gives for the whole text (tests compare
// the two on generated documents).
import { DockerfileParser } from 'dockerfile-ast'
import { validate, ValidationCode } from 'dockerfile-utils'
import { Validator } from 'dockerfile-utils/lib/dockerValidator'
import type { Block, DirectiveBlock, DockerfileDocument, EscapeCharacter, StatementBlock } from '../types'
import { mapDockerfileUtilsDiagnostic, type MappedDiagnostic } from './dockerfile-utils'

/** A diagnostic with `line`/`endLine` counted from the block's first line (0). */
type RelativeDiagnostic = MappedDiagnostic

interface BlockValidation {
  diagnostics: RelativeDiagnostic[]
  /** "No FROM before this instruction", reported when it is the first instruction other than ARG and FROM. */
  noSourceImage?: RelativeDiagnostic
  /** The report's range depends on the block's place in the file (validated in place). */
  inPlace: boolean
  /** FROM: its build stage name as dockerfile-ast reads it (lower case), and the lines of that name. */
  stage?: { name: string; line: number; endLine: number }
  /** A `# dockerfile-utils: ignore` comment directly above the keyword. */
  ignored?: boolean
  /** validate() threw on this text (see validateBlocks). */
  threw?: boolean
}

/** Keeps at most about 2 × LIMIT entries: when the newer map fills up, the older one is dropped. */
class GenerationalCache<V> {
  private newer = new Map<string, V>()
  private older = new Map<string, V>()
  constructor(private readonly limit: number) {}
  get(key: string): V | undefined {
    const hit = this.newer.get(key)
    if (hit !== undefined) return hit
    const old = this.older.get(key)
    if (old !== undefined) this.set(key, old)
    return old
  }
  set(key: string, value: V): void {
    if (this.newer.size >= this.limit) {
      this.older = this.newer
      this.newer = new Map()
    }
    this.newer.set(key, value)
  }
  clear(): void {
    this.newer.clear()
    this.older.clear()
  }
}

const CACHE_LIMIT = 20_000
/** Blocks validated on their own, by how they are read (escape character, or at the top of the file) and text. */
const single = { top: new GenerationalCache<BlockValidation>(CACHE_LIMIT), '\\': new GenerationalCache<BlockValidation>(CACHE_LIMIT), '`': new GenerationalCache<BlockValidation>(CACHE_LIMIT) }
/** Blocks validated after the ARG/ENV blocks they can see, by the validated text. */
const withContext = new GenerationalCache<BlockValidation>(CACHE_LIMIT)
/** The parser directives at the top of the file, by their text. */
const directiveCache = new GenerationalCache<BlockValidation>(100)

/** Forgets every remembered validation (for tests and measurements of the cold path). */
export function clearValidationCache(): void {
  single.top.clear()
  single['\\'].clear()
  single['`'].clear()
  withContext.clear()
  directiveCache.clear()
}

/** Text put before a block that is not at the top of the file: the escape directive, and a blank line that ends the directives. */
function prefixFor(escapeChar: EscapeCharacter): { text: string; lines: number } {
  return escapeChar === '`' ? { text: '# escape=`\n\n', lines: 2 } : { text: '\n', lines: 1 }
}

function lineCount(block: Block): number {
  return block.range.endLine - block.range.startLine + 1
}

function relative(d: MappedDiagnostic, firstLine: number): RelativeDiagnostic {
  return { ...d, line: d.line - firstLine, ...(d.endLine !== undefined ? { endLine: d.endLine - firstLine } : {}) }
}

/** A fresh diagnostic at the block's place (callers set blockId on it). */
function placed(d: RelativeDiagnostic, firstLine: number): MappedDiagnostic {
  return {
    line: d.line + firstLine,
    ...(d.endLine !== undefined ? { endLine: d.endLine + firstLine } : {}),
    severity: d.severity,
    rule: d.rule,
    message: d.message,
    ...(d.sameAs !== undefined ? { sameAs: d.sameAs } : {})
  }
}

/**
 * Validates `text` and keeps what validate() says from line `first` (1-based)
 * on, relative to it. What follows that line is the block (or blank), and a
 * report may start after its last line (an open continuation at the end).
 */
function validateLines(text: string, first: number, block?: StatementBlock): BlockValidation {
  const result: BlockValidation = { diagnostics: [], inPlace: false }
  let reported: ReturnType<typeof validate>
  try {
    reported = validate(text)
  } catch {
    return { ...result, threw: true }
  }
  for (const raw of reported) {
    if (raw.range.start.line + 1 < first) continue
    const mapped = relative(mapDockerfileUtilsDiagnostic(raw), first)
    if (raw.code === ValidationCode.NO_SOURCE_IMAGE) {
      if (block && block.keyword !== 'ARG' && block.keyword !== 'FROM') result.noSourceImage = mapped
      continue
    }
    if (raw.code === ValidationCode.INVALID_PROTO) result.inPlace = true
    result.diagnostics.push(mapped)
  }
  if (block?.keyword === 'FROM') Object.assign(result, fromFacts(text, first))
  return result
}

const IGNORE_COMMENT = 'dockerfile-utils: ignore'

/** The build stage name of the (last) FROM in `text` and whether it carries an ignore comment. */
function fromFacts(text: string, first: number): Pick<BlockValidation, 'stage' | 'ignored'> {
  let parsed: ReturnType<typeof DockerfileParser.parse>
  try {
    parsed = DockerfileParser.parse(text)
  } catch {
    return {}
  }
  const froms = parsed.getFROMs()
  const from = froms[froms.length - 1]
  if (!from) return {}
  const keywordLine = from.getInstructionRange().start.line
  const ignored = parsed.getComments().some((c) => c.getRange().start.line === keywordLine - 1 && c.getContent() === IGNORE_COMMENT)
  const name = from.getBuildStage()
  const range = from.getBuildStageRange()
  if (name === null || range === null) return { ignored }
  return { ignored, stage: { name: name.toLowerCase(), line: range.start.line + 1 - first, endLine: range.end.line + 1 - first } }
}

function validateAlone(block: StatementBlock, escapeChar: EscapeCharacter): BlockValidation {
  const top = block.range.startOffset === 0
  const cache = top ? single.top : single[escapeChar]
  let entry = cache.get(block.text)
  if (!entry) {
    const prefix = top ? { text: '', lines: 0 } : prefixFor(escapeChar)
    entry = validateLines(prefix.text + block.text, prefix.lines + 1, block)
    cache.set(block.text, entry)
  }
  return entry
}

/** Validated after the blocks it can see (which keep their order; each ends with a line break). */
function validateAfter(context: readonly StatementBlock[], block: StatementBlock, escapeChar: EscapeCharacter): BlockValidation {
  const top = (context[0] ?? block).range.startOffset === 0
  const prefix = top ? { text: '', lines: 0 } : prefixFor(escapeChar)
  let text = prefix.text
  let first = prefix.lines + 1
  for (const b of context) {
    text += b.text
    first += lineCount(b)
  }
  text += block.text
  const key = `${first}\u0000${text}`
  let entry = withContext.get(key)
  if (!entry) {
    entry = validateLines(text, first, block)
    withContext.set(key, entry)
  }
  return entry
}

/** The whole text with everything but `keep` blanked out, so that every kept block is where it was. */
function validateInPlace(doc: DockerfileDocument, keep: ReadonlySet<Block>, block: StatementBlock): MappedDiagnostic[] | null {
  let text = ''
  for (const b of doc.blocks) text += keep.has(b) || b.kind === 'directive' ? b.text : b.text.replace(/[^\r\n]/g, ' ')
  const validation = validateLines(text, block.range.startLine, block)
  return validation.threw ? null : validation.diagnostics.map((d) => placed(d, block.range.startLine))
}

/** Instructions whose report depends on variables defined before them. */
const READS_VARIABLES = new Set(['FROM', 'EXPOSE', 'STOPSIGNAL', 'ONBUILD'])

function isStatement(block: Block): block is StatementBlock {
  return block.kind === 'instruction' || block.kind === 'raw'
}

let noSourceImage: MappedDiagnostic | undefined

/** validate()'s report for a file without any instruction but ARG. */
function noSourceImageAtTop(): MappedDiagnostic {
  noSourceImage ??= validate('').map(mapDockerfileUtilsDiagnostic)[0]
  if (!noSourceImage) throw new Error('dockerfile-utils did not report an empty Dockerfile')
  return noSourceImage
}

/**
 * dockerfile-utils' diagnostics for the document, as validate() gives them for
 * its whole text. Null if the document holds text that is not an instruction,
 * or a block on which validate() throws (dockerfile-utils overflows the stack
 * resolving a variable in an indented instruction before any other, e.g.
 * " EXPOSE $PORT"; in the whole text it may not): then validate the text instead.
 */
export function validateBlocks(doc: DockerfileDocument): MappedDiagnostic[] | null {
  const { blocks, escapeChar } = doc
  const out: MappedDiagnostic[] = []

  let directiveCount = 0
  while (blocks[directiveCount]?.kind === 'directive') directiveCount++
  if (directiveCount > 0) {
    const directives = blocks.slice(0, directiveCount) as DirectiveBlock[]
    const text = directives.map((b) => b.text).join('')
    let entry = directiveCache.get(text)
    if (!entry) {
      entry = validateLines(text, 1)
      directiveCache.set(text, entry)
    }
    for (const d of entry.diagnostics) out.push(placed(d, 1))
  }

  const statements: StatementBlock[] = []
  for (const b of blocks) {
    if (!isStatement(b)) continue
    if (b.keyword === undefined) return null
    statements.push(b)
  }
  if (statements.every((b) => b.keyword === 'ARG')) out.push({ ...noSourceImageAtTop() })

  // Per block: alone, or after the ARG/ENV blocks it can see.
  const validations: BlockValidation[] = []
  const contexts: (StatementBlock[] | undefined)[] = []
  const initialArgs: StatementBlock[] = []
  const initialVariables: StatementBlock[] = []
  let stageFrom: StatementBlock | undefined
  let stageVariables: StatementBlock[] = []
  for (const b of statements) {
    const context = READS_VARIABLES.has(b.keyword ?? '') && b.instructionText.includes('$') ? contextOf(b) : undefined
    let validation: BlockValidation
    if (!context) validation = validateAlone(b, escapeChar)
    else {
      validation = validateAfter(context, b, escapeChar)
      // Only alone does it say "no FROM before this" (needed before the first FROM).
      if (!stageFrom && b.keyword !== 'FROM' && b.keyword !== 'ARG' && !validation.threw) {
        const alone = validateAlone(b, escapeChar)
        if (alone.threw) return null
        validation = { ...validation, ...(alone.noSourceImage ? { noSourceImage: alone.noSourceImage } : {}) }
      }
    }
    if (validation.threw) return null
    validations.push(validation)
    contexts.push(context)
    if (b.keyword === 'FROM') {
      stageFrom = b
      stageVariables = []
    } else if (b.keyword === 'ARG' || b.keyword === 'ENV') {
      if (stageFrom) stageVariables.push(b)
      else {
        initialVariables.push(b)
        if (b.keyword === 'ARG') initialArgs.push(b)
      }
    }
  }

  function contextOf(b: StatementBlock): StatementBlock[] {
    if (b.keyword === 'FROM') return [...initialArgs]
    if (!stageFrom) return [...initialVariables]
    return [...initialArgs, stageFrom, ...stageVariables]
  }

  // Stage names used twice: every FROM that uses one.
  const stageNames = new Map<string, number>()
  for (const v of validations) if (v.stage) stageNames.set(v.stage.name, (stageNames.get(v.stage.name) ?? 0) + 1)
  statements.forEach((b, i) => {
    const v = validations[i]
    if (!v?.stage || (stageNames.get(v.stage.name) ?? 0) < 2 || v.ignored) return
    const base = b.range.startLine
    out.push({
      line: v.stage.line + base,
      ...(v.stage.endLine > v.stage.line ? { endLine: v.stage.endLine + base } : {}),
      ...duplicateStageName(v.stage.name)
    })
  })

  let hasFrom = false
  for (let i = 0; i < statements.length; i++) {
    const b = statements[i] as StatementBlock
    const v = validations[i] as BlockValidation
    if (b.keyword === 'FROM') hasFrom = true
    else if (!hasFrom && b.keyword !== 'ARG') {
      if (v.noSourceImage) out.push(placed(v.noSourceImage, b.range.startLine))
      hasFrom = true
    }
    if (v.inPlace) {
      const inPlace = validateInPlace(doc, new Set<Block>([b, ...(contexts[i] ?? [])]), b)
      if (!inPlace) return null
      out.push(...inPlace)
    } else {
      for (const d of v.diagnostics) out.push(placed(d, b.range.startLine))
    }
  }
  return out
}

function duplicateStageName(name: string): Omit<MappedDiagnostic, 'line' | 'endLine'> {
  const { severity, rule, message, sameAs } = mapDockerfileUtilsDiagnostic({
    range: { start: { line: 0 }, end: { line: 0 } },
    severity: 1,
    code: ValidationCode.DUPLICATE_BUILD_STAGE_NAME,
    message: Validator.getDiagnosticMessage_DuplicateBuildStageName(name)
  })
  return { severity, rule, message, ...(sameAs !== undefined ? { sameAs } : {}) }
}
