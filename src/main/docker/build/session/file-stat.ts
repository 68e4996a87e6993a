// A file's lstat in fsutil's words: the Stat message BuildKit receives, whose
// mode is a Go os.FileMode (type bits high, not the Unix S_IF* bits).
import { constants, type BigIntStats } from 'node:fs'
import { int64, type FsStat } from './proto'

// Not in Node's fs.constants typings everywhere; the values are POSIX's.
const S_ISUID = 0o4000
const S_ISGID = 0o2000
const S_ISVTX = 0o1000

const GO_MODE = {
  dir: 1 << 31,
  symlink: 1 << 27,
  device: 1 << 26,
  namedPipe: 1 << 25,
  setuid: 1 << 23,
  setgid: 1 << 22,
  charDevice: 1 << 21,
  sticky: 1 << 20
} as const

/** The Go os.FileMode of a Unix st_mode, as Go's os.Lstat builds it. */
export function goFileMode(unixMode: number): number {
  let mode = unixMode & 0o777
  switch (unixMode & constants.S_IFMT) {
    case constants.S_IFDIR:
      mode |= GO_MODE.dir
      break
    case constants.S_IFLNK:
      mode |= GO_MODE.symlink
      break
    case constants.S_IFBLK:
      mode |= GO_MODE.device
      break
    case constants.S_IFCHR:
      mode |= GO_MODE.device | GO_MODE.charDevice
      break
    case constants.S_IFIFO:
      mode |= GO_MODE.namedPipe
      break
  }
  if (unixMode & S_ISUID) mode |= GO_MODE.setuid
  if (unixMode & S_ISGID) mode |= GO_MODE.setgid
  if (unixMode & S_ISVTX) mode |= GO_MODE.sticky
  // Go's FileMode is a uint32: keep the top bit unsigned.
  return mode >>> 0
}

/** True for a mode whose content the receiver asks for (fsutil's fileCanRequestData: no type bits). */
export function isRegularGoMode(goMode: number): boolean {
  const typeBits = GO_MODE.dir | GO_MODE.symlink | GO_MODE.device | GO_MODE.namedPipe | GO_MODE.charDevice | (1 << 24) | (1 << 19)
  return (goMode & typeBits) === 0
}

export type EntryKind = 'directory' | 'file' | 'symlink' | 'other'

export interface EntryInfo {
  kind: EntryKind
  stat: FsStat
  /** Bytes of content to send (a regular file's size; 0 for the rest). */
  size: number
  /** Device and inode of a regular file with more than one link, to send its other names as hard links. */
  hardLinkKey?: string
}

const major = (dev: bigint): number => Number((dev >> 8n) & 0xfffn)
const minor = (dev: bigint): number => Number((dev & 0xffn) | ((dev >> 12n) & 0xfff00n))

/** fsutil's mkstat: what is sent for one path (relative, with `/`). */
export function entryInfo(relativePath: string, info: BigIntStats, linkname: string, resetOwner: boolean): EntryInfo {
  const unixMode = Number(info.mode)
  const kind: EntryKind = info.isDirectory() ? 'directory' : info.isFile() ? 'file' : info.isSymbolicLink() ? 'symlink' : 'other'
  const device = info.isBlockDevice() || info.isCharacterDevice()
  const stat: FsStat = {
    path: relativePath,
    mode: goFileMode(unixMode),
    uid: resetOwner ? 0 : Number(info.uid),
    gid: resetOwner ? 0 : Number(info.gid),
    size: kind === 'directory' ? 0 : int64(info.size),
    modTime: int64(info.mtimeNs),
    linkname,
    devmajor: device ? major(info.rdev) : 0,
    devminor: device ? minor(info.rdev) : 0
  }
  return { kind, stat, size: kind === 'directory' ? 0 : Number(info.size), ...(kind === 'file' && info.nlink > 1n ? { hardLinkKey: `${info.dev}:${info.ino}` } : {}) }
}
