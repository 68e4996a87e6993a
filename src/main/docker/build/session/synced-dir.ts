// The directories a session offers BuildKit by name (`context`, `dockerfile`): a
// folder on disk, or a few files held in memory (the Dockerfile as the editor has it).
import { lstat, open, readdir, readlink } from 'node:fs/promises'
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
  /** Hands over a regular file's content in pieces of at most CHUNK_SIZE bytes. */
  readFile(relativePath: string, onChunk: (chunk: Buffer) => Promise<void>): Promise<void>
}

const isGone = (error: unknown): boolean => {
  const code = (error as NodeJS.ErrnoException)?.code
  return code === 'ENOENT' || code === 'ENOTDIR'
}

/** A folder on disk. `resetOwner` sends every file as owned by root, as the docker CLI does for the context. */
export function diskDir(root: string, options: { resetOwner?: boolean } = {}): SyncedDir {
  const resetOwner = options.resetOwner ?? false
  const full = (relativePath: string) => (relativePath === '' ? root : path.join(root, relativePath))
  return {
    readDir: async (dir) => (await readdir(full(dir))).sort(compareBytes),
    async stat(relativePath) {
      const file = full(relativePath)
      try {
        const info = await lstat(file, { bigint: true })
        const linkname = info.isSymbolicLink() ? await readlink(file) : ''
        return entryInfo(relativePath, info, linkname, resetOwner)
      } catch (error) {
        if (isGone(error)) return null
        throw error
      }
    },
    async readFile(relativePath, onChunk) {
      let handle
      try {
        handle = await open(full(relativePath), 'r')
      } catch {
        // fsutil sends a file it cannot open (gone since the walk, a socket) as empty.
        return
      }
      try {
        for (;;) {
          const buffer = Buffer.allocUnsafe(CHUNK_SIZE)
          const { bytesRead } = await handle.read(buffer, 0, CHUNK_SIZE, null)
          if (bytesRead === 0) break
          await onChunk(bytesRead === CHUNK_SIZE ? buffer : buffer.subarray(0, bytesRead))
        }
      } finally {
        await handle.close()
      }
    }
  }
}

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
        stat: { path: relativePath, mode: goFileMode(0o100000 | (file.mode ?? 0o644)), uid: 0, gid: 0, size: file.data.length, modTime, linkname: '', devmajor: 0, devminor: 0 }
      }
    },
    async readFile(relativePath, onChunk) {
      const data = byName.get(relativePath)?.data
      if (!data) return
      for (let offset = 0; offset < data.length; offset += CHUNK_SIZE) await onChunk(data.subarray(offset, offset + CHUNK_SIZE))
    }
  }
}
