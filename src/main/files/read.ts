// Reading a Dockerfile safely: size limit, UTF-8 only, clear messages for missing or unreadable files.
import { createHash } from 'node:crypto'
import { readFile, stat } from 'node:fs/promises'
import path from 'node:path'
import { AppError } from '../../shared/ipc/errors'
import { MAX_DOCKERFILE_BYTES, type FileStamp, type OpenedDockerfile } from '../../shared/ipc/channels/dockerfile'

const BOM = [0xef, 0xbb, 0xbf]

export function hashBytes(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`
}

/**
 * Turns a file system error into a message that says what happened and what to do. `what` names the file
 * the person meant to pick, for when they picked a folder.
 */
export function fileError(error: unknown, file: string, doing: 'read' | 'write', what = 'Dockerfile'): AppError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  const name = path.basename(file)
  switch (code) {
    case 'ENOENT':
      return doing === 'read'
        ? new AppError('not-found', `${file} does not exist any more. It may have been moved, renamed or deleted; open it from its new place.`)
        : new AppError('not-found', `The folder of ${file} does not exist any more. Choose another place with Save As.`)
    case 'EACCES':
    case 'EPERM':
      return new AppError(
        'io-error',
        `You do not have permission to ${doing} ${file}. Check the file's permissions, or ${doing === 'read' ? 'copy it somewhere you can read' : 'save it somewhere else with Save As'}.`
      )
    case 'EISDIR':
      return doing === 'read'
        ? new AppError('io-error', `${name} is a folder, not a file. Pick the ${what} inside it.`)
        : new AppError('io-error', `${file} is a folder. Save As again and give the ${what} a file name inside it, like ${path.join(file, what)}.`)
    case 'ELOOP':
      return new AppError(
        'io-error',
        doing === 'read'
          ? `${file} is a symbolic link that leads back to itself, so there is no file to open. Open the file it was meant to point to.`
          : `${file} is a symbolic link that leads back to itself, so there is no file to save to. Save it somewhere else with Save As.`
      )
    case 'EROFS':
      return new AppError('io-error', `${file} is on a read-only disk. Save it somewhere else with Save As.`)
    case 'ENOSPC':
      return new AppError('io-error', `The disk is full, so ${name} was not saved (the old file is unchanged). Free some space and save again.`)
    default:
      return new AppError('io-error', `Could not ${doing} ${file}: ${error instanceof Error ? error.message : String(error)}`)
  }
}

export async function stampOf(file: string, bytes?: Uint8Array): Promise<FileStamp> {
  const info = await stat(file)
  const content = bytes ?? (await readFile(file))
  return { mtimeMs: info.mtimeMs, size: info.size, hash: hashBytes(content) }
}

/** Decodes Dockerfile bytes: refuses binary and non-UTF-8 content, and notes a byte order mark. */
export function decodeDockerfile(bytes: Uint8Array, file: string): { text: string; bom: boolean } {
  const bom = bytes.length >= 3 && BOM.every((b, i) => bytes[i] === b)
  const body = bom ? bytes.subarray(3) : bytes
  if (body.includes(0)) {
    throw new AppError('invalid-input', `${path.basename(file)} looks like a binary file, not a Dockerfile (it contains NUL bytes). Open the text file named Dockerfile instead.`)
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(body), bom }
  } catch {
    throw new AppError(
      'invalid-input',
      `${path.basename(file)} is not UTF-8 text, so it cannot be shown without garbling it. Docker reads Dockerfiles as UTF-8: convert it (for example with iconv -t UTF-8) and open it again.`
    )
  }
}

export async function readDockerfile(file: string): Promise<OpenedDockerfile> {
  let size: number
  try {
    const info = await stat(file)
    if (info.isDirectory()) throw Object.assign(new Error('is a folder'), { code: 'EISDIR' })
    size = info.size
  } catch (error) {
    throw fileError(error, file, 'read')
  }
  if (size > MAX_DOCKERFILE_BYTES) {
    // Just over the limit both round to "5.0 MB": then say it in bytes.
    const [shown, limit] =
      megabytes(size) === megabytes(MAX_DOCKERFILE_BYTES)
        ? [`${size.toLocaleString('en-US')} bytes`, `${MAX_DOCKERFILE_BYTES / (1024 * 1024)} MB (${MAX_DOCKERFILE_BYTES.toLocaleString('en-US')} bytes)`]
        : [megabytes(size), megabytes(MAX_DOCKERFILE_BYTES)]
    throw new AppError(
      'invalid-input',
      `${path.basename(file)} is ${shown}; Slipway opens Dockerfiles up to ${limit}. A Dockerfile is usually a few kilobytes: check that this is the right file.`
    )
  }
  let bytes: Uint8Array
  try {
    bytes = await readFile(file)
  } catch (error) {
    throw fileError(error, file, 'read')
  }
  const { text, bom } = decodeDockerfile(bytes, file)
  return { path: file, text, bom, stamp: await stampOf(file, bytes) }
}
