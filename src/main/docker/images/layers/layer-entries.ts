// A layer's entries as Slipway keeps them: path, type, size, mode, owner, link target, a content digest for
// regular files, and the whiteouts overlay filesystems use (`.wh.<name>` removes a path, `.wh..wh..opq`
// hides a folder's earlier content). layer-tar.ts reads them from the layer's tar.
import type { FileRow, FileType } from '../../../../shared/ipc/channels/layers'

export interface LayerEntry extends Pick<FileRow, 'type' | 'size' | 'mode' | 'uid' | 'gid'> {
  /** Relative to the root, no leading or trailing slash (`usr/src/app/app.py`); the removed path for a whiteout. */
  path: string
  /** Seconds since the epoch. */
  mtime: number
  link?: string
  /**
   * The content's CRC-32, hex (regular files): with the size, enough to tell "same content, new timestamp" in a
   * compare, and about twice as fast as a sha256 on the export's hot path.
   */
  digest?: string
  whiteout?: 'removed' | 'opaque'
}

/** What a layer's tar says of an entry (layer-tar.ts reads it; tar-stream's Header has the same fields). */
export interface TarHeader {
  name: string
  /** tar-stream's names: 'file', 'directory', 'symlink', 'link', 'pax-header', …; null for an unknown type flag. */
  type?: string | null
  size?: number
  mode?: number
  uid?: number
  gid?: number
  mtime?: Date
  linkname?: string | null
}

const WHITEOUT = '.wh.'
const OPAQUE = '.wh..wh..opq'

/** `./usr/bin/` → `usr/bin`. */
export function normalizeTarPath(name: string): string {
  return name
    .split('/')
    .filter((part) => part !== '' && part !== '.')
    .join('/')
}

function fileType(type: TarHeader['type']): FileType {
  switch (type) {
    case 'file':
    case 'contiguous-file':
    case undefined:
    case null:
      return 'file'
    case 'directory':
      return 'directory'
    case 'symlink':
      return 'symlink'
    case 'link':
      return 'hardlink'
    default:
      return 'other'
  }
}

/** The entry a tar header stands for, or null for what overlay filesystems keep for themselves (`.wh..wh.plnk`). */
export function entryFromHeader(header: TarHeader): LayerEntry | null {
  const path = normalizeTarPath(header.name)
  if (path === '') return null
  const slash = path.lastIndexOf('/')
  const dir = slash < 0 ? '' : path.slice(0, slash)
  const base = path.slice(slash + 1)
  const common = { size: 0, mode: (header.mode ?? 0) & 0o7777, uid: header.uid ?? 0, gid: header.gid ?? 0, mtime: Math.floor((header.mtime?.getTime() ?? 0) / 1000) }
  if (base === OPAQUE) return dir === '' ? null : { ...common, path: dir, type: 'directory', whiteout: 'opaque' }
  if (base.startsWith(WHITEOUT)) {
    const removed = base.slice(WHITEOUT.length)
    if (removed.startsWith(WHITEOUT) || removed === '') return null
    return { ...common, path: dir === '' ? removed : `${dir}/${removed}`, type: 'other', whiteout: 'removed' }
  }
  const type = fileType(header.type)
  const entry: LayerEntry = { ...common, path, type, size: type === 'file' ? (header.size ?? 0) : 0 }
  if ((type === 'symlink' || type === 'hardlink') && header.linkname) entry.link = type === 'hardlink' ? normalizeTarPath(header.linkname) : header.linkname
  return entry
}
