import type { z } from 'zod'
import { channelName, eventChannelName } from '../shared/ipc/client'
import { contract, type Contract, type Events } from '../shared/ipc/contract'
import type { ChannelSpec, ParsedInputOf, PayloadOf, ResultOf } from '../shared/ipc/define'
import { AppError, type Envelope, type IpcErrorData } from '../shared/ipc/errors'
import type { RequestHandler, SenderInfo, Transport } from './transport'

export type Handlers = {
  [G in keyof Contract]: {
    [N in keyof Contract[G]]: (input: ParsedInputOf<Contract[G][N]>) => Promise<ResultOf<Contract[G][N]>>
  }
}

export type Emit = <E extends keyof Events>(key: E, payload: PayloadOf<Events[E]>) => void

function refuse(error: IpcErrorData): Envelope {
  return { ok: false, error }
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length ? issue.path.join('.') : 'input'}: ${issue.message}`)
    .join('; ')
}

/**
 * What the page gets for an error no layer translated: a bug, not something the person did. The stack goes to
 * main's log; the page gets one short line.
 */
export function internalError(wireName: string, error: unknown): IpcErrorData {
  console.error(`Slipway: ${wireName} failed unexpectedly:`, error)
  const said = (error instanceof Error ? error.message : String(error)).split('\n', 1)[0]!.slice(0, 200)
  return {
    code: 'internal',
    message: `Something went wrong inside Slipway (${wireName}): ${said}. Try again; if it keeps happening, report it with the app's log.`
  }
}

/**
 * Wraps one handler: refuse untrusted senders, validate the input, turn every error into data. Errors are
 * translated where they happen (engine calls, file reads); here an AppError is passed on and anything else
 * is an internal error.
 */
export function guardHandler(spec: ChannelSpec, wireName: string, handler: (input: unknown) => Promise<unknown>): RequestHandler {
  return async (input: unknown, sender: SenderInfo) => {
    if (!sender.trusted) {
      return refuse({ code: 'forbidden', message: `Refused ${wireName} from ${sender.description}.` })
    }
    const parsed = spec.input.safeParse(input)
    if (!parsed.success) {
      return refuse({ code: 'invalid-input', message: `Invalid input for ${wireName}: ${describeIssues(parsed.error)}` })
    }
    try {
      return { ok: true, value: await handler(parsed.data) }
    } catch (error) {
      return refuse(error instanceof AppError ? error.toData() : internalError(wireName, error))
    }
  }
}

/** Registers every contract channel on the transport. Returns the guarded handlers by wire name. */
export function bindHandlers(transport: Transport, handlers: Handlers): Map<string, RequestHandler> {
  const bound = new Map<string, RequestHandler>()
  for (const [group, channels] of Object.entries(contract) as [string, Record<string, ChannelSpec>][]) {
    const groupHandlers = (handlers as unknown as Record<string, Record<string, (input: unknown) => Promise<unknown>>>)[group]
    for (const [name, spec] of Object.entries(channels)) {
      const handler = groupHandlers?.[name]
      if (!handler) throw new Error(`No handler for ${group}.${name}`)
      const wireName = channelName(group, name)
      const guarded = guardHandler(spec, wireName, handler)
      transport.handle(wireName, guarded)
      bound.set(wireName, guarded)
    }
  }
  return bound
}

export function createEmit(transport: Transport): Emit {
  return (key, payload) => transport.emit(eventChannelName(key), payload)
}
