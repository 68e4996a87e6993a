// Does a COPY/ADD source exist in the build context? Sources may be globs
// (`*`, `?`, `[abc]`, `**`), matched against files and the folders above them.

export interface ContextIndex {
  /** Every file and every folder above a file. */
  entries: ReadonlySet<string>
  /** The same entries grouped by how many path segments they have (for globs, where `*` stays within a segment). */
  bySegments: ReadonlyMap<number, string[]>
  all: readonly string[]
}

export function indexContext(files: readonly string[]): ContextIndex {
  const entries = new Set<string>()
  for (const file of files) {
    const parts = normalizeSource(file).split('/')
    for (let i = 1; i <= parts.length; i++) entries.add(parts.slice(0, i).join('/'))
  }
  const bySegments = new Map<number, string[]>()
  for (const entry of entries) {
    const n = entry.split('/').length
    bySegments.set(n, [...(bySegments.get(n) ?? []), entry])
  }
  return { entries, bySegments, all: [...entries] }
}

/** A source as a context-relative path: no leading `./` or `/`, no trailing `/`, no empty segments. */
export function normalizeSource(source: string): string {
  const parts: string[] = []
  for (const part of source.replace(/\\/g, '/').split('/')) {
    if (part === '' || part === '.') continue
    parts.push(part)
  }
  return parts.join('/')
}

function isGlob(path: string): boolean {
  return /[*?[]/.test(path)
}

export function sourceExists(index: ContextIndex, source: string): boolean {
  const path = normalizeSource(source)
  if (path === '') return true
  if (!isGlob(path)) return index.entries.has(path)
  const pattern = globToRegExp(path)
  const candidates = path.includes('**') ? index.all : (index.bySegments.get(path.split('/').length) ?? [])
  return candidates.some((entry) => pattern.test(entry))
}

/** Translates a glob to an anchored regular expression. */
export function globToRegExp(glob: string): RegExp {
  let re = '^'
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] ?? ''
    if (c === '*') {
      if (glob[i + 1] === '*') {
        i++
        if (glob[i + 1] === '/') {
          i++
          re += '(?:.*/)?'
        } else re += '.*'
      } else re += '[^/]*'
    } else if (c === '?') {
      re += '[^/]'
    } else if (c === '[') {
      const close = glob.indexOf(']', i + 2)
      if (close === -1) re += '\\['
      else {
        let body = glob.slice(i + 1, close).replace(/\\/g, '\\\\')
        if (body.startsWith('!') || body.startsWith('^')) body = `^${body.slice(1)}`
        re += `[${body}]`
        i = close
      }
    } else {
      re += c.replace(/[.+^${}()|\\\]]/g, '\\$&')
    }
  }
  return new RegExp(`${re}$`)
}
