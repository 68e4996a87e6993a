// The build context: walked once (honouring .dockerignore as the docker CLI does),
// measured, and streamed as a tar straight into the build request.
import { randomBytes } from 'node:crypto'
import { close, createReadStream, lstat as lstatCallback, open, read, type Stats } from 'node:fs'
import { readdir, readlink, stat } from 'node:fs/promises'
import { Transform, type TransformCallback } from 'node:stream'
import path from 'node:path'
import { once } from 'node:events'
import dockerignore from '@balena/dockerignore'
import tarStream from 'tar-stream'
import type { Readable } from 'node:stream'
import { AppError } from '../../../shared/ipc/errors'
import type { FolderSize } from '../../../shared/ipc/channels/build'
import { readIgnoreFile } from './ignore-file'

export interface ContextEntry {
  /** Relative to the context, with `/`. */
  name: string
  type: 'file' | 'directory' | 'symlink'
  size: number
  mode: number
  mtime: Date
  linkname?: string
}

export interface WalkedContext {
  contextDir: string
  entries: ContextEntry[]
  /** Bytes of the regular files that will be sent. */
  bytes: number
  files: number
  /** The patterns of the context's .dockerignore, or null when there is none or it is not read (see readIgnoreFile). */
  dockerignore: string | null
  /** .dockerignore is a symbolic link: it is sent as a link, among the entries, and the packer adds no copy of its own. */
  dockerignoreIsLink: boolean
  warnings: string[]
}

const DOCKERIGNORE = '.dockerignore'

// The callback forms of lstat/open/read cost a fraction of the CPU of fs/promises'
// FileHandle per file, which matters for a context of 20,000 files.
const lstatFast = (file: string): Promise<Stats> =>
  new Promise((resolve, reject) => lstatCallback(file, (error, info) => (error ? reject(error) : resolve(info))))

/** Reads a file whose size the walk already knows: open, read, close; no fstat. */
function readKnownSize(file: string, size: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    open(file, 'r', (openError, fd) => {
      if (openError) return reject(openError)
      const buffer = Buffer.allocUnsafe(size)
      const finish = (error: Error | null, length: number) => {
        close(fd, () => undefined)
        if (error) reject(error)
        else resolve(length === size ? buffer : buffer.subarray(0, length))
      }
      const readFrom = (offset: number): void => {
        if (offset >= size) return finish(null, offset)
        read(fd, buffer, offset, size - offset, offset, (readError, bytes) => {
          if (readError) return finish(readError, offset)
          if (bytes === 0) return finish(null, offset)
          readFrom(offset + bytes)
        })
      }
      readFrom(0)
    })
  })
}

/** Joins the tar's many small pieces (512-byte headers, small files, padding) into large writes to the socket. */
class Coalesce extends Transform {
  private parts: Buffer[] = []
  private size = 0

  constructor(private readonly target: number) {
    super({ highWaterMark: 4 * target })
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.parts.push(chunk)
    this.size += chunk.length
    if (this.size >= this.target) this.emitJoined()
    callback()
  }

  override _flush(callback: TransformCallback): void {
    if (this.size > 0) this.emitJoined()
    callback()
  }

  private emitJoined(): void {
    this.push(this.parts.length === 1 ? this.parts[0] : Buffer.concat(this.parts, this.size))
    this.parts = []
    this.size = 0
  }
}
const toPosix = (p: string): string => (path.sep === '/' ? p : p.split(path.sep).join('/'))

function ioError(what: string, error: unknown): AppError {
  const code = (error as NodeJS.ErrnoException)?.code
  if (code === 'ENOENT' || code === 'ESTALE') return changedWhileSending(what)
  const reason = code === 'EACCES' || code === 'EPERM' ? 'permission denied' : ((error as Error)?.message ?? String(error))
  return new AppError('io-error', `Cannot read ${what} (${reason}). Fix its permissions, or add it to .dockerignore so it is not sent.`)
}

