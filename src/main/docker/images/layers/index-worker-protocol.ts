// What the main thread and the index workers say to each other. When the engine can be reached from another
// thread (`request`), two workers run the same script: a reader, which reads the export's connection into a
// shared ring, and an indexer, which indexes what the ring holds. Otherwise the main thread passes the export's
// bytes on to the indexer (`chunk`, then `end`).
import type { ArchiveIndex, ArchiveProgress } from './archive'
import type { ExportRequest } from './export-request'
import type { ExportRing } from './export-ring'
import { AppError, type IpcErrorData } from '../../../../shared/ipc/errors'

export type IndexJob = { role: 'reader'; request: ExportRequest; ring: ExportRing } | { role: 'indexer'; ring: ExportRing | null }

export type ToWorker = { chunk: Uint8Array } | { end: true } | { fail: string }

export type FromWorker =
  | { kind: 'progress'; progress: ArchiveProgress }
  /** Bytes of passed-on chunks the worker has taken in, so the main thread can send more. */
  | { kind: 'taken'; bytes: number }
  | { kind: 'done'; index: ArchiveIndex }
  | { kind: 'failed'; error: WorkerError }
  /** The reader: the connection closed, the answer is all in the ring. */
  | { kind: 'read' }

/** An error as data: an AppError's code, or what the engine's HTTP answer or the socket said. */
export interface WorkerError {
  message: string
  app?: IpcErrorData
  code?: string
  syscall?: string
  statusCode?: number
  json?: unknown
}

export function errorToData(error: unknown): WorkerError {
  if (error instanceof AppError) return { message: error.message, app: error.toData() }
  const e = (error ?? {}) as Partial<WorkerError>
  const data: WorkerError = { message: typeof e.message === 'string' ? e.message : String(error) }
  if (typeof e.code === 'string') data.code = e.code
  if (typeof e.syscall === 'string') data.syscall = e.syscall
  if (typeof e.statusCode === 'number') data.statusCode = e.statusCode
  if (e.json !== undefined) data.json = e.json
  return data
}

/** Back to an error the engine-error translation knows (an AppError, or one shaped as docker-modem's). */
export function errorFromData(data: WorkerError): Error {
  if (data.app) return new AppError(data.app.code, data.app.message, data.app.detail)
  const { message, ...fields } = data
  return Object.assign(new Error(message), fields)
}
