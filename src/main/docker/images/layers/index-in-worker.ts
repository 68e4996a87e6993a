// Indexes an image's export on the index worker (index-worker.ts), as `indexArchive` would on this thread: same
// result, progress and errors. Cancel ends the worker, which closes its connection to the engine.
import type { Readable } from 'node:stream'
import type { Worker, WorkerOptions } from 'node:worker_threads'
import type Dockerode from 'dockerode'
import { AppError } from '../../../../shared/ipc/errors'
import { fromEngineError } from '../../errors'
import type { ArchiveIndex, ArchiveProgress } from './archive'
import { exportRequestFor } from './export-request'
import { errorFromData, type FromWorker, type IndexJob, type ToWorker } from './index-worker-protocol'

/** Starts the index worker: the bundled script in the app, the TypeScript source in tests. */
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
  const worker = start({ workerData: { request } })
  let cancel = () => undefined as void
  try {
    return await new Promise<ArchiveIndex>((resolve, reject) => {
      const taken = source ? passOn(source, worker) : () => undefined
      cancel = () => reject(cancelled())
      signal.addEventListener('abort', cancel, { once: true })
      let heard = false
      worker.on('message', (message: FromWorker) => {
        heard = true
        if (message.kind === 'progress') onProgress(message.progress)
        else if (message.kind === 'taken') taken(message.bytes)
        else if (message.kind === 'done') resolve(message.index)
        else {
          const error = errorFromData(message.error)
          reject(fromEngineError(error) ?? error)
        }
      })
      worker.on('error', (error) => reject(heard ? error : new IndexWorkerUnavailable(error)))
      worker.on('exit', (code) => reject(new AppError('internal', `Reading the image stopped unexpectedly (the index worker exited with code ${code}). Try again.`)))
    })
  } finally {
    signal.removeEventListener('abort', cancel)
    source?.destroy()
    await worker.terminate()
  }
}
