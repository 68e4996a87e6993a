// Low-level text helpers shared by the parser, renderer and rules.
import type { EscapeCharacter, LineEnding } from './types'

export interface SourceLine {
  /** Offset of the first character. */
  start: number
  /** Offset just after the last character, before the terminator. */
  end: number
  /** Offset of the next line (after the terminator). */
  next: number
}

/**
 * Splits text into lines the way dockerfile-ast counts them (CRLF, CR and LF
 * all end a line). A final empty line after the last terminator is not a line.
 */
export function splitLines(text: string): SourceLine[] {
  const lines: SourceLine[] = []
  let start = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 10 || c === 13) {
      const end = i
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++
      lines.push({ start, end, next: i + 1 })
      start = i + 1
    }
  }
  if (start < text.length) lines.push({ start, end: text.length, next: text.length })
  return lines
}

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

export function isBlank(line: string): boolean {
  return /^[ \t\f\v\uFEFF]*$/.test(line)
}

export function isCommentLine(line: string): boolean {
  return /^[ \t\uFEFF]*#/.test(line)
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
    if (continuing && (isCommentLine(line) || isBlank(line))) continue
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

/** True if the line ends with an escape character that is not itself escaped. */
function endsWithEscape(line: string, escapeChar: EscapeCharacter): boolean {
  let count = 0
  for (let i = line.length - 1; i >= 0 && line[i] === escapeChar; i--) count++
  return count % 2 === 1
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
  let i = 0
  while (i < text.length) {
    while (i < text.length && isSpace(text.charCodeAt(i))) i++
    if (i >= text.length) break
    const start = i
    let value = ''
    let quote: string | null = null
    while (i < text.length) {
      const c = text[i] ?? ''
      if (quote === null && isSpace(text.charCodeAt(i))) break
      if (c === escapeChar && quote !== "'" && i + 1 < text.length) {
        value += text[i + 1]
        i += 2
        continue
      }
      if (quote === null && (c === '"' || c === "'")) {
        quote = c
      } else if (quote !== null && c === quote) {
        quote = null
      } else {
        value += c
      }
      i++
    }
    words.push({ raw: text.slice(start, i), value, start, end: i })
  }
  return words
}

/**
 * Reads a JSON array of strings (exec form). Docker decides exec form by
 * whether the whole argument text is such an array; otherwise it is shell form.
 */
export function parseJsonArray(text: string): string[] | null {
  const trimmed = text.trim()
  if (!trimmed.startsWith('[') || !trimmed.endsWith(']')) return null
  try {
    const value: unknown = JSON.parse(trimmed)
    if (Array.isArray(value) && value.every((v): v is string => typeof v === 'string')) return value
  } catch {
    return null
  }
  return null
}

/** Leading `--name[=value]` words of an argument text, and the text after them. */
export function takeFlags(
  text: string,
  escapeChar: EscapeCharacter
): { flags: { name: string; value: string | null }[]; rest: string } {
  const flags: { name: string; value: string | null }[] = []
  let rest = text
  for (const word of splitWords(text, escapeChar)) {
    if (!word.raw.startsWith('--') || word.raw.length < 3) break
    const body = word.raw.slice(2)
    const eq = body.indexOf('=')
    flags.push(eq === -1 ? { name: body, value: null } : { name: body.slice(0, eq), value: body.slice(eq + 1) })
    rest = text.slice(word.end)
  }
  return { flags, rest: rest.trim() }
}

/** Splits shell text on `&&` that is outside quotes and parentheses. */
export function splitTopLevelAnd(text: string): string[] {
  const parts: string[] = []
  let depth = 0
  let quote: string | null = null
  let start = 0
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (quote !== null) {
      if (c === '\\' && quote === '"') i++
      else if (c === quote) quote = null
      continue
    }
    if (c === '\\') {
      i++
    } else if (c === '"' || c === "'") {
      quote = c
    } else if (c === '(') {
      depth++
    } else if (c === ')') {
      depth = Math.max(0, depth - 1)
    } else if (c === '&' && text[i + 1] === '&' && depth === 0) {
      parts.push(text.slice(start, i))
      start = i + 2
      i++
    }
  }
  parts.push(text.slice(start))
  return parts.map(collapseShellWhitespace).filter((p) => p.length > 0)
}

/** Collapses whitespace runs outside quotes to one space (the shell does not see the difference). */
export function collapseShellWhitespace(text: string): string {
  let out = ''
  let quote: string | null = null
  let pendingSpace = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i] ?? ''
    if (quote === null && isSpace(text.charCodeAt(i))) {
      pendingSpace = true
      continue
    }
    if (pendingSpace && out.length > 0) out += ' '
    pendingSpace = false
    out += c
    if (quote !== null) {
      if (c === '\\' && quote === '"' && i + 1 < text.length) out += text[++i]
      else if (c === quote) quote = null
    } else if (c === '\\' && i + 1 < text.length) {
      out += text[++i]
    } else if (c === '"' || c === "'") {
      quote = c
    }
  }
  return out
}
