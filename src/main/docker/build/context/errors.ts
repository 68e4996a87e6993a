// The build context's messages, one set for the listing, the build dialog and the build.
import type { Stats } from 'node:fs'
import { readdir, stat } from 'node:fs/promises'
import { AppError } from '../../../../shared/ipc/errors'

export function ioError(what: string, error: unknown): AppError {
  const code = (error as NodeJS.ErrnoException)?.code
  if (code === 'ENOENT' || code === 'ESTALE') return changedWhileSending(what)
  const reason = code === 'EACCES' || code === 'EPERM' ? 'permission denied' : ((error as Error)?.message ?? String(error))
  return new AppError('io-error', `Cannot read ${what} (${reason}). Fix its permissions, or add it to .dockerignore so it is not sent.`)
}

/** A file removed, renamed or shortened after the context was measured. */
export function changedWhileSending(what: string): AppError {
  return new AppError('io-error', `${what} was removed or changed while Slipway was sending the build context. Build again once nothing is changing those files, or add it to .dockerignore so it is not sent.`)
}

/** Checks the context folder before anything else, with a message that says what to do. */
export async function checkContextDir(contextDir: string): Promise<void> {
  let info: Stats
  try {
    info = await stat(contextDir)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT') throw new AppError('not-found', `The build context folder ${contextDir} does not exist. Choose an existing folder as the build context.`)
    throw new AppError('io-error', `The build context folder ${contextDir} cannot be read (${code ?? (error as Error).message}). Check its permissions or choose another folder.`)
  }
  if (!info.isDirectory()) throw new AppError('invalid-input', `The build context ${contextDir} is a file, not a folder. Choose the folder that holds the files your Dockerfile copies.`)
  try {
    await readdir(contextDir)
  } catch (error) {
    throw new AppError('io-error', `The build context folder ${contextDir} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}). Check its permissions or choose another folder.`)
  }
}
