// The directories a session offers BuildKit by name (`context`, `dockerfile`): a
// folder on disk, or a few files held in memory (the Dockerfile as the editor has it).
import { closeSync, lstatSync, open as openCallback, openSync, read as readCallback, readdirSync, readlinkSync, readSync } from 'node:fs'
import path from 'node:path'
import { entryInfo, goFileMode, type EntryInfo } from './file-stat'
import { int64 } from './proto'

/** fsutil reads and sends files in pieces of 32 KiB. */
export const CHUNK_SIZE = 32 * 1024

/** Go's string order (by UTF-8 bytes): the order fsutil walks in and BuildKit checks. */
export function compareBytes(a: string, b: string): number {
  if (a === b) return 0
  return Buffer.compare(Buffer.from(a), Buffer.from(b))
}

export interface SyncedDir {
  /** Names in a directory (relative path with `/`, '' for the top), in Go's order. */
  readDir(dir: string): Promise<string[]>
  /** The entry at a relative path, or null when it is gone. Symlinks are not followed. */
  stat(relativePath: string): Promise<EntryInfo | null>
  /**
   * Hands over a regular file's content in pieces of at most CHUNK_SIZE bytes, up to
   * the size its stat gave (which is what the receiver was told).
   */
  readFile(relativePath: string, size: number, onChunk: (chunk: Buffer) => Promise<void>): Promise<void>
}

const isGone = (error: unknown): boolean => {
  const code = (error as NodeJS.ErrnoException)?.code
  return code === 'ENOENT' || code === 'ENOTDIR'
}

/**
 * A folder on disk. `resetOwner` sends every file as owned by root, as the docker CLI does for the context.
 *
 * Names, stats and files that fit in one piece are read synchronously: each takes microseconds from
 * the page cache, while a round trip through libuv's thread pool costs more than the call itself
 * and, on a loaded machine, waits for a pool thread to be scheduled; a 20,000-file context makes
 * 60,000 of them. Larger files are read in pieces without blocking, as the transfer needs them.
 */
export function diskDir(root: string, options: { resetOwner?: boolean } = {}): SyncedDir {
  const resetOwner = options.resetOwner ?? false
  const full = (relativePath: string) => (relativePath === '' ? root : path.join(root, relativePath))
  return {
    readDir: async (dir) => readdirSync(full(dir)).sort(compareBytes),
    async stat(relativePath) {
      const file = full(relativePath)
      try {
        const info = lstatSync(file, { bigint: true, throwIfNoEntry: false })
        if (!info) return null
        const linkname = info.isSymbolicLink() ? readlinkSync(file) : ''
        return entryInfo(relativePath, info, linkname, resetOwner)
      } catch (error) {
        if (isGone(error)) return null
        throw error
      }
    },
    async readFile(relativePath, size, onChunk) {
      if (size <= CHUNK_SIZE) {
        const chunk = readSmallFile(full(relativePath), size)
        if (chunk && chunk.length > 0) await onChunk(chunk)
        return
      }
      let fd: number
      try {
        fd = await openForReading(full(relativePath))
      } catch {
        // fsutil sends a file it cannot open (gone since the walk, a socket) as empty.
        return
      }
      try {
        for (let offset = 0; offset < size; ) {
          const buffer = Buffer.allocUnsafe(Math.min(CHUNK_SIZE, size - offset))
          const bytesRead = await readInto(fd, buffer)
          if (bytesRead === 0) break
          offset += bytesRead
          await onChunk(bytesRead === buffer.length ? buffer : buffer.subarray(0, bytesRead))
        }
      } finally {
        closeSync(fd)
      }
    }
  }
}

/** Up to `size` bytes of a file, or null when it cannot be opened (sent as empty, as fsutil does). */
function readSmallFile(file: string, size: number): Buffer | null {
  let fd: number
  try {
    fd = openSync(file, 'r')
  } catch {
    return null
  }
  try {
    const buffer = Buffer.allocUnsafe(size)
    let filled = 0
    while (filled < size) {
      const read = readSync(fd, buffer, filled, size - filled, null)
      if (read === 0) break
      filled += read
    }
    return filled === size ? buffer : buffer.subarray(0, filled)
  } finally {
    closeSync(fd)
  }
}

// The callback forms of open and read cost a fraction of the CPU of fs/promises' FileHandle.
const openForReading = (file: string): Promise<number> =>
  new Promise((resolve, reject) => openCallback(file, 'r', (error, fd) => (error ? reject(error) : resolve(fd))))

const readInto = (fd: number, buffer: Buffer): Promise<number> =>
  new Promise((resolve, reject) => readCallback(fd, buffer, 0, buffer.length, null, (error, bytesRead) => (error ? reject(error) : resolve(bytesRead))))

export interface MemoryFile {
  name: string
  data: Buffer
  /** Unix permission bits; 0o644 when absent. */
  mode?: number
}

/**
 * A flat folder of files held in memory. They carry the time the folder was made, so
 * BuildKit never takes a changed Dockerfile for the one it already has.
 */
export function memoryDir(files: MemoryFile[]): SyncedDir {
  const modTime = int64(BigInt(Date.now()) * 1_000_000n)
  const byName = new Map(files.map((f) => [f.name, f]))
  return {
    readDir: async (dir) => (dir === '' ? [...byName.keys()].sort(compareBytes) : []),
    async stat(relativePath) {
      const file = byName.get(relativePath)
      if (!file) return null
      return {
        kind: 'file',
        size: file.data.length,
        stat: { path: relativePath, mode: goFileMode(0o100000 | (file.mode ?? 0o644)), uid: 0, gid: 0, size: file.data.length, modTime, linkname: '', devmajor: 0, devminor: 0 }
      }
    },
    async readFile(relativePath, _size, onChunk) {
      const data = byName.get(relativePath)?.data
      if (!data) return
      for (let offset = 0; offset < data.length; offset += CHUNK_SIZE) await onChunk(data.subarray(offset, offset + CHUNK_SIZE))
    }
  }
}
