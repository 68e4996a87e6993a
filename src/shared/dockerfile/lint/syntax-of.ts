// What BuildKit's parser read for one statement (keyword as written, raw
// argument words, flags): the checks that follow BuildKit need the text as
// written, which the typed arguments have already resolved.
import { readSyntax, type SyntaxNode } from '../syntax'
import type { EscapeCharacter, StatementBlock } from '../types'

// By the block's instruction text: a reparse keeps unchanged blocks' text, and equal text reads the same.
const nodes = new Map<string, SyntaxNode | null>()
const MAX_REMEMBERED = 20_000

export function clearSyntaxCache(): void {
  nodes.clear()
}

/** The syntax node of a statement's instruction, or undefined when its text is not an instruction. */
export function syntaxOf(block: StatementBlock, escapeChar: EscapeCharacter): SyntaxNode | undefined {
  const key = escapeChar + block.instructionText
  let node = nodes.get(key)
  if (node === undefined) {
    const item = readSyntax(block.instructionText, 0, block.instructionText.length, escapeChar).items.find((i) => i.kind === 'instruction')
    node = item?.kind === 'instruction' ? item.node : null
    if (nodes.size >= MAX_REMEMBERED) nodes.clear()
    nodes.set(key, node)
  }
  return node ?? undefined
}

/** The instruction's keyword exactly as written (e.g. `run`, `Copy`). */
export function keywordAsWritten(block: StatementBlock): string {
  return /^[ \t\uFEFF]*([^ \t\r\n]+)/.exec(block.instructionText)?.[1] ?? ''
}
