// Which variables a word reads when the build expands it, following BuildKit's
// shell lexer (frontend/dockerfile/shell/lex.go): `$NAME`, `${NAME}` and
// `${NAME<modifier>word}` outside single quotes and not escaped; the word
// after a modifier is read the same way. Every name the lexer looks up counts,
// even under `${NAME:-default}` (BuildKit's UndefinedVar reports those too).

/** Go's unicode.IsLetter/IsDigit or `_`. */
const NAME_CHAR = /[\p{L}\p{Nd}_]/u
const DIGIT = /\p{Nd}/u
const SPECIAL_PARAMS = new Set(['@', '*', '#', '?', '-', '$', '!', '0'])

/** The names a word reads, in order (duplicates kept once). Never throws: text the build cannot read yields what was read before it. */
export function variablesInWord(word: string, escapeChar: string): string[] {
  if (!word.includes('$')) return []
  return [...expandWord(word, escapeChar, EMPTY).names]
}

const EMPTY: ReadonlyMap<string, string> = new Map()

export interface Expansion {
  /** The word as the build reads it, quotes removed and variables replaced (unset ones by ''). */
  result: string
  /** Every name looked up, in order. */
  names: Set<string>
  matched: Set<string>
  unmatched: Set<string>
  /** False where the result is a guess: a pattern modifier (`${A%x}`, `${A/x/y}`) or text the build refuses. */
  exact: boolean
}

/** Expands a word with `env` as BuildKit's ProcessWordWithMatches does (the pattern modifiers are not applied). */
export function expandWord(word: string, escapeChar: string, env: ReadonlyMap<string, string>): Expansion {
  const x: Expansion = { result: '', names: new Set(), matched: new Set(), unmatched: new Set(), exact: true }
  const s: Scan = { text: word, i: 0, escapeChar, env, x }
  x.result = readUntil(s, null)
  return x
}

interface Scan {
  text: string
  i: number
  escapeChar: string
  env: ReadonlyMap<string, string>
  x: Expansion
}

function readUntil(s: Scan, stop: string | null): string {
  let out = ''
  while (s.i < s.text.length) {
    const ch = s.text[s.i] as string
    if (stop !== null && ch === stop) {
      s.i++
      return out
    }
    if (ch === '$') out += readDollar(s)
    else if (ch === "'") {
      const close = s.text.indexOf("'", s.i + 1)
      if (close === -1) s.x.exact = false
      out += s.text.slice(s.i + 1, close === -1 ? s.text.length : close)
      s.i = close === -1 ? s.text.length : close + 1
    } else if (ch === '"') out += readDoubleQuoted(s)
    else if (ch === s.escapeChar) {
      out += s.text[s.i + 1] ?? ''
      s.i += 2
    } else {
      out += ch
      s.i++
    }
  }
  if (stop !== null) s.x.exact = false
  return out
}

function readDoubleQuoted(s: Scan): string {
  let out = ''
  s.i++
  while (s.i < s.text.length) {
    const ch = s.text[s.i] as string
    if (ch === '"') {
      s.i++
      return out
    }
    if (ch === '$') out += readDollar(s)
    else if (ch === s.escapeChar) {
      const after = s.text[s.i + 1]
      if (after === '"' || after === '$' || after === s.escapeChar) {
        out += after
        s.i += 2
      } else {
        out += ch
        s.i++
      }
    } else {
      out += ch
      s.i++
    }
  }
  s.x.exact = false
  return out
}

function readName(s: Scan): string {
  const start = s.i
  const first = s.text[s.i]
  if (first === undefined) return ''
  if (DIGIT.test(first)) {
    while (s.i < s.text.length && DIGIT.test(s.text[s.i] as string)) s.i++
    return s.text.slice(start, s.i)
  }
  if (SPECIAL_PARAMS.has(first)) {
    s.i++
    return first
  }
  while (s.i < s.text.length && NAME_CHAR.test(s.text[s.i] as string)) s.i++
  return s.text.slice(start, s.i)
}

function lookUp(s: Scan, name: string): string | undefined {
  s.x.names.add(name)
  const value = s.env.get(name)
  if (value === undefined) s.x.unmatched.add(name)
  else s.x.matched.add(name)
  return value
}

function readDollar(s: Scan): string {
  s.i++
  if (s.text[s.i] !== '{') {
    const name = readName(s)
    return name === '' ? '$' : (lookUp(s, name) ?? '')
  }
  s.i++
  const first = s.text[s.i]
  if (first === undefined || first === '{' || first === '}' || first === ':') {
    s.x.exact = false
    return ''
  }
  const name = readName(s)
  let ch = s.text[s.i++]
  if (ch === '}') return lookUp(s, name) ?? ''
  let nullIsUnset = false
  if (ch === ':') {
    nullIsUnset = true
    ch = s.text[s.i++]
  }
  if (ch === '/') {
    if (s.text[s.i] === '/') s.i++
    readUntil(s, '/')
    readUntil(s, '}')
    s.x.exact = false
    return lookUp(s, name) ?? ''
  }
  const word = readUntil(s, '}')
  const value = lookUp(s, name)
  const unset = value === undefined || (nullIsUnset && value === '')
  if (ch === '-') return unset ? word : (value as string)
  if (ch === '+') return unset ? '' : word
  s.x.exact = false
  return value ?? ''
}

/** Levenshtein distance (small strings: variable and ARG names). */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0
  // Two rows, swapped after each letter of a.
  let previous: number[] = []
  let current: number[] = []
  for (let j = 0; j <= b.length; j++) previous.push(j)
  for (let i = 1; i <= a.length; i++) {
    current[0] = i
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      current[j] = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, (previous[j - 1] as number) + cost)
    }
    const done = previous
    previous = current
    current = done
  }
  return previous[b.length] as number
}

/**
 * The option closest to `value` within an edit distance of 2, as BuildKit's
 * suggest.Search picks it (the first of the closest; nothing when `value` is
 * itself an option).
 */
export function suggestName(value: string, options: Iterable<string>, caseSensitive = true): string | undefined {
  const wanted = caseSensitive ? value : value.toLowerCase()
  let match: string | undefined
  let best = 3
  for (const option of options) {
    const candidate = caseSensitive ? option : option.toLowerCase()
    if (candidate === wanted) return undefined
    const distance = editDistance(wanted, candidate)
    if (distance < best) {
      match = option
      best = distance
    }
  }
  return match
}
