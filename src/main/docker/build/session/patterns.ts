// Include and exclude patterns as BuildKit applies them to a synced directory
// (moby/patternmatcher, as tonistiigi/fsutil's filter uses it): a pattern matches a
// path when it matches the path or one of its parent directories, the last
// matching pattern decides, and `!pattern` makes an exception.
// The matching itself is @balena/dockerignore's (a port of the same Go code), made
// case-sensitive and given the regexp escapes patternmatcher adds.
import path from 'node:path'
import dockerignore, { type Ignore } from '@balena/dockerignore'

/** Go's filepath.Clean for slash paths. */
export function cleanPath(p: string): string {
  if (p === '') return '.'
  const cleaned = path.posix.normalize(p)
  return cleaned.length > 1 && cleaned.endsWith('/') ? cleaned.slice(0, -1) : cleaned
}

// patternmatcher escapes these (they mean nothing in filepath.Match); @balena/dockerignore escapes only . and $.
const REGEXP_ONLY = new Set(['+', '(', ')', '|', '{', '}'])

function escapeRegexpOnly(pattern: string): string {
  let out = ''
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!
    if (ch === '\\' && i + 1 < pattern.length) {
      out += ch + pattern[i + 1]!
      i++
    } else {
      out += REGEXP_ONLY.has(ch) ? `\\${ch}` : ch
    }
  }
  return out
}

const PATTERN_CHARS = /[*[\]?^\\]/

interface Pattern {
  /** Cleaned, without the leading `!`. */
  text: string
  exclusion: boolean
}

export class PathPatterns {
  readonly patterns: Pattern[]
  private readonly matcher: Ignore

  constructor(patterns: readonly string[]) {
    this.patterns = []
    for (const raw of patterns) {
      let text = raw.trim()
      if (text === '') continue
      text = cleanPath(text)
      const exclusion = text.startsWith('!')
      if (exclusion) text = text.slice(1)
      if (text === '') throw new Error('illegal exclusion pattern: "!"')
      this.patterns.push({ text, exclusion })
    }
    this.matcher = dockerignore({ ignorecase: false }).add(this.patterns.map((p) => (p.exclusion ? '!' : '') + escapeRegexpOnly(p.text)))
  }

  get empty(): boolean {
    return this.patterns.length === 0
  }

  get hasExclusions(): boolean {
    return this.patterns.some((p) => p.exclusion)
  }

  /** True when the path (relative, with `/`) or a parent directory matches, and no later exception undoes it. */
  matches(relativePath: string): boolean {
    return this.matcher.ignores(relativePath)
  }

  /**
   * Whether a pattern of the given kind (exceptions, or plain patterns) could match
   * something inside `dir`. When such patterns hold wildcards this cannot be told
   * without walking, and the answer is true (fsutil's rule, so we walk the same dirs).
   */
  mayMatchInside(dir: string, exceptions: boolean): boolean {
    const kind = this.patterns.filter((p) => p.exclusion === exceptions)
    const prefixes = kind.map((p) => withoutTrailingGlob(p.text))
    if (prefixes.some((p) => PATTERN_CHARS.test(p))) return true
    const dirSlash = `${dir}/`
    return prefixes.some((p) => `${p}/`.startsWith(dirSlash))
  }
}

function withoutTrailingGlob(pattern: string): string {
  const once = pattern.endsWith('/**') ? pattern.slice(0, -3) : pattern
  return once.endsWith('/*') ? once.slice(0, -2) : once
}

/** Go's filepath.Match for one path element (no `/` in the name). */
export function matchesName(pattern: string, name: string): boolean {
  return new PathPatterns([pattern]).matches(name) && !name.includes('/')
}
