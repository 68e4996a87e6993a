// The largest folders of a walked context, and the .dockerignore line that leaves one out.
import type { FolderSize } from '../../../../shared/ipc/channels/context'
import type { ContextEntry } from './walk'

/**
 * The .dockerignore line that matches exactly `relativePath` (with `/`): Docker reads `* ? [ ] \` as
 * pattern characters, and a line starting with `#` or `!` as a comment or an exception. Windows has no
 * escape character in these patterns, so there a special character becomes `?` (any one character).
 */
export function ignorePatternFor(relativePath: string, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return relativePath.replace(/[*?[\]]/g, '?')
  return relativePath.replace(/[*?[\]\\]/g, '\\$&').replace(/^[#!]/, '\\$&')
}

/** The largest folders at the top two levels, biggest first. */
export function largestFolders(walked: { entries: ContextEntry[] }, limit = 6): FolderSize[] {
  const sizes = new Map<string, FolderSize>()
  for (const entry of walked.entries) {
    if (entry.type !== 'file') continue
    const parts = entry.name.split('/')
    for (let depth = 1; depth <= Math.min(2, parts.length - 1); depth++) {
      const folder = parts.slice(0, depth).join('/')
      const size = sizes.get(folder) ?? { path: folder, pattern: ignorePatternFor(folder), bytes: 0, files: 0 }
      size.bytes += entry.size
      size.files++
      sizes.set(folder, size)
    }
  }
  const sorted = [...sizes.values()].sort((a, b) => b.bytes - a.bytes)
  // A sub-folder is listed only when it holds most of its parent (then it may be the better thing to ignore),
  // but not when it holds all of it (the same choice twice).
  const picked: FolderSize[] = []
  for (const folder of sorted) {
    const parent = folder.path.includes('/') ? sizes.get(folder.path.slice(0, folder.path.lastIndexOf('/'))) : undefined
    if (parent && (folder.bytes < parent.bytes * 0.5 || folder.bytes === parent.bytes)) continue
    picked.push(folder)
    if (picked.length >= limit) break
  }
  return picked
}
