import { AppError, type IpcErrorData } from '../../shared/ipc/errors'

interface EngineErrorShape {
  statusCode?: number
  code?: string
  message?: string
  json?: { message?: string } | null
  reason?: string
}

/** The engine's own message, as dockerode hands it over (JSON body, or the HTTP reason). */
export function engineMessage(error: unknown): string {
  const e = error as EngineErrorShape
  const fromJson = e?.json && typeof e.json === 'object' ? e.json.message : undefined
  if (fromJson) return fromJson
  if (typeof e?.message === 'string') {
    // docker-modem formats "(HTTP code 409) unexpected - <message> "
    const match = /\(HTTP code \d+\)[^-]*- (.*)$/s.exec(e.message)
    return (match?.[1] ?? e.message).trim()
  }
  return String(error)
}

const unreachableCodes = new Set(['ECONNREFUSED', 'ENOENT', 'EACCES', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH'])

export function isEngineUnreachable(error: unknown): boolean {
  const code = (error as EngineErrorShape)?.code
  return typeof code === 'string' && unreachableCodes.has(code)
}

/** Maps anything a handler threw to the error data the renderer receives. */
export function toErrorData(error: unknown): IpcErrorData {
  if (error instanceof AppError) return error.toData()
  const e = error as EngineErrorShape
  if (isEngineUnreachable(error)) {
    return { code: 'engine-unavailable', message: `The Docker engine is not reachable (${e.code}). Slipway reconnects when it is back.` }
  }
  if (typeof e?.statusCode === 'number') {
    const message = engineMessage(error)
    if (e.statusCode === 404) return { code: 'not-found', message }
    if (e.statusCode === 409) return { code: 'conflict', message }
    return { code: 'engine-error', message, detail: `HTTP ${e.statusCode}` }
  }
  return { code: 'internal', message: error instanceof Error ? error.message : String(error) }
}
