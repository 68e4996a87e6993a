// The index worker: reads one image export into its index on a thread of its own. The export streams about a
// gigabyte through buffers that die young; in the main process's large heap collecting them cost more CPU than
// the indexing did, and the main thread stays free for the window meanwhile. Bundled on its own (nothing else
// of the main process is loaded here), so the heap stays small.
import http from 'node:http'
import https from 'node:https'
import { PassThrough, type Readable } from 'node:stream'
import { parentPort, workerData } from 'node:worker_threads'
import { indexArchive } from './archive'
import type { ExportRequest } from './export-request'
import { errorToData, type FromWorker, type IndexJob, type ToWorker } from './index-worker-protocol'

/** The most of an engine's error answer that is read. */
const ERROR_BODY_LIMIT = 64 * 1024

const port = parentPort!
const post = (message: FromWorker) => port.postMessage(message)

/** The export on this thread's own connection; an HTTP error answer rejects as docker-modem's would. */
function requestExport(request: ExportRequest): Promise<Readable> {
  const { protocol, ...options } = request
  return new Promise((resolve, reject) => {
    const sent = (protocol === 'https' ? https : http).get(options, (response) => {
      if (response.statusCode === 200) return resolve(response)
      const chunks: Buffer[] = []
      let size = 0
      response.on('data', (chunk: Buffer) => {
        if ((size += chunk.length) <= ERROR_BODY_LIMIT) chunks.push(chunk)
      })
      response.on('error', reject)
      response.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8')
        let json: unknown = null
        try {
          json = JSON.parse(body)
        } catch {
          // Not JSON: the reason phrase and body say it.
        }
        const said = (json as { message?: string } | null)?.message ?? body.trim()
        reject(Object.assign(new Error(`(HTTP code ${response.statusCode}) ${response.statusMessage ?? ''} - ${said}`), { statusCode: response.statusCode, json }))
      })
    })
    sent.on('error', reject)
  })
}

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

async function run({ request }: IndexJob): Promise<void> {
  try {
    const source = request ? await requestExport(request) : passedOnExport()
    const index = await indexArchive(source, { onProgress: (progress) => post({ kind: 'progress', progress }) })
    post({ kind: 'done', index })
  } catch (error) {
    post({ kind: 'failed', error: errorToData(error) })
  }
}

void run(workerData as IndexJob)
