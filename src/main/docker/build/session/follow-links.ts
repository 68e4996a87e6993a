// BuildKit's `followpaths`: paths (like the Dockerfile's name) whose symlinks are
// resolved inside the synced directory, so both the links and what they point to
// are sent (fsutil's FollowLinks). Absolute link targets count from the directory's top.
import path from 'node:path'
import { matchesName } from './patterns'
import { compareBytes, type SyncedDir } from './synced-dir'

const WILDCARD = /[*?[]/

function containsWildcards(name: string): boolean {
  for (let i = 0; i < name.length; i++) {
    if (name[i] === '\\') i++
    else if (WILDCARD.test(name[i]!)) return true
  }
  return false
}

/** Go's filepath.Join(".", p): relative, cleaned, a leading `/` dropped. */
const relativeClean = (p: string): string => path.posix.normalize(`./${p}`).replace(/\/$/, '') || '.'

async function readSymlink(dir: SyncedDir, p: string, allowWildcard: boolean): Promise<string[] | null> {
  const base = path.posix.basename(p)
  if (allowWildcard && containsWildcards(base)) {
    const parent = path.posix.dirname(p)
    let names: string[]
    try {
      names = await dir.readDir(parent === '.' ? '' : parent)
    } catch {
      return null
    }
    const out: string[] = []
    for (const name of names.filter((n) => matchesName(base, n))) {
      out.push(...((await readSymlink(dir, parent === '.' ? name : `${parent}/${name}`, false)) ?? []))
    }
    return out.length > 0 ? out : null
  }
  if (p === '.' || p === '/') return null
  const entry = await dir.stat(p).catch(() => null)
  if (!entry || entry.kind !== 'symlink') return null
  const link = path.posix.normalize(entry.stat.linkname)
  return [link.startsWith('/') ? link : path.posix.join('/', path.posix.dirname(p), link)]
}

/** Paths and link targets to add to the include patterns, sorted, nested ones dropped; null means "everything". */
export async function followLinks(dir: SyncedDir, paths: readonly string[]): Promise<string[] | null> {
  const resolved = new Set<string>()
  const append = async (input: string): Promise<void> => {
    let rest = relativeClean(input)
    let current = '.'
    for (;;) {
      const slash = rest.indexOf('/')
      const part = slash < 0 ? rest : rest.slice(0, slash)
      current = current === '.' ? part : `${current}/${part}`
      const targets = await readSymlink(dir, current, true)
      rest = slash < 0 ? '' : rest.slice(slash + 1)
      if ((rest === '' || targets) && resolved.has(current)) return
      if (targets) {
        resolved.add(current)
        for (const target of targets) await append(rest === '' ? target : `${target}/${rest}`)
        return
      }
      if (rest === '') {
        resolved.add(current)
        return
      }
    }
  }
  for (const p of paths) await append(p)
  return dedupePaths([...resolved].sort(compareBytes))
}

/** fsutil's dedupePaths: drops paths inside an earlier one; null when one of them is the top. */
export function dedupePaths(sorted: readonly string[]): string[] | null {
  const out: string[] = []
  let last = ''
  for (const p of sorted) {
    if (p === '.') return null
    if (p.startsWith(`${last}/`)) continue
    out.push(p)
    last = p
  }
  return out
}
