// BuildKit's word rules, for the parts of a Dockerfile line that are not run
// by a shell: how an instruction's flags are cut off (extractBuilderFlags),
// how ENV/LABEL/ARG words are split (parseWords), how a word's quotes and
// escapes are resolved when the build uses it (the shell lexer's
// ProcessWord, with every variable left as written), and how here-document
// words (`<<EOF`, `3<<-'END'`) are recognised.

/** Go's unicode.IsSpace. */
export function isGoSpace(code: number): boolean {
  return (code >= 9 && code <= 13) || code === 32 || code === 0x85 || code === 0xa0 || code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000
}

/** BuildKit's reWhitespace: `[\t\v\f\r ]`. */
export function isLineSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 11 || code === 12 || code === 13
}

/** Splits on runs of `[\t\v\f\r ]` (Go's regexp Split with n = -1 on reWhitespace). */
export function splitOnLineSpace(text: string): string[] {
  const parts: string[] = []
  let start = 0
  let i = 0
  while (i < text.length) {
    if (isLineSpace(text.charCodeAt(i))) {
      parts.push(text.slice(start, i))
      while (i < text.length && isLineSpace(text.charCodeAt(i))) i++
      start = i
    } else i++
  }
  parts.push(text.slice(start))
  return parts
}

/** The first run of `[\t\v\f\r ]` splits `text` in two (Go's Split with n = 2); null when there is none. */
export function splitOnceOnLineSpace(text: string): [string, string] | null {
  for (let i = 0; i < text.length; i++) {
    if (!isLineSpace(text.charCodeAt(i))) continue
    let j = i
    while (j < text.length && isLineSpace(text.charCodeAt(j))) j++
    return [text.slice(0, i), text.slice(j)]
  }
  return null
}

export function trimGoSpace(text: string): string {
  let start = 0
  let end = text.length
  while (start < end && isGoSpace(text.charCodeAt(start))) start++
  while (end > start && isGoSpace(text.charCodeAt(end - 1))) end--
  return start === 0 && end === text.length ? text : text.slice(start, end)
}

/**
 * The leading `--flag` words of an instruction's arguments (quotes and escapes
 * resolved) and the text after them. A bare `--` ends the flags and is dropped.
 */
export function extractBuilderFlags(line: string, escapeChar: string): { flags: string[]; rest: string } {
  const flags: string[] = []
  let i = 0
  for (;;) {
    while (i < line.length && isGoSpace(line.charCodeAt(i))) i++
    if (i >= line.length) return { flags, rest: '' }
    if (line[i] !== '-' || line[i + 1] !== '-') return { flags, rest: line.slice(i) }
    let word = ''
    let blankOk = false
    let quote = ''
    for (; i < line.length; i++) {
      const ch = line[i] as string
      if (quote === '') {
        if (isGoSpace(line.charCodeAt(i))) break
        if (ch === "'" || ch === '"') {
          quote = ch
          blankOk = true
          continue
        }
      } else if (ch === quote) {
        quote = ''
        continue
      }
      if (ch === escapeChar) {
        if (i + 1 === line.length) {
          quote = ''
          continue
        }
        i++
      }
      word += line[i]
    }
    if (word === '--') return { flags, rest: i >= line.length ? '' : line.slice(i) }
    if (blankOk || word.length > 0) flags.push(word)
    if (i >= line.length) return { flags, rest: '' }
  }
}

/**
 * ENV, LABEL and ARG words: split on whitespace outside quotes, with the
 * quotes and escapes kept (they are resolved when the value is used).
 */
export function parseWords(rest: string, escapeChar: string): string[] {
  const words: string[] = []
  const n = rest.length
  // Each word is the text as written, from `start` (-1: between words) on: only an escape
  // character that ends the text is left out.
  let start = -1
  let quote = ''
  let blankOk = false
  let end = n
  for (let i = 0; i < n; i++) {
    const ch = rest[i] as string
    if (start === -1) {
      if (isGoSpace(rest.charCodeAt(i))) continue
      start = i
    }
    if (quote === '') {
      if (isGoSpace(rest.charCodeAt(i))) {
        words.push(rest.slice(start, i))
        start = -1
        blankOk = false
        continue
      }
      if (ch === "'" || ch === '"') {
        quote = ch
        blankOk = true
      } else if (ch === escapeChar) {
        if (i + 1 === n) end = i
        i++
      }
    } else if (ch === quote) quote = ''
    else if (ch === escapeChar && quote !== "'") {
      if (i + 1 === n) end = i
      i++
    }
  }
  if (start !== -1 && (blankOk || end > start)) words.push(rest.slice(start, end))
  return words
}

