import type { Block, EscapeCharacter } from '../../../shared/dockerfile'

/** An instruction on one line: continuations joined, runs of spaces collapsed. */
export function oneLine(text: string, escapeChar: EscapeCharacter): string {
  const escaped = escapeChar === '`' ? '`' : '\\\\'
  return text
    .replace(new RegExp(`${escaped}[ \\t]*\\r?\\n`, 'g'), ' ')
    .replace(/\s+/g, ' ')
    .trim()
}

function clip(text: string, max = 100): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text
}

/** The block's accessible name: its keyword first, e.g. "FROM ubuntu:latest". */
export function blockLabel(block: Block, escapeChar: EscapeCharacter): string {
  switch (block.kind) {
    case 'instruction':
    case 'raw':
      return clip(oneLine(block.instructionText, escapeChar)) || 'Empty instruction'
    case 'comment':
      return clip(`Comment: ${block.lines.join(' ')}`)
    case 'directive':
      return `Parser directive ${block.name}=${block.value}`
    case 'blank':
      return 'Blank line'
  }
}
