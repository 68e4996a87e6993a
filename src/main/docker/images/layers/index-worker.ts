// The index workers' script, run as two threads (index-worker-protocol.ts): the reader reads the engine's
// connection into a shared ring, and the indexer reads the export from it (or from the bytes the main thread
// passes on). The export streams about a gigabyte through buffers that die young; in the main process's large
// heap collecting them cost more CPU than the indexing did, and the main thread stays free for the window
// meanwhile. Bundled on its own (nothing else of the main process is loaded here), so the heaps stay small.
import { PassThrough, type Readable } from 'node:stream'
import { parentPort, workerData } from 'node:worker_threads'
import { ArchiveIndexer, indexArchive, type ArchiveIndex, type ArchiveProgress } from './archive'
import { readExport } from './export-reader'
import type { ExportRequest } from './export-request'
import { RingReader, RingWriter, type ExportRing } from './export-ring'
import { ExportResponse } from './export-response'
import { errorToData, type FromWorker, type IndexJob, type ToWorker } from './index-worker-protocol'

/** The most the indexer takes from the ring at once, so the reader gets room back as it goes. */
const SLICE = 512 * 1024

const port = parentPort!
const post = (message: FromWorker) => port.postMessage(message)
const onProgress = (progress: ArchiveProgress) => post({ kind: 'progress', progress })

/** The export as the main thread passes it on, each chunk acknowledged once taken in. */
function passedOnExport(): Readable {
  const stream = new PassThrough({ highWaterMark: 1024 * 1024 })
  port.on('message', (message: ToWorker) => {
    if ('chunk' in message) {
      const bytes = message.chunk.byteLength
      stream.write(Buffer.from(message.chunk.buffer, message.chunk.byteOffset, bytes), () => post({ kind: 'taken', bytes }))
    } else if ('end' in message) stream.end()
    else stream.destroy(new Error(message.fail))
  })
  return stream
}

/** The reader's connection failed: the reader says why, and the indexer says nothing. */
class ReaderFailed extends Error {}

/** The engine's answer as the reader puts it in the ring: its HTTP framing read, its body indexed. */
async function indexRing(ring: ExportRing): Promise<ArchiveIndex> {
  const reader = new RingReader(ring)
  const indexer = new ArchiveIndexer({ onProgress })
  const response = new ExportResponse((part) => indexer.write(part))
  try {
    for (let bytes = await reader.next(); bytes; bytes = await reader.next()) {
      const slice = bytes.subarray(0, SLICE)
      response.write(slice)
      reader.release(slice.length)
      if (indexer.failure) throw indexer.failure
      if (indexer.backlog) await indexer.backlog
    }
    if (reader.failed) throw new ReaderFailed()
    response.end()
    return await indexer.finish()
  } finally {
    indexer.destroy()
  }
}

async function run(job: IndexJob): Promise<void> {
  try {
    if (job.role === 'reader') return await read(job.request, job.ring)
    const index = job.ring ? await indexRing(job.ring) : await indexArchive(passedOnExport(), { onProgress })
    post({ kind: 'done', index })
  } catch (error) {
    if (!(error instanceof ReaderFailed)) post({ kind: 'failed', error: errorToData(error) })
  }
}

/** The reader's job. A failed connection is said here, and the ring ends as failed, so the indexer says nothing more. */
async function read(request: ExportRequest, ring: ExportRing): Promise<void> {
  const writer = new RingWriter(ring)
  try {
    await readExport(request, writer)
    post({ kind: 'read' })
    writer.end('closed')
  } catch (error) {
    post({ kind: 'failed', error: errorToData(error) })
    writer.end('failed')
  }
}

void run(workerData as IndexJob)
