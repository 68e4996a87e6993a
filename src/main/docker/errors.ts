// What the engine (or the socket to it) said, in the app's words. Only engine calls go through here:
// a file's ENOENT is not a missing engine socket (files say their own errors, in src/main/files).
import { AppError } from '../../shared/ipc/errors'

interface EngineErrorShape {
  statusCode?: number
  code?: string
  syscall?: string
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

/** Codes that only a connection gives: the engine went away or never answered. */
const connectionCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH'])
/** Codes a file gives too: they mean "no engine socket" / "no permission on it" only when connecting. */
const socketPathCodes = new Set(['ENOENT', 'EACCES', 'EPERM'])

export function isEngineUnreachable(error: unknown): boolean {
  const { code, syscall } = (error ?? {}) as EngineErrorShape
  if (typeof code !== 'string') return false
  return connectionCodes.has(code) || (socketPathCodes.has(code) && syscall === 'connect')
}

/** The AppError for an error from an engine call, or null when the error did not come from the engine. */
export function fromEngineError(error: unknown): AppError | null {
  if (error instanceof AppError) return error
  const e = error as EngineErrorShape
  if (isEngineUnreachable(error)) {
    return new AppError('engine-unavailable', `The Docker engine is not reachable (${e.code}). Slipway reconnects when it is back.`)
  }
  if (typeof e?.statusCode === 'number') {
    const message = engineMessage(error)
    if (e.statusCode === 404) return new AppError('not-found', message)
    if (e.statusCode === 409) return new AppError('conflict', message)
    return new AppError('engine-error', message, `HTTP ${e.statusCode}`)
  }
  return null
}

type Calls = Record<string, (input: never) => Promise<unknown>>

/**
 * The one wrapper around engine calls: every function of `calls` (a handler group that talks to the engine)
 * rethrows what the engine said as an AppError; anything else is passed on as it was thrown.
 */
export function translatingEngineErrors<C extends Calls>(calls: C): C {
  const wrapped: Record<string, (input: never) => Promise<unknown>> = {}
  for (const [name, call] of Object.entries(calls)) {
    wrapped[name] = async (input) => {
      try {
        return await call(input)
      } catch (error) {
        throw fromEngineError(error) ?? error
      }
    }
  }
  return wrapped as C
}
