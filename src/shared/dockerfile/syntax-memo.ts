// The syntax node BuildKit's parser reads for an instruction, remembered by
// its text, so that the linter (which needs the words as written: keyword
// casing, legacy `ENV k v`, raw FROM words) does not read the text again.
// The parser records each instruction it reads; equal text reads the same.
import { readSyntax, type SyntaxNode } from './syntax'
import type { EscapeCharacter } from './types'

const nodes = { '\\': new Map<string, SyntaxNode | null>(), '`': new Map<string, SyntaxNode | null>() }
const MAX_REMEMBERED = 20_000

/** Called by the parser for each instruction it read (text: from the keyword's line to the instruction's last line). */
export function rememberNode(escapeChar: EscapeCharacter, instructionText: string, node: SyntaxNode): void {
  const cache = nodes[escapeChar]
  if (cache.size >= MAX_REMEMBERED) cache.clear()
  cache.set(instructionText, node)
}

/** The node for an instruction's text (read now if it was not remembered); undefined when the text holds no instruction. */
export function nodeOf(escapeChar: EscapeCharacter, instructionText: string): SyntaxNode | undefined {
  const cache = nodes[escapeChar]
  let node = cache.get(instructionText)
  if (node === undefined) {
    const item = readSyntax(instructionText, 0, instructionText.length, escapeChar).items.find((i) => i.kind === 'instruction')
    node = item?.kind === 'instruction' ? item.node : null
    if (cache.size >= MAX_REMEMBERED) cache.clear()
    cache.set(instructionText, node)
  }
  return node ?? undefined
}

export function forgetNodes(): void {
  nodes['\\'].clear()
  nodes['`'].clear()
}
