// Reads a Dockerfile's lines the way BuildKit's parser does (moby/buildkit
// frontend/dockerfile/parser): parser directives at the top, comments and
// blank lines, instructions continued over lines with the escape character,
// and here-documents after RUN/COPY/ADD. For each instruction it gives what
// the parser puts in its syntax tree: the keyword, the flags, the arguments
// (quotes kept; see shell-words.ts for how the build resolves them) and the
// here-documents. Nothing is ever dropped: where BuildKit stops with an error,
// the instruction records the error and reading goes on.
import {
  extractBuilderFlags,
  heredocsOfLine,
  isGoSpace,
  parseWords,
  splitOnLineSpace,
  splitOnceOnLineSpace,
  trimGoSpace,
  type HeredocWord
} from './shell-words'
import type { EscapeCharacter } from './types'

/** One line of the text; BuildKit ends lines at `\n` only (a `\r` before it belongs to the terminator). */
export interface Line {
  start: number
  /** Offset after the line's content, before `\r\n`/`\n`. */
  end: number
  /** Offset of the next line. */
  next: number
}

export function splitLines(text: string): Line[] {
  const lines: Line[] = []
  let start = 0
  while (start < text.length) {
    const nl = text.indexOf('\n', start)
    if (nl === -1) {
      let end = text.length
      while (end > start && text.charCodeAt(end - 1) === 13) end--
      lines.push({ start, end, next: text.length })
      break
    }
    let end = nl
    while (end > start && text.charCodeAt(end - 1) === 13) end--
    lines.push({ start, end, next: nl + 1 })
    start = nl + 1
  }
  return lines
}

export interface Heredoc extends HeredocWord {
  /** The lines between the instruction and the terminator, each with its line terminator. */
  content: string
}

/** An instruction as BuildKit's parser reads it. */
export interface SyntaxNode {
  /** The keyword as written. */
  keyword: string
  /** The instruction's flags as words, quotes resolved (e.g. `--mount=type=cache,target=/x`). */
  flags: string[]
  /** The arguments after the flags, trimmed: what the line parsers below read. */
  rest: string
  /** The syntax tree's arguments: raw words (ENV/LABEL: key, value, "=" or "" triples). */
  args: string[]
  /** The arguments were a JSON array (exec form). */
  json: boolean
  /** ONBUILD: the trigger instruction. */
  trigger?: SyntaxNode
  heredocs: Heredoc[]
  /** The logical line: the instruction's lines joined, continuations and comment lines removed. */
  original: string
  /** Why BuildKit's parser refuses this instruction (the build stops here). */
  error?: string
}

export type SyntaxItem =
  | { kind: 'directive'; line: number; name: string; value: string; error?: string }
  | { kind: 'blank'; line: number }
  | { kind: 'comment'; line: number }
  /** Lines holding only line continuations, with nothing to continue. */
  | { kind: 'stray'; line: number; last: number }
  | {
      kind: 'instruction'
      /** Line of the keyword, and the last line (a continuation or here-document's terminator). */
      line: number
      last: number
      /** Offset of the keyword in the text, and its end. */
      keywordStart: number
      keywordEnd: number
      node: SyntaxNode
    }

export interface SyntaxResult {
  lines: Line[]
  items: SyntaxItem[]
  escapeChar: EscapeCharacter
}

