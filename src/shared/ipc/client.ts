import { contract, events, type Contract, type Events } from './contract'
import type { InputOf, PayloadOf, ResultOf } from './define'
import { AppError, type Envelope } from './errors'

/** What a client needs from the other side: one call, one subscription. */
export interface ClientTransport {
  invoke(channel: string, input: unknown): Promise<Envelope>
  subscribe(eventChannel: string, listener: (payload: unknown) => void): () => void
}

type Call<S> = undefined extends InputOf<S>
  ? (input?: InputOf<S>) => Promise<ResultOf<S>>
  : (input: InputOf<S>) => Promise<ResultOf<S>>

export type SlipwayClient = {
  [G in keyof Contract]: { [N in keyof Contract[G]]: Call<Contract[G][N]> }
} & {
  events: { [E in keyof Events]: (listener: (payload: PayloadOf<Events[E]>) => void) => () => void }
}

export function channelName(group: string, name: string): string {
  return `${group}.${name}`
}

export function eventChannelName(key: string): string {
  return `event:${key}`
}

/** Builds the typed client: named functions only, one per contract channel and event. */
export function createClient(transport: ClientTransport): SlipwayClient {
  const client: Record<string, Record<string, unknown>> = {}
  for (const [group, channels] of Object.entries(contract)) {
    const functions: Record<string, unknown> = {}
    for (const name of Object.keys(channels)) {
      const wireName = channelName(group, name)
      functions[name] = async (input?: unknown) => {
        const envelope = await transport.invoke(wireName, input)
        if (envelope.ok) return envelope.value
        throw new AppError(envelope.error.code, envelope.error.message, envelope.error.detail)
      }
    }
    client[group] = functions
  }
  const subscriptions: Record<string, unknown> = {}
  for (const key of Object.keys(events)) {
    subscriptions[key] = (listener: (payload: unknown) => void) => {
      if (typeof listener !== 'function') throw new TypeError('listener must be a function')
      return transport.subscribe(eventChannelName(key), (payload) => listener(payload))
    }
  }
  client.events = subscriptions
  return client as unknown as SlipwayClient
}
