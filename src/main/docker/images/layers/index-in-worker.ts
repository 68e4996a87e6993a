// Indexes an image's export on the index workers (index-worker.ts), as `indexArchive` would on this thread: same
// result, progress and errors. Cancel ends the workers, which closes the reader's connection to the engine.
import type { Readable } from 'node:stream'
import type { Worker, WorkerOptions } from 'node:worker_threads'
import type Dockerode from 'dockerode'
import { AppError } from '../../../../shared/ipc/errors'
import { fromEngineError } from '../../errors'
import type { ArchiveIndex, ArchiveProgress } from './archive'
import { exportRequestFor } from './export-request'
import { createExportRing } from './export-ring'
import { errorFromData, type FromWorker, type IndexJob, type ToWorker, type WorkerError } from './index-worker-protocol'

/** Starts an index worker (a reader or an indexer): the bundled script in the app, the TypeScript source in tests. */
export type StartIndexWorker = (options: WorkerOptions & { workerData: IndexJob }) => Worker

/** The worker script could not run at all (it said nothing before failing): the caller may index on this thread. */
export class IndexWorkerUnavailable extends Error {
  constructor(cause: unknown) {
    super(`The index worker could not start: ${(cause as Error)?.message ?? String(cause)}`, { cause })
  }
}

/** Passed-on bytes the worker has not taken in yet, beyond which the export is paused. */
const IN_FLIGHT_LIMIT = 8 * 1024 * 1024

/** Passes the export on to the worker, pausing it while the worker is behind. */
function passOn(source: Readable, worker: Worker): (taken: number) => void {
  let inFlight = 0
  const send = (message: ToWorker, transfer: ArrayBuffer[] = []) => worker.postMessage(message, transfer)
  source.on('data', (data: Buffer) => {
    const chunk = new Uint8Array(data) // a copy of just these bytes, so its buffer can be handed over
    inFlight += chunk.byteLength
    send({ chunk }, [chunk.buffer])
    if (inFlight > IN_FLIGHT_LIMIT) source.pause()
  })
  source.on('end', () => send({ end: true }))
  source.on('error', (error) => send({ fail: error.message }))
  return (taken) => {
    inFlight -= taken
    if (inFlight <= IN_FLIGHT_LIMIT / 2 && source.isPaused()) source.resume()
  }
}

export async function indexInWorker(
  start: StartIndexWorker,
  docker: Dockerode,
  imageId: string,
  options: { signal: AbortSignal; onProgress: (progress: ArchiveProgress) => void; openExport: () => Promise<Readable> }
): Promise<ArchiveIndex> {
  const { signal, onProgress } = options
  const cancelled = () => new AppError('cancelled', 'Reading the image was cancelled.')
  if (signal.aborted) throw cancelled()
  const request = exportRequestFor(docker, imageId)
  const source = request ? null : await options.openExport()
  const ring = request ? createExportRing() : null
  // The reader first: the engine starts preparing the export when the request arrives.
  const reader = request && ring ? start({ workerData: { role: 'reader', request, ring } }) : null
  const indexer = start({ workerData: { role: 'indexer', ring } })
  let cancel = () => undefined as void
  try {
    return await new Promise<ArchiveIndex>((resolve, reject) => {
      const taken = source ? passOn(source, indexer) : () => undefined
      cancel = () => reject(cancelled())
      signal.addEventListener('abort', cancel, { once: true })
      const failed = (data: WorkerError) => {
        const error = errorFromData(data)
        reject(fromEngineError(error) ?? error)
      }
      const heard = new Set<Worker>()
      const watch = (worker: Worker, onMessage: (message: FromWorker) => void) => {
        worker.on('message', (message: FromWorker) => {
          heard.add(worker)
          onMessage(message)
        })
        worker.on('error', (error) => reject(heard.has(worker) ? error : new IndexWorkerUnavailable(error)))
        worker.on('exit', (code) => {
          // The reader is done once it has said how its connection ended.
          if (worker === reader && heard.has(worker)) return
          reject(new AppError('internal', `Reading the image stopped unexpectedly (the index worker exited with code ${code}). Try again.`))
        })
      }
      watch(indexer, (message) => {
        if (message.kind === 'progress') onProgress(message.progress)
        else if (message.kind === 'taken') taken(message.bytes)
        else if (message.kind === 'done') resolve(message.index)
        else if (message.kind === 'failed') failed(message.error)
      })
      if (reader)
        watch(reader, (message) => {
          if (message.kind === 'failed') failed(message.error)
        })
    })
  } finally {
    signal.removeEventListener('abort', cancel)
    source?.destroy()
    await Promise.all([indexer.terminate(), reader?.terminate()])
  }
}
