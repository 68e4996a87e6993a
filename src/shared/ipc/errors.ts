/** Errors cross the process boundary as data, since Electron does not keep Error subclasses. */
export type IpcErrorCode =
  | 'invalid-input'
  | 'forbidden'
  | 'unknown-channel'
  | 'not-found'
  | 'conflict'
  | 'engine-unavailable'
  | 'engine-error'
  | 'cancelled'
  | 'io-error'
  | 'internal'

export interface IpcErrorData {
  code: IpcErrorCode
  message: string
  detail?: string
}

export type Envelope<T = unknown> = { ok: true; value: T } | { ok: false; error: IpcErrorData }

/** Thrown by handlers for errors a person can act on, and rethrown by the client on the renderer side. */
export class AppError extends Error implements IpcErrorData {
  readonly code: IpcErrorCode
  readonly detail?: string

  constructor(code: IpcErrorCode, message: string, detail?: string) {
    super(message)
    this.name = 'AppError'
    this.code = code
    if (detail !== undefined) this.detail = detail
  }

  toData(): IpcErrorData {
    return this.detail === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, detail: this.detail }
  }
}

export function isIpcErrorData(value: unknown): value is IpcErrorData {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as IpcErrorData).code === 'string' &&
    typeof (value as IpcErrorData).message === 'string'
  )
}

/** The message to show a person for anything thrown by a client call. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message
  if (isIpcErrorData(error)) return error.message
  return String(error)
}
