// Low-level text helpers shared by the parser, renderer and rules.
import type { EscapeCharacter, LineEnding } from './types'

export function detectLineEnding(text: string): LineEnding {
  let crlf = 0
  let lf = 0
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
    if (i > 0 && text.charCodeAt(i - 1) === 13) crlf++
    else lf++
  }
  return crlf > lf ? '\r\n' : '\n'
}

/** The line terminator at the end of `text` ('' if none). */
export function trailingLineEnd(text: string): string {
  if (text.endsWith('\r\n')) return '\r\n'
  if (text.endsWith('\n')) return '\n'
  if (text.endsWith('\r')) return '\r'
  return ''
}

/** Text of a comment line without `#` and the surrounding whitespace. */
export function commentContent(line: string): string {
  return line.replace(/^[ \t\uFEFF]*#/, '').trim()
}

/**
 * Joins an instruction's physical lines into the one logical line Docker sees:
 * an escape character at the end of a line (trailing whitespace allowed)
 * continues it, and comment lines and empty lines inside a continuation are
 * dropped. `joiner` goes where a continuation was removed (Docker uses '').
 */
export function joinContinuations(text: string, escapeChar: EscapeCharacter, joiner = ''): string {
  if (!text.includes('\n') && !text.includes('\r')) return text
  const lines = text.split(/\r\n|\r|\n/)
  let out = ''
  let continuing = false
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? ''
    if (continuing && /^[ \t\f\v\r\uFEFF]*(#|$)/.test(line)) continue
    const trimmed = line.replace(/[ \t]+$/, '')
    if (endsWithEscape(trimmed, escapeChar) && i < lines.length - 1) {
      out += trimmed.slice(0, -1) + joiner
      continuing = true
    } else {
      out += line
      continuing = false
    }
  }
  return out
}

/** True if the line ends with an escape character not preceded by another (BuildKit's rule: `a\\` and `a\\\` do not continue). */
function endsWithEscape(line: string, escapeChar: EscapeCharacter): boolean {
  return line.endsWith(escapeChar) && !line.endsWith(escapeChar + escapeChar)
}

/** A word of an instruction's arguments, split on whitespace outside quotes. */
export interface Word {
  /** As written, quotes included. */
  raw: string
  /** With quotes removed and escapes resolved. */
  value: string
  start: number
  end: number
}

function isSpace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13) || code === 0xa0 || code === 0xfeff
}

export function splitWords(text: string, escapeChar: EscapeCharacter): Word[] {
  const words: Word[] = []
  scanWords(text, 0, text.length, escapeChar, (value, start, end) => words.push({ raw: text.slice(start, end), value, start, end }))
  return words
}

/** splitWords' values alone, for `text[from, to)`. */
export function wordValues(text: string, from: number, to: number, escapeChar: EscapeCharacter): string[] {
  const values: string[] = []
  scanWords(text, from, to, escapeChar, (value) => values.push(value))
  return values
}

/** Calls `onWord` for each word of `text[from, to)`, with its value and where it is in `text`. */
function scanWords(text: string, from: number, to: number, escapeChar: EscapeCharacter, onWord: (value: string, start: number, end: number) => void): void {
  let i = from
  while (i < to) {
    while (i < to && isSpace(text.charCodeAt(i))) i++
    if (i >= to) break
    const start = i
    let value = ''
    // The characters from `plain` on are taken as they are (added to value at once, not one by one).
    let plain = i
    let quote: string | null = null
    while (i < to) {
      const c = text[i] as string
      if (quote === null && isSpace(text.charCodeAt(i))) break
      if (c === escapeChar && quote !== "'" && i + 1 < to) {
        value += text.slice(plain, i) + text[i + 1]
        i += 2
        plain = i
      } else if (quote === null ? c === '"' || c === "'" : c === quote) {
        value += text.slice(plain, i)
        quote = quote === null ? c : null
        i++
        plain = i
      } else i++
    }
    onWord(value + text.slice(plain, i), start, i)
  }
}

/**
 * Where shell text splits into commands, outside quotes and escapes: at `&&` outside parentheses
 * (`'and'`), or at every control operator, newline and parenthesis (`'operators'`: `;`, `&`, `&&`, `|`, `||`).
 * The one quote-aware scanner for a RUN's script; its spans are offsets into `text`.
 */
export function shellCommandSpans(text: string, at: 'and' | 'operators'): { start: number; end: number }[] {
  const spans: { start: number; end: number }[] = []
  let depth = 0
  let quote: string | null = null
  let start = 0
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (quote !== null) {
      if (c === '\\' && quote === '"') i++
      else if (c === quote) quote = null
    } else if (c === '\\') {
      i++
    } else if (c === '"' || c === "'") {
      quote = c
    } else if (at === 'and') {
      if (c === '(') depth++
      else if (c === ')') depth = Math.max(0, depth - 1)
      else if (c === '&' && text[i + 1] === '&' && depth === 0) {
        spans.push({ start, end: i })
        i++
        start = i + 1
      }
    } else if (c === ';' || c === '|' || c === '&' || c === '\n' || c === '(' || c === ')') {
      spans.push({ start, end: i })
      if ((c === '|' || c === '&') && text[i + 1] === c) i++
      start = i + 1
    }
  }
  spans.push({ start, end: text.length })
  return spans
}

/** Splits shell text on `&&` that is outside quotes and parentheses. */
export function splitTopLevelAnd(text: string): string[] {
  return shellCommandSpans(text, 'and').map(({ start, end }) => collapseShellWhitespace(text.slice(start, end))).filter((p) => p.length > 0)
}

/** Collapses whitespace runs outside quotes to one space (the shell does not see the difference). */
export function collapseShellWhitespace(text: string): string {
  let out = ''
  let quote: string | null = null
  let pendingSpace = false
  // The characters from `kept` on (-1: none) go to out as they are, at once.
  let kept = -1
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (quote === null && isSpace(text.charCodeAt(i))) {
      if (kept !== -1) out += text.slice(kept, i)
      kept = -1
      pendingSpace = true
      continue
    }
    if (kept === -1) {
      if (pendingSpace && out.length > 0) out += ' '
      kept = i
    }
    pendingSpace = false
    if (quote !== null) {
      if (c === '\\' && quote === '"' && i + 1 < text.length) i++
      else if (c === quote) quote = null
    } else if (c === '\\' && i + 1 < text.length) {
      i++
    } else if (c === '"' || c === "'") {
      quote = c
    }
  }
  return kept === -1 ? out : out + text.slice(kept)
}
