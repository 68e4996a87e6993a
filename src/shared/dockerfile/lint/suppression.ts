// "Ignore here": a `# slipway-ignore: rule-a, rule-b` comment directly above
// an instruction silences those rules for that instruction.
import { applyTextChanges } from '../document'
import { findBlock, isStatement } from '../edit'
import type { DockerfileDocument, StatementBlock } from '../types'

const MARKER = /^slipway-ignore\b:?\s*(.*)$/

/** Rules suppressed on a block; `'*'` when the comment lists none (everything). */
export function suppressedRules(block: StatementBlock): Set<string> {
  const rules = new Set<string>()
  for (const comment of block.comments) {
    const match = MARKER.exec(comment)
    if (!match) continue
    const list = (match[1] ?? '').split(/[\s,]+/).filter((r) => r.length > 0)
    if (list.length === 0) rules.add('*')
    for (const rule of list) rules.add(rule)
  }
  return rules
}

/** Writes (or extends) the suppression comment directly above an instruction. */
export function addSuppression(doc: DockerfileDocument, blockId: string, rule: string): DockerfileDocument {
  const block = findBlock(doc, blockId)
  if (!isStatement(block)) return doc
  const existing = suppressedRules(block)
  if (existing.has(rule) || existing.has('*')) return doc
  const start = block.range.startOffset
  const lines = block.commentText.split(/(?<=\r\n|\r|\n)/).filter((l) => l.length > 0)
  const index = lines.findIndex((l) => MARKER.test(l.replace(/^[ \t]*#[ \t]*/, '').trimEnd()))
  const line = lines[index]
  if (line !== undefined) {
    const lineStart = start + lines.slice(0, index).join('').length
    const body = line.replace(/[\r\n]+$/, '')
    return applyTextChanges(doc, [{ start: lineStart, end: lineStart + body.length, text: `${body.trimEnd()}, ${rule}` }], { preferIds: [blockId] })
  }
  const at = start + block.commentText.length
  const indent = /^[ \t]*/.exec(block.instructionText)?.[0] ?? ''
  return applyTextChanges(doc, [{ start: at, end: at, text: `${indent}# slipway-ignore: ${rule}${doc.eol}` }], { preferIds: [blockId] })
}
