import type { z } from 'zod'

/** A request/response channel: a zod schema for its input and, as a type only, its result. */
export interface ChannelSpec<I extends z.ZodType = z.ZodType, R = unknown> {
  readonly input: I
  /** Never read at run time: carries the result type. */
  readonly result?: R
}

/** `channel(schema).returns<Result>()` keeps the schema and names the result type. */
export function channel<I extends z.ZodType>(input: I) {
  return {
    returns<R>(): ChannelSpec<I, R> {
      return { input }
    }
  }
}

/** An event channel from main to renderer, carrying a payload type. */
export interface EventSpec<P = unknown> {
  readonly payload?: P
}

export function event<P>(): EventSpec<P> {
  return {}
}

export type InputOf<S> = S extends ChannelSpec<infer I, unknown> ? z.input<I> : never
export type ParsedInputOf<S> = S extends ChannelSpec<infer I, unknown> ? z.output<I> : never
export type ResultOf<S> = S extends ChannelSpec<z.ZodType, infer R> ? R : never
export type PayloadOf<E> = E extends EventSpec<infer P> ? P : never