/** A file removed, renamed or shortened after the context was measured. */
function changedWhileSending(what: string): AppError {
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

interface ContextDockerignore {
  text: string | null
  isLink: boolean
  warnings: string[]
}

async function readDockerignore(root: string): Promise<ContextDockerignore> {
  const file = path.join(root, DOCKERIGNORE)
  let read
  try {
    read = await readIgnoreFile(file, [root])
  } catch (error) {
    throw ioError(`${DOCKERIGNORE} in the build context`, error)
  }
  // A link to nothing is `absent`: docker reads no patterns from it, but still sends the link.
  const isLink = await lstatFast(file).then(
    (info) => info.isSymbolicLink(),
    () => false
  )
  const warnings = read.kind === 'refused' ? [read.message] : []
  if (isLink) {
    warnings.push(
      `${DOCKERIGNORE} is a symbolic link, and Docker sends a link as a link, so Slipway cannot add the editor’s Dockerfile to it: COPY . also copies that Dockerfile (as a hidden .slipway.Dockerfile.* file). Replace the link with a copy of the file to leave it out.`
    )
  }
  return { text: read.kind === 'read' ? read.text : null, isLink, warnings }
}

/**
 * Walks the context once: every entry that .dockerignore keeps, with its lstat data.
 * A regular `.dockerignore` is left out: the packer writes its own copy (see packContext);
 * a linked one is an entry like any other link, always sent (as the docker CLI does).
 */
export async function walkContext(contextDir: string): Promise<WalkedContext> {
  const root = path.resolve(contextDir)
  await checkContextDir(root)
  const ignoreFile = await readDockerignore(root)
  const patterns = (ignoreFile.text ?? '').split(/\r?\n/)
  const matcher = dockerignore({ ignorecase: false }).add(patterns)
  const hasExceptions = patterns.some((p) => p.trim().startsWith('!'))
  const result: WalkedContext = {
    contextDir: root,
    entries: [],
    bytes: 0,
    files: 0,
    dockerignore: ignoreFile.text,
    dockerignoreIsLink: ignoreFile.isLink,
    warnings: [...ignoreFile.warnings]
  }

  const visit = async (dirRel: string): Promise<void> => {
    const dirAbs = dirRel ? path.join(root, dirRel) : root
    let names: string[]
    try {
      names = (await readdir(dirAbs)).sort()
    } catch (error) {
      throw ioError(`the folder ${dirRel || '.'} in the build context`, error)
    }
    const children = names
      .map((name) => (dirRel ? `${dirRel}/${name}` : name))
      .filter((rel) => rel !== DOCKERIGNORE || ignoreFile.isLink)
    const stats = await Promise.all(
      children.map((rel) =>
        lstatFast(path.join(root, rel)).catch((error: unknown) => {
          throw ioError(`${rel} in the build context`, error)
        })
      )
    )
    for (let i = 0; i < children.length; i++) {
      const rel = toPosix(children[i]!)
      const info = stats[i]!
      const excluded = rel !== DOCKERIGNORE && matcher.ignores(rel)
      if (info.isDirectory()) {
        // Like the CLI: an excluded folder is skipped whole unless an exception (!pattern) may keep something inside.
        if (excluded && !hasExceptions) continue
        if (!excluded) result.entries.push({ name: rel, type: 'directory', size: 0, mode: info.mode & 0o7777, mtime: info.mtime })
        await visit(rel)
        continue
      }
      if (excluded) continue
      if (info.isSymbolicLink()) {
        const linkname = await readlink(path.join(root, rel)).catch((error: unknown) => {
          throw ioError(`the link ${rel} in the build context`, error)
        })
        const resolved = path.resolve(path.dirname(path.join(root, rel)), linkname)
        // (A linked .dockerignore has its own warning.)
        if (rel !== DOCKERIGNORE && resolved !== root && !resolved.startsWith(root + path.sep)) {
          result.warnings.push(
            `${rel} is a symbolic link to ${linkname}, outside the build context. Docker sends the link itself, not the file it points to, so inside the image it points at ${resolved}, which probably does not exist there. Copy the file into the context folder instead, or add ${rel} to .dockerignore.`
          )
        }
        result.entries.push({ name: rel, type: 'symlink', size: 0, mode: info.mode & 0o7777, mtime: info.mtime, linkname })
      } else if (info.isFile()) {
        result.entries.push({ name: rel, type: 'file', size: info.size, mode: info.mode & 0o7777, mtime: info.mtime })
        result.bytes += info.size
        result.files++
      }
      // Sockets, FIFOs and devices are not sent (the CLI refuses them too; a context rarely has any).
    }
  }
  await visit('')
  return result
}

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
export function largestFolders(walked: WalkedContext, limit = 6): FolderSize[] {
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

export interface PackedContext {
  stream: Readable
  /** The generated name the editor's Dockerfile has inside the tar (the build's `dockerfile` option). */
  dockerfileName: string
  done: Promise<void>
}

type EntryHeader = Partial<tarStream.Header> & Pick<tarStream.Header, 'name'>

const SMALL_FILE = 4 * 1024 * 1024
const PREFETCH_BYTES = 32 * 1024 * 1024
const PREFETCH_FILES = 64
const CHUNK = 1024 * 1024

/**
 * Streams the walked context as a tar: the files read ahead in parallel (small ones whole,
 * large ones in 1 MB chunks), the editor's Dockerfile under a generated name, and a
 * .dockerignore that also lists that name (as the docker CLI does for a Dockerfile from
 * stdin), so the daemon drops it from what COPY sees; a linked .dockerignore is sent as the
 * link instead, never the file it points to. Nothing is written to the user's folder.
 */
export function packContext(walked: WalkedContext, dockerfileText: string): PackedContext {
  const pack = tarStream.pack({ highWaterMark: 4 * 1024 * 1024 } as never)
  const dockerfileName = `.slipway.Dockerfile.${randomBytes(8).toString('hex')}`
  const now = new Date()
  const ignore = walked.dockerignore === null ? `${DOCKERIGNORE}\n${dockerfileName}\n` : `${walked.dockerignore}\n${dockerfileName}\n`

  const addBuffer = (header: EntryHeader, content: Buffer | string): Promise<void> =>
    new Promise((resolve, reject) => pack.entry(header as tarStream.Header, content, (error) => (error ? reject(error) : resolve())))

  const root = walked.contextDir
  const entries = walked.entries
  const reads = new Map<number, Promise<Buffer>>()
  let nextRead = 0
  let pendingBytes = 0
  const prefetch = (from: number): void => {
    if (nextRead < from) nextRead = from
    while (nextRead < entries.length && reads.size < PREFETCH_FILES && pendingBytes < PREFETCH_BYTES) {
      const entry = entries[nextRead]!
      if (entry.type === 'file' && entry.size <= SMALL_FILE) {
        const index = nextRead
        pendingBytes += entry.size
        const read = readKnownSize(path.join(root, entry.name), entry.size)
        read.catch(() => undefined)
        reads.set(index, read)
      }
      nextRead++
    }
  }

  const streamLargeFile = async (entry: ContextEntry): Promise<void> => {
    const header: EntryHeader = { name: entry.name, type: 'file', size: entry.size, mode: entry.mode, mtime: entry.mtime }
    let finish!: (error?: Error | null) => void
    const finished = new Promise<void>((resolve, reject) => (finish = (error) => (error ? reject(error) : resolve())))
    finished.catch(() => undefined)
    const sink = pack.entry(header as tarStream.Header, (error) => finish(error))
    sink.on('error', () => undefined)
    // Reads no more than the size in the header; a file that shrank since the walk cannot fill it.
    const source = createReadStream(path.join(root, entry.name), { highWaterMark: CHUNK, end: entry.size - 1 })
    let sent = 0
    try {
      for await (const chunk of source) {
        sent += (chunk as Buffer).length
        if (!sink.write(chunk as Buffer)) await once(sink as unknown as NodeJS.EventEmitter, 'drain')
      }
    } catch (error) {
      sink.destroy(error as Error)
      throw ioError(`${entry.name} in the build context`, error)
    }
    if (sent < entry.size) {
      const error = changedWhileSending(`${entry.name} in the build context`)
      sink.destroy(error)
      throw error
    }
    sink.end(undefined as never)
    await finished
  }

  const run = async (): Promise<void> => {
    if (!walked.dockerignoreIsLink) await addBuffer({ name: DOCKERIGNORE, type: 'file', mode: 0o600, mtime: now }, ignore)
    await addBuffer({ name: dockerfileName, type: 'file', mode: 0o600, mtime: now }, dockerfileText)
    prefetch(0)
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i]!
      if (entry.type === 'directory') {
        await addBuffer({ name: entry.name, type: 'directory', mode: entry.mode, mtime: entry.mtime }, '')
      } else if (entry.type === 'symlink') {
        await addBuffer({ name: entry.name, type: 'symlink', linkname: entry.linkname ?? '', mode: entry.mode, mtime: entry.mtime }, '')
      } else if (entry.size > SMALL_FILE) {
        await streamLargeFile(entry)
      } else {
        const read = reads.get(i)!
        let content: Buffer
        try {
          content = await read
        } catch (error) {
          throw ioError(`${entry.name} in the build context`, error)
        }
        reads.delete(i)
        pendingBytes -= entry.size
        prefetch(i + 1)
        await addBuffer({ name: entry.name, type: 'file', mode: entry.mode, mtime: entry.mtime }, content)
        continue
      }
      prefetch(i + 1)
    }
    pack.finalize()
  }

  const output = new Coalesce(512 * 1024)
  const done = run().catch((error: unknown) => {
    pack.destroy(error as Error)
    output.destroy(error as Error)
    throw error
  })
  done.catch(() => undefined)
  // A failure is reported once, through `done` (the caller aborts the upload); not as stray 'error' events.
  pack.on('error', () => undefined)
  output.on('error', () => undefined)
  ;(pack as unknown as Readable).pipe(output)
  return { stream: output, dockerfileName, done }
}
