// Reading an ignore file (`.dockerignore`, `<Dockerfile>.dockerignore`) of a project that may have been
// downloaded: a symbolic link named like one may point at any file of the person's (an ssh key,
// /proc/self/environ), so only a regular file whose real path stays inside the allowed folders is read.
import { constants } from 'node:fs'
import { lstat, open, realpath } from 'node:fs/promises'
import path from 'node:path'

export type IgnoreFileRead =
  | { kind: 'absent' }
  | { kind: 'read'; text: string; isLink: boolean }
  /** There is something at that name, but it is not read; `message` says why and what to do. */
  | { kind: 'refused'; message: string }

function isInside(folder: string, file: string): boolean {
  const relative = path.relative(folder, file)
  return relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative)
}

async function realFolders(folders: string[]): Promise<string[]> {
  return Promise.all(folders.map((folder) => realpath(folder).catch(() => path.resolve(folder))))
}

/**
 * Reads `file` when it is a regular file, or a link whose real path is a regular file inside one of
 * `insideOf` (the build context; for `<Dockerfile>.dockerignore` also the Dockerfile's folder).
 * A name that is not there, or a link to nothing, is `absent` (as for the docker CLI). Other errors
 * (e.g. permission denied) are thrown for the caller to explain.
 */
export async function readIgnoreFile(file: string, insideOf: string[]): Promise<IgnoreFileRead> {
  const name = path.basename(file)
  let isLink: boolean
  try {
    isLink = (await lstat(file)).isSymbolicLink()
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'absent' }
    throw error
  }
  let real: string
  try {
    real = await realpath(file)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'absent' }
    if (code === 'ELOOP') return { kind: 'refused', message: `${name} is a symbolic link that leads in a loop, so none of its patterns apply. Replace it with the file itself.` }
    throw error
  }
  const folders = await realFolders(insideOf)
  if (!folders.some((folder) => isInside(folder, real))) {
    const where = folders.length === 1 ? 'the build context' : 'the build context or the Dockerfile’s folder'
    return {
      kind: 'refused',
      message: `${name} is a symbolic link to ${real}, outside ${where}. Slipway does not read a file outside it through a link (a downloaded project could point one at any of your files), so its patterns do not apply and what they would leave out is sent. Docker gets the link itself, never the file it points to. To use those patterns, replace the link with a copy of the file.`
    }
  }
  // O_NOFOLLOW: the real path has no link left to follow, unless one was put there since; O_NONBLOCK:
  // opening a FIFO must not wait for a writer (it is refused below as not a regular file).
  const handle = await open(real, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ELOOP') return null
    throw error
  })
  if (!handle) return { kind: 'refused', message: `${name} changed into a symbolic link while Slipway read it, so none of its patterns apply. Build again.` }
  try {
    if (!(await handle.stat()).isFile()) {
      return { kind: 'refused', message: `${name} is not a regular file, so none of its patterns apply. Replace it with a text file of patterns, one a line.` }
    }
    return { kind: 'read', text: await handle.readFile('utf8'), isLink }
  } finally {
    await handle.close()
  }
}
