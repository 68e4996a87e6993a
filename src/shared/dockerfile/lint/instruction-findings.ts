// What the rules that read one instruction alone found, remembered by that
// instruction's text: on a keystroke only the instructions whose text changed
// go through those rules again. The rules that look across instructions
// (stages, ARG scope, what comes before or after) still run on every lint.
import type { DockerfileDocument, StatementBlock } from '../types'
import type { Diagnostic, LintContext, Rule } from './types'

interface Findings {
  /** The instruction's text (with its comments) the findings were made from. */
  text: string
  /** The instruction's line then (the findings move with it). */
  line: number
  /** Each finding with the index of the rule that made it, in the order the rules were passed and reported. */
  found: { rule: number; diagnostic: Diagnostic }[]
}

/** By block id: ids are unique in a document and stay with their instruction. */
let remembered = new Map<string, Findings>()
/** The rules, escape character and line ending the remembered findings were made with. */
let rememberedFor: { rules: readonly Rule[]; setting: string } | undefined

/**
 * Each rule's findings on every statement, in statement order (per
 * statement, in the order the rule reported them). Every rule passed in must
 * report only on the instruction it read, from that instruction's text and
 * the document's escape character and line ending alone.
 */
export function findingsPerInstruction(
  doc: DockerfileDocument,
  statements: readonly StatementBlock[],
  rules: readonly Rule[],
  context: LintContext
): Diagnostic[][] {
  const setting = `${doc.escapeChar}${doc.eol}`
  if (rememberedFor?.rules !== rules || rememberedFor.setting !== setting) {
    remembered = new Map()
    rememberedFor = { rules, setting }
  }
  const missing = remembered.size === 0 ? statements : statements.filter((block) => remembered.get(block.id)?.text !== block.text)
  // What this lint remembers: the fresh findings, then those kept from the last lint (added below).
  const now = missing.length > 0 ? readMissing(doc, missing.length === statements.length ? statements : missing, rules, context) : new Map<string, Findings>()
  // Two statements with one id (a document not made by the parser): read them all, remember nothing.
  if (!now) return rules.map((rule) => rule.check({ doc, statements, context }))
  const out: Diagnostic[][] = rules.map(() => [])
  for (const block of statements) {
    let findings = now.get(block.id)
    if (!findings) {
      findings = remembered.get(block.id) as Findings
      now.set(block.id, findings)
    } else if (findings.text !== block.text) return rules.map((rule) => rule.check({ doc, statements, context }))
    const shift = block.instructionLine - findings.line
    for (const { rule, diagnostic } of findings.found) (out[rule] as Diagnostic[]).push(shift === 0 ? diagnostic : moved(diagnostic, shift))
  }
  remembered = now
  return out
}

/** Shared by the many instructions no rule reports on (never pushed to). */
const NOTHING_FOUND: Findings['found'] = []

/** The findings on each block, by id; null when two blocks share an id. */
function readMissing(
  doc: DockerfileDocument,
  blocks: readonly StatementBlock[],
  rules: readonly Rule[],
  context: LintContext
): Map<string, Findings> | null {
  const byId = new Map<string, Findings>()
  for (const block of blocks) {
    if (byId.has(block.id)) return null
    byId.set(block.id, { text: block.text, line: block.instructionLine, found: NOTHING_FOUND })
  }
  rules.forEach((rule, r) => {
    for (const d of rule.check({ doc, statements: blocks, context })) {
      const findings = d.blockId === undefined ? undefined : byId.get(d.blockId)
      if (!findings) throw new Error(`${rule.id} reported on an instruction it was not given: it is not a rule of one instruction`)
      if (findings.found === NOTHING_FOUND) findings.found = []
      findings.found.push({ rule: r, diagnostic: d })
    }
  })
  return byId
}

function moved(d: Diagnostic, shift: number): Diagnostic {
  const copy = { ...d, line: d.line + shift }
  if (d.endLine !== undefined) copy.endLine = d.endLine + shift
  return copy
}

/** Forgets every remembered finding (for measurements of the cold path). */
export function forgetInstructionFindings(): void {
  remembered = new Map()
  rememberedFor = undefined
}
