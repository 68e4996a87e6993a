// Walks a synced directory the way fsutil's filter does for BuildKit: depth first,
// each folder's entries in Go's order, only what the include patterns keep and
// the exclude patterns leave, a folder sent only when it or something in it is
// kept, symlinks as links, a file's other names as hard links.
import { followLinks, dedupePaths } from './follow-links'
import type { EntryInfo } from './file-stat'
import { PathPatterns } from './patterns'
import type { SyncedDir } from './synced-dir'

/** What BuildKit asks for in the call's metadata. */
export interface WalkFilter {
  includePatterns: string[]
  excludePatterns: string[]
  followPaths: string[]
}

interface Pending {
  entry: EntryInfo
  sent: boolean
}

async function includePatternsFor(dir: SyncedDir, filter: WalkFilter): Promise<string[]> {
  let includes = [...filter.includePatterns]
  if (filter.followPaths.length > 0) {
    const targets = await followLinks(dir, filter.followPaths)
    // fsutil appends the targets and drops nested paths without sorting again; none left means no filter.
    if (targets !== null) includes = dedupePaths([...includes, ...targets]) ?? []
  }
  return includes
}

const isPermissionError = (error: unknown): boolean => {
  const code = (error as NodeJS.ErrnoException)?.code
  return code === 'EACCES' || code === 'EPERM'
}

/** The entries to send, in the order the receiver checks. */
export async function* walkSyncedDir(dir: SyncedDir, filter: WalkFilter): AsyncGenerator<EntryInfo> {
  const includes = await includePatternsFor(dir, filter)
  const include = includes.length > 0 ? new PathPatterns(includes) : null
  const exclude = filter.excludePatterns.length > 0 ? new PathPatterns(filter.excludePatterns) : null
  const firstNames = new Map<string, string>()

  function* send(parents: Pending[], entry: EntryInfo): Generator<EntryInfo> {
    for (const parent of parents) {
      if (parent.sent) continue
      parent.sent = true
      yield parent.entry
    }
    if (entry.hardLinkKey) {
      const first = firstNames.get(entry.hardLinkKey)
      if (first === undefined) firstNames.set(entry.hardLinkKey, entry.stat.path)
      else entry = { ...entry, size: 0, stat: { ...entry.stat, linkname: first, size: 0 } }
    }
    yield entry
  }

  async function* walkFolder(folder: string, parents: Pending[], folderSkipped: boolean): AsyncGenerator<EntryInfo> {
    let names: string[]
    try {
      names = await dir.readDir(folder)
    } catch (error) {
      if (folderSkipped && isPermissionError(error)) return
      throw error
    }
    const entries = await Promise.all(names.map((name) => dir.stat(folder === '' ? name : `${folder}/${name}`)))
    for (const entry of entries) {
      if (!entry) continue
      const relative = entry.stat.path
      const isDir = entry.kind === 'directory'
      let skip = false
      if (include && !include.matches(relative)) {
        if (isDir && !include.mayMatchInside(relative, false)) continue
        skip = true
      }
      if (exclude && exclude.matches(relative)) {
        if (isDir && !exclude.mayMatchInside(relative, true)) continue
        skip = true
      }
      const pending: Pending = { entry, sent: false }
      if (!skip) {
        yield* send(parents, entry)
        pending.sent = true
      }
      if (isDir) yield* walkFolder(relative, [...parents, pending], skip)
    }
  }

  yield* walkFolder('', [], false)
}