const DIRECTIVE = /^([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$/
const KNOWN_DIRECTIVES = new Set(['syntax', 'escape', 'check'])

/** Go's bytes.TrimLeftFunc(unicode.IsSpace) offset. */
function skipSpace(text: string, from: number, to: number): number {
  while (from < to && isGoSpace(text.charCodeAt(from))) from++
  return from
}

/**
 * Whether a line (after comment removal) ends in a line continuation: the
 * escape character, then only spaces and tabs, not itself preceded by the
 * escape character (BuildKit's lineContinuationRegex; so `a\\` does not
 * continue, and neither does `a\\\`). Returns the content's end without it, or -1.
 */
function continuationAt(text: string, start: number, end: number, escape: string): number {
  let i = end
  while (i > start && (text.charCodeAt(i - 1) === 32 || text.charCodeAt(i - 1) === 9)) i--
  if (i === start || text[i - 1] !== escape) return -1
  if (i - 1 > start && text[i - 2] === escape) return -1
  return i - 1
}

function isCommentAt(text: string, start: number, end: number): boolean {
  const i = skipSpace(text, start, end)
  return i < end && text.charCodeAt(i) === 35
}

/**
 * Reads `text[from, to)` (which starts at a line start). `escapeChar` null
 * reads it as the top of a file: a byte order mark, the parser directives and
 * the escape character come from it; otherwise the segment is read with that
 * escape character and no directives.
 */
export function readSyntax(text: string, from = 0, to = text.length, escapeChar: EscapeCharacter | null = null): SyntaxResult {
  const source = from === 0 && to === text.length ? text : text.slice(from, to)
  const lines = splitLines(source)
  if (from !== 0) for (const line of lines) shiftLine(line, from)
  const items: SyntaxItem[] = []
  let escape: EscapeCharacter = escapeChar ?? '\\'
  let directivesDone = escapeChar !== null
  const seenDirectives = new Set<string>()

  for (let n = 0; n < lines.length; n++) {
    const line = lines[n] as Line
    let start = line.start
    if (n === 0 && escapeChar === null && text.charCodeAt(start) === 0xfeff) start++
    start = skipSpace(text, start, line.end)
    if (!directivesDone) {
      const directive = readDirective(text.slice(start, line.end))
      if (directive) {
        let error: string | undefined
        if (seenDirectives.has(directive.name)) error = `only one ${directive.name} parser directive can be used`
        else if (directive.name === 'escape') {
          if (directive.value === '`' || directive.value === '\\') escape = directive.value
          else error = `invalid escape token '${directive.value}' does not match \` or \\`
        }
        seenDirectives.add(directive.name)
        items.push({ kind: 'directive', line: n, ...directive, ...(error ? { error } : {}) })
        continue
      }
      directivesDone = true
    }
    if (start === line.end) {
      items.push({ kind: 'blank', line: n })
      continue
    }
    if (text.charCodeAt(start) === 35) {
      items.push({ kind: 'comment', line: n })
      continue
    }
    // An instruction: this line and its continuation lines.
    let cut = continuationAt(text, start, line.end, escape)
    let logical = text.slice(start, cut === -1 ? line.end : cut)
    /** Where the keyword is: the first text of the logical line (a line may hold only the escape character). */
    let keywordStart = logical.length > 0 ? start : -1
    let last = n
    while (cut !== -1 && last + 1 < lines.length) {
      const next = lines[++last] as Line
      if (isCommentAt(text, next.start, next.end)) continue
      if (skipSpace(text, next.start, next.end) === next.end) continue
      cut = continuationAt(text, next.start, next.end, escape)
      const end = cut === -1 ? next.end : cut
      if (keywordStart === -1 && skipSpace(text, next.start, end) < end) keywordStart = skipSpace(text, next.start, end)
      logical += text.slice(next.start, end)
    }
    if (keywordStart === -1) {
      // Only escape characters and blank text: BuildKit makes no instruction of it.
      items.push({ kind: 'stray', line: n, last })
      n = last
      continue
    }
    const node = readNode(logical, escape)
    if (canContainHeredoc(node) && logical.includes('<<')) {
      try {
        const words = heredocsOfLine(logical)
        for (const word of words) {
          let content = ''
          let terminated = false
          while (last + 1 < lines.length) {
            const next = lines[++last] as Line
            let body = text.slice(next.start, next.end)
            if (word.chomp) body = body.replace(/^\t+/, '')
            if (body === word.name) {
              terminated = true
              break
            }
            content += text.slice(next.start, next.next)
          }
          node.heredocs.push({ ...word, content })
          if (!terminated) {
            node.error ??= `The here-document is never closed: add a line containing only ${word.name} after it`
            break
          }
        }
      } catch (error) {
        node.error ??= error instanceof Error ? error.message : String(error)
      }
    }
    items.push({ kind: 'instruction', line: n, last, keywordStart, keywordEnd: keywordStart + node.keyword.length, node })
    n = last
  }
  return { lines, items, escapeChar: escape }

  function readDirective(line: string): { name: string; value: string } | null {
    if (!line.startsWith('#')) return null
    const match = DIRECTIVE.exec(line.slice(1).replace(/^\s+/u, ''))
    if (!match) return null
    const name = (match[1] as string).toLowerCase()
    if (!KNOWN_DIRECTIVES.has(name)) return null
    return { name, value: match[2] as string }
  }
}

function shiftLine(line: Line, by: number): void {
  line.start += by
  line.end += by
  line.next += by
}

const HEREDOC_KEYWORDS = new Set(['run', 'copy', 'add'])

function canContainHeredoc(node: SyntaxNode): boolean {
  const target = node.keyword.toLowerCase() === 'onbuild' && node.trigger ? node.trigger : node
  return HEREDOC_KEYWORDS.has(target.keyword.toLowerCase()) && !target.json
}

/** One logical line → its syntax node (BuildKit's newNodeFromLine and the line parsers). */
export function readNode(line: string, escape: string): SyntaxNode {
  const trimmed = trimGoSpace(line)
  const split = splitOnceOnLineSpace(trimmed)
  const keyword = split ? split[0] : trimmed
  let flags: string[] = []
  let rest = ''
  if (split) {
    const extracted = extractBuilderFlags(split[1], escape)
    flags = extracted.flags
    rest = trimGoSpace(extracted.rest)
  }
  const node: SyntaxNode = { keyword, flags, rest, args: [], json: false, heredocs: [], original: line }
  try {
    readArgs(node, escape)
  } catch (error) {
    node.error = error instanceof Error ? error.message : String(error)
  }
  return node
}

class ParseError extends Error {}

function readArgs(node: SyntaxNode, escape: string): void {
  const { rest } = node
  switch (node.keyword.toLowerCase()) {
    case 'run':
    case 'cmd':
    case 'entrypoint':
    case 'shell':
      if (rest === '') return
      if (!readJson(node)) node.args = [rest]
      return
    case 'add':
    case 'copy':
    case 'volume':
      if (!readJson(node) && rest !== '') node.args = splitOnLineSpace(rest)
      return
    case 'expose':
    case 'from':
      if (rest !== '') node.args = splitOnLineSpace(rest)
      return
    case 'maintainer':
    case 'stopsignal':
    case 'user':
    case 'workdir':
      if (rest !== '') node.args = [rest]
      return
    case 'arg':
      node.args = parseWords(rest, escape)
      return
    case 'env':
    case 'label':
      node.args = readNameValues(rest, node.keyword.toUpperCase(), escape)
      return
    case 'healthcheck': {
      let sep = 0
      while (sep < rest.length && !isGoSpace(rest.charCodeAt(sep))) sep++
      if (sep === 0) return
      let next = sep
      while (next < rest.length && isGoSpace(rest.charCodeAt(next))) next++
      const command = rest.slice(next)
      node.args = [rest.slice(0, sep)]
      if (command === '') return
      const inner: SyntaxNode = { ...node, rest: command, args: [] }
      if (readJson(inner)) node.json = true
      else inner.args = [command]
      node.args.push(...inner.args)
      return
    }
    case 'onbuild':
      if (rest === '') return
      node.trigger = readNode(rest, escape)
      if (node.trigger.error) throw new ParseError(node.trigger.error)
      return
    default:
      return
  }
}

/** A JSON array of strings (exec form); false when the text is not a JSON array. */
function readJson(node: SyntaxNode): boolean {
  const text = node.rest.replace(/^\s+/u, '')
  if (!text.startsWith('[')) return false
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return false
  }
  if (!Array.isArray(value)) return false
  if (!value.every((v): v is string => typeof v === 'string')) {
    throw new ParseError('when using JSON array syntax, arrays must be comprised of strings only')
  }
  node.args = value
  node.json = true
  return true
}

/** ENV/LABEL: `key value` (legacy) or `key=value …`, as key, value, separator triples. */
function readNameValues(rest: string, keyword: string, escape: string): string[] {
  const words = parseWords(rest, escape)
  if (words.length === 0) return []
  if (!(words[0] as string).includes('=')) {
    const parts = splitOnceOnLineSpace(rest)
    if (!parts) throw new ParseError(`${keyword} must have two arguments`)
    return [parts[0], parts[1], '']
  }
  const out: string[] = []
  for (const word of words) {
    const eq = word.indexOf('=')
    if (eq === -1) throw new ParseError(`Syntax error - can't find = in ${JSON.stringify(word)}. Must be of the form: name=value`)
    out.push(word.slice(0, eq), word.slice(eq + 1), '=')
  }
  return out
}

/** The node as BuildKit's Node.Dump() prints it (for comparing with BuildKit's parser test results). */
export function dumpNode(node: SyntaxNode): string {
  let out = node.keyword.toLowerCase()
  if (node.flags.length > 0) out += ` [${node.flags.map(goQuote).join(' ')}]`
  if (node.trigger) out += ` (${dumpNode(node.trigger)})`
  for (const arg of node.args) out += ` ${goQuote(arg)}`
  return out.trim()
}

/** Go's strconv.Quote. */
export function goQuote(text: string): string {
  let out = '"'
  for (const ch of text) {
    const code = ch.codePointAt(0) as number
    if (ch === '"' || ch === '\\') out += `\\${ch}`
    else if (code === 7) out += '\\a'
    else if (code === 8) out += '\\b'
    else if (code === 12) out += '\\f'
    else if (code === 10) out += '\\n'
    else if (code === 13) out += '\\r'
    else if (code === 9) out += '\\t'
    else if (code === 11) out += '\\v'
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`
    else if (code === 0xfeff || (code >= 0x80 && code < 0xa0)) out += code > 0xff ? `\\u${code.toString(16).padStart(4, '0')}` : `\\u00${code.toString(16).padStart(2, '0')}`
    else out += ch
  }
  return `${out}"`
}

