// The classic builder's context: the walked entries streamed as a tar straight into the build
// request, with the editor's Dockerfile under a generated name.
import { randomBytes } from 'node:crypto'
import { close, createReadStream, open, read } from 'node:fs'
import { Transform, type TransformCallback } from 'node:stream'
import path from 'node:path'
import { once } from 'node:events'
import tarStream from 'tar-stream'
import type { Readable } from 'node:stream'
import { changedWhileSending, ioError } from './errors'
import { DOCKERIGNORE } from './ignore-rule'
import type { ContextEntry, WalkedContext } from './walk'

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
  const rule = walked.rule
  if (rule.builder !== 'classic') throw new Error('packContext packs a context walked with the classic builder’s ignore rule')
  const ignore = rule.text === null ? `${DOCKERIGNORE}\n${dockerfileName}\n` : `${rule.text}\n${dockerfileName}\n`

  const addBuffer = (header: EntryHeader, content: Buffer | string): Promise<void> =>
    new Promise((resolve, reject) => pack.entry(header as tarStream.Header, content, (error) => (error ? reject(error) : resolve())))

  const root = walked.contextDir
  // A regular .dockerignore is written by the packer (with the Dockerfile's name added); a linked one is sent as the link.
  const entries = rule.contextIgnoreIsLink ? walked.entries : walked.entries.filter((e) => !(e.name === DOCKERIGNORE && e.type === 'file'))
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
    if (!rule.contextIgnoreIsLink) await addBuffer({ name: DOCKERIGNORE, type: 'file', mode: 0o600, mtime: now }, ignore)
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
