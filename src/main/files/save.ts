// Saving a Dockerfile atomically, noticing when someone else changed it since we read it.
import { readFile, realpath, stat } from 'node:fs/promises'
import { writeFileAtomic } from './atomic'
import { fileError, hashBytes, stampOf } from './read'
import type { FileStamp } from '../../shared/ipc/channels/dockerfile'

export function encodeDockerfile(text: string, bom: boolean): Uint8Array {
  const body = new TextEncoder().encode(text)
  if (!bom) return body
  const out = new Uint8Array(body.length + 3)
  out.set([0xef, 0xbb, 0xbf])
  out.set(body, 3)
  return out
}

export type DiskChange = { kind: 'unchanged' } | { kind: 'deleted' } | { kind: 'modified'; mtimeMs: number }

/** Compares the file on disk with the stamp taken when it was read or last saved. */
export async function checkDiskChange(file: string, expected: FileStamp): Promise<DiskChange> {
  let info
  try {
    info = await stat(file)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'deleted' }
    throw fileError(error, file, 'read')
  }
  if (info.mtimeMs === expected.mtimeMs && info.size === expected.size) return { kind: 'unchanged' }
  // A touched file with the same bytes is not a conflict.
  const bytes = await readFile(file).catch((error: unknown) => {
    throw fileError(error, file, 'read')
  })
  return hashBytes(bytes) === expected.hash ? { kind: 'unchanged' } : { kind: 'modified', mtimeMs: info.mtimeMs }
}

/** Writes the Dockerfile (temp file + rename, so a crash never leaves half a file) and returns its new stamp. */
export async function writeDockerfile(file: string, text: string, bom: boolean): Promise<FileStamp> {
  const bytes = encodeDockerfile(text, bom)
  // Through a symbolic link, write the file it points to: renaming over the link would replace it.
  let target = file
  try {
    target = await realpath(file)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw fileError(error, file, 'write')
  }
  try {
    await writeFileAtomic(target, bytes)
  } catch (error) {
    throw fileError(error, file, 'write')
  }
  return stampOf(target, bytes)
}
