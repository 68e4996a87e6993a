// What BuildKit's parser read for one statement (keyword as written, raw
// argument words, flags): the checks that follow BuildKit need the text as
// written, which the typed arguments have already resolved.
import { forgetNodes, nodeOf } from '../syntax-memo'
import type { SyntaxNode } from '../syntax'
import type { EscapeCharacter, StatementBlock } from '../types'

export function clearSyntaxCache(): void {
  forgetNodes()
}

/** The syntax node of a statement's instruction, or undefined when its text is not an instruction. */
export function syntaxOf(block: StatementBlock, escapeChar: EscapeCharacter): SyntaxNode | undefined {
  return nodeOf(escapeChar, block.instructionText)
}

/** The instruction's keyword exactly as written (e.g. `run`, `Copy`). */
export function keywordAsWritten(block: StatementBlock): string {
  const text = block.instructionText
  let start = 0
  while (start < text.length && (text[start] === ' ' || text[start] === '\t' || text[start] === '\uFEFF')) start++
  if (block.keyword !== undefined && block.kind === 'instruction') return text.slice(start, start + block.keyword.length)
  return /^[^ \t\r\n]*/.exec(text.slice(start))?.[0] ?? ''
}