export class WordError extends Error {}

/** Go's unicode.IsLetter/IsDigit for a variable name character. */
function isNameChar(ch: string): boolean {
  return /[\p{L}\p{Nd}_]/u.test(ch)
}

function isDigit(ch: string | undefined): boolean {
  return ch !== undefined && /\p{Nd}/u.test(ch)
}

const SPECIAL_PARAMS = new Set(['@', '*', '#', '?', '-', '$', '!', '0'])

/** Cursor over a word for the shell lexer. */
class Scanner {
  i = 0
  constructor(readonly text: string) {}
  peek(): string | undefined {
    return this.text[this.i]
  }
  next(): string | undefined {
    return this.text[this.i++]
  }
}

/**
 * How the build reads one word: quotes removed and escapes resolved, as
 * BuildKit's ProcessWord does, but with every `$VAR`/`${VAR…}` left as
 * written (nothing is known about the build's variables here). Throws
 * WordError where the build would fail (an unterminated quote, a bad `${}`).
 */
export function processWord(word: string, escapeChar: string): string {
  // Plain words (the common case) need no lexing.
  if (!/["'$]/.test(word) && !word.includes(escapeChar)) return word
  return processStopOn(new Scanner(word), escapeChar, null, false)
}

function processStopOn(s: Scanner, escapeChar: string, stop: string | null, rawEscapes: boolean): string {
  let result = ''
  while (s.peek() !== undefined) {
    const ch = s.peek() as string
    if (stop !== null && ch === stop) {
      s.next()
      return result
    }
    if (ch === '$') result += processDollar(s, escapeChar)
    else if (ch === "'") result += processSingleQuote(s)
    else if (ch === '"') result += processDoubleQuote(s, escapeChar, rawEscapes)
    else {
      s.next()
      if (ch === escapeChar) {
        if (rawEscapes) result += ch
        const escaped = s.next()
        if (escaped === undefined) break
        result += escaped
      } else result += ch
    }
  }
  if (stop !== null) throw new WordError(`unexpected end of statement while looking for matching ${stop}`)
  return result
}

function processSingleQuote(s: Scanner): string {
  s.next()
  let result = ''
  for (;;) {
    const ch = s.next()
    if (ch === undefined) throw new WordError('unexpected end of statement while looking for matching single-quote')
    if (ch === "'") return result
    result += ch
  }
}

function processDoubleQuote(s: Scanner, escapeChar: string, rawEscapes: boolean): string {
  s.next()
  let result = ''
  for (;;) {
    const peek = s.peek()
    if (peek === undefined) throw new WordError('unexpected end of statement while looking for matching double-quote')
    if (peek === '"') {
      s.next()
      return result
    }
    if (peek === '$') {
      result += processDollar(s, escapeChar)
      continue
    }
    let ch = s.next() as string
    if (ch === escapeChar) {
      if (rawEscapes) result += ch
      const after = s.peek()
      if (after === undefined) continue
      if (after === '"' || after === '$' || after === escapeChar) ch = s.next() as string
    }
    result += ch
  }
}

function processName(s: Scanner): string {
  let name = ''
  while (s.peek() !== undefined) {
    const ch = s.peek() as string
    if (name.length === 0 && isDigit(ch)) {
      while (isDigit(s.peek())) name += s.next()
      return name
    }
    if (name.length === 0 && SPECIAL_PARAMS.has(ch)) return s.next() as string
    if (!isNameChar(ch)) break
    name += s.next()
  }
  return name
}

/** A `$` reference, given back as written (after quote processing inside `${…}` words). */
function processDollar(s: Scanner, escapeChar: string): string {
  s.next()
  if (s.peek() !== '{') {
    const name = processName(s)
    return `$${name}`
  }
  s.next()
  const first = s.peek()
  if (first === undefined) throw new WordError("syntax error: missing '}'")
  if (first === '{' || first === '}' || first === ':') throw new WordError('syntax error: bad substitution')
  const name = processName(s)
  let ch = s.next()
  if (ch === '}') return `\${${name}}`
  let modifier = ch ?? ''
  let nullIsUnset = false
  if (ch === ':') {
    nullIsUnset = true
    ch = s.next()
    modifier += ch ?? ''
  }
  if (ch === '+' || ch === '-' || ch === '?' || ch === '#' || ch === '%' || nullIsUnset) {
    const raw = ch === '#' || ch === '%'
    if (nullIsUnset && raw) throw new WordError(`unsupported modifier (${modifier}) in substitution`)
    let word: string
    try {
      word = processStopOn(s, escapeChar, '}', raw)
    } catch (error) {
      if (s.peek() === undefined) throw new WordError("syntax error: missing '}'")
      throw error
    }
    return `\${${name}${modifier}${word}}`
  }
  if (ch === '/') {
    if (s.peek() === '/') s.next()
    const pattern = processStopOn(s, escapeChar, '/', true)
    const replacement = processStopOn(s, escapeChar, '}', true)
    return `\${${name}/${pattern}/${replacement}}`
  }
  throw new WordError(`unsupported modifier (${modifier}) in substitution`)
}

/** A here-document named on an instruction's line. */
export interface HeredocWord {
  name: string
  /** The file descriptor prefix (`3<<EOF`); 0 when there is none. */
  fd: number
  /** `<<-`: leading tabs are removed from the body and the terminator. */
  chomp: boolean
  /** False when any part of the name is quoted: the body is used as written, without variables. */
  expand: boolean
}

const HEREDOC_WORD = /^(\d*)<<(-?)[\t\n\f\r ]*([^<]*)$/

/** Reads one word as a here-document (`<<EOF`, `<<-"EOT"`, `3<<IN`), or null. */
export function parseHeredocWord(word: string): HeredocWord | null {
  const match = HEREDOC_WORD.exec(word)
  if (!match) return null
  const rest = match[3] ?? ''
  if (rest.length === 0) return null
  const words = lexWords(rest, '\\', false, false)
  if (words.length !== 1) return null
  const name = words[0] as string
  const raw = lexWords(rest, '\\', true, false)[0] ?? ''
  const quotes = (text: string) => text.split(/['"]/).length - 1
  return { name, fd: Number(match[1] || '0'), chomp: match[2] === '-', expand: quotes(name) === quotes(raw) }
}

/** The here-documents an instruction line names, in order. */
export function heredocsOfLine(line: string): HeredocWord[] {
  const docs: HeredocWord[] = []
  let words: string[]
  try {
    words = lexWords(line, '\\', true, true)
  } catch {
    return docs
  }
  for (const word of words) {
    const doc = parseHeredocWord(word)
    if (doc) docs.push(doc)
  }
  return docs
}

/**
 * The shell lexer's ProcessWords (variables left as written): the words of
 * `text` split on whitespace outside quotes; with `rawQuotes`/`rawEscapes`
 * the quotes and escape characters stay in the words.
 */
export function lexWords(text: string, escapeChar: string, rawQuotes: boolean, rawEscapes: boolean): string[] {
  const s = new Scanner(text)
  const words: string[] = []
  let word = ''
  let inWord = false
  const addChar = (ch: string) => {
    if (isGoSpace(ch.charCodeAt(0))) {
      if (inWord && word.length > 0) {
        words.push(word)
        word = ''
        inWord = false
      }
    } else {
      word += ch
      inWord = true
    }
  }
  const addRaw = (text: string) => {
    word += text
    inWord = true
  }
  while (s.peek() !== undefined) {
    const ch = s.peek() as string
    if (ch === '$') {
      for (const c of processDollar(s, escapeChar)) addChar(c)
    } else if (ch === "'") {
      const quoted = processSingleQuote(s)
      addRaw(rawQuotes ? `'${quoted}'` : quoted)
    } else if (ch === '"') {
      const quoted = processDoubleQuote(s, escapeChar, rawEscapes)
      addRaw(rawQuotes ? `"${quoted}"` : quoted)
    } else if (ch === '<') {
      s.next()
      if (s.peek() !== '<') {
        addRaw('<')
        continue
      }
      s.next()
      let spaces = ''
      while (s.peek() === ' ' || s.peek() === '\t' || s.peek() === '\r') spaces += s.next()
      addRaw(`<<${spaces}`)
    } else {
      s.next()
      if (ch === escapeChar) {
        if (rawEscapes) addRaw(ch)
        const escaped = s.next()
        if (escaped === undefined) break
        addRaw(escaped)
      } else addChar(ch)
    }
  }
  if (word.length > 0) words.push(word)
  return words
}
