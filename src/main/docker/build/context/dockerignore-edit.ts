// "Add <folder> to .dockerignore": appends lines to the build context's own .dockerignore.
// A downloaded project may make `.dockerignore` a link to any file of the person's (~/.bashrc),
// so this never writes through a link: only a regular file right in the context is changed,
// and atomically (a temp file beside it, renamed over it, with the same mode).
import { lstat, realpath } from 'node:fs/promises'
import path from 'node:path'
import { AppError } from '../../../../shared/ipc/errors'
import { writeFileAtomic } from '../../../files/atomic'
import { readIgnoreFile } from './ignore-file'

const DOCKERIGNORE = '.dockerignore'

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? String(error)
}

/** The text of the context's .dockerignore ('' when there is none), refusing anything but a regular file. */
async function readOwnDockerignore(contextDir: string, file: string, patterns: string[]): Promise<string> {
  let info
  try {
    info = await lstat(file)
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return ''
    throw new AppError('io-error', `Cannot read ${file} (${errorCode(error)}). Check its permissions.`)
  }
  const lines = patterns.length === 1 ? `this line to the file yourself` : `these lines to the file yourself`
  if (info.isSymbolicLink()) {
    const target = await realpath(file).catch(() => 'a file that does not exist')
    throw new AppError(
      'forbidden',
      `${DOCKERIGNORE} in ${contextDir} is a symbolic link to ${target}. Slipway does not write through links, so a project cannot make it change a file elsewhere. Add ${lines}, or replace the link with a copy of the file and try again: ${patterns.join(', ')}`
    )
  }
  if (!info.isFile()) throw new AppError('invalid-input', `${DOCKERIGNORE} in ${contextDir} is not a regular file. Replace it with a text file of patterns, one a line.`)
  let read
  try {
    read = await readIgnoreFile(file, [contextDir])
  } catch (error) {
    throw new AppError('io-error', `Cannot read ${file} (${errorCode(error)}). Check its permissions.`)
  }
  // It was a regular file a moment ago; anything else now means it is being changed.
  if (read.kind !== 'read' || read.isLink) throw new AppError('conflict', `${file} changed while Slipway read it. Try again.`)
  return read.text
}

/** Appends the patterns that are not there yet, one a line, keeping the file's line endings and mode. */
export async function addPatternsToDockerignore(contextDir: string, patterns: string[]): Promise<void> {
  if (patterns.some((p) => /[\r\n]/.test(p))) throw new AppError('invalid-input', 'A .dockerignore pattern must be on one line.')
  let root: string
  try {
    root = await realpath(contextDir)
  } catch (error) {
    throw new AppError('not-found', `The build context folder ${contextDir} cannot be opened (${errorCode(error)}). Choose an existing folder as the build context.`)
  }
  const file = path.join(root, DOCKERIGNORE)
  const existing = await readOwnDockerignore(contextDir, file, patterns)
  const present = new Set(existing.split(/\r?\n/).map((line) => line.trim()))
  const added = patterns.filter((p) => !present.has(p))
  if (added.length === 0) return
  const eol = existing.includes('\r\n') ? '\r\n' : '\n'
  const separator = existing !== '' && !existing.endsWith('\n') ? eol : ''
  try {
    await writeFileAtomic(file, `${existing}${separator}${added.join(eol)}${eol}`)
  } catch (error) {
    throw new AppError('io-error', `Cannot write ${file} (${errorCode(error)}). Check the folder's permissions.`)
  }
}
