// Small, safe text patches for fixes: they touch only the words that need to
// change, so the rest of the instruction keeps its layout and comments.
import { joinContinuations, splitWords } from '../text'
import type { EscapeCharacter, StatementBlock } from '../types'
import { programWords } from './shell'

export interface CommandSegment {
  /** Offsets inside the instruction text. */
  start: number
  end: number
  /** The program words of this simple command. */
  words: string[]
}

/** The simple commands of an instruction's text, with where each lies in it. */
export function commandSegmentsOf(instructionText: string, escapeChar: EscapeCharacter): CommandSegment[] {
  const keyword = /^[ \t]*\S+/.exec(instructionText)
  let start = keyword ? keyword[0].length : 0
  const segments: CommandSegment[] = []
  let quote: string | null = null
  let first = true
  const push = (end: number) => {
    let words = splitWords(joinContinuations(instructionText.slice(start, end), escapeChar, ' '), '\\').map((w) => w.value)
    if (first) {
      while (words[0]?.startsWith('--')) words = words.slice(1)
      first = false
    }
    segments.push({ start, end, words: programWords(words) })
  }
  for (let i = start; i < instructionText.length; i++) {
    const c = instructionText[i]
    if (quote !== null) {
      if (c === '\\' && quote === '"') i++
      else if (c === quote) quote = null
      continue
    }
    if (c === escapeChar || c === '\\') i++
    else if (c === '"' || c === "'") quote = c
    else if (c === ';' || c === '|' || c === '&' || c === '\n' || c === '\r') {
      push(i)
      if ((c === '|' || c === '&') && instructionText[i + 1] === c) i++
      start = i + 1
    }
  }
  push(instructionText.length)
  return segments
}

/** Applies `patch` to the text of every simple command `wanted` picks; returns null if nothing changed. */
export function patchCommands(
  block: StatementBlock,
  escapeChar: EscapeCharacter,
  wanted: (words: string[]) => boolean,
  patch: (segmentText: string) => string
): string | null {
  const text = block.instructionText
  let out = ''
  let cursor = 0
  for (const segment of commandSegmentsOf(text, escapeChar)) {
    if (!wanted(segment.words)) continue
    out += text.slice(cursor, segment.start) + patch(text.slice(segment.start, segment.end))
    cursor = segment.end
  }
  out += text.slice(cursor)
  return out === text ? null : out
}

/** Replaces the keyword at the start of an instruction's text. */
export function replaceKeyword(instructionText: string, keyword: string): string {
  return instructionText.replace(/^([ \t]*)\S+/, `$1${keyword}`)
}
