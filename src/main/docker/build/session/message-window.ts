// Sends a stream's messages with several in flight at once. grpc-js's `call.write` hands the HTTP/2
// stream one message at a time and waits until it is on the socket before the next; the session's
// HTTP/2 frames go out once per turn of the event loop, so a call sends one message per turn. A
// context is a message per entry and per file, and two per small file (60,000 for 20,000 files):
// handing the call's sender up to WINDOW messages lets HTTP/2 write them together. Where the
// sender is not reachable (another grpc-js), messages go through `call.write` as before.
import type * as grpc from '@grpc/grpc-js'

/** Messages handed over and not yet written: enough to fill a turn, few enough to bound memory (≤ 64 × 32 KiB). */
const WINDOW = 64

interface MessageSender<T> {
  sendMessage(message: T, done: () => void): void
}

export interface MessageWindow<T> {
  /** Resolves when the message may be followed by the next; rejects once the call was cancelled. */
  send(message: T): Promise<void>
  /** Resolves when every message handed over has been written. */
  flushed(): Promise<void>
}

function senderOf<T>(call: grpc.ServerDuplexStream<unknown, T>): MessageSender<T> | null {
  const inner = (call as unknown as { call?: Partial<MessageSender<T>> }).call
  return typeof inner?.sendMessage === 'function' ? (inner as MessageSender<T>) : null
}

export function messageWindow<T>(call: grpc.ServerDuplexStream<unknown, T>): MessageWindow<T> {
  const sender = senderOf(call)
  let inFlight = 0
  let waiting: { resolve: () => void; reject: (error: Error) => void; until: number }[] = []
  let cancelled: Error | null = null

  const wake = (): void => {
    const ready = waiting.filter((w) => inFlight <= w.until)
    waiting = waiting.filter((w) => inFlight > w.until)
    for (const w of ready) w.resolve()
  }
  call.once('cancelled', () => {
    cancelled = new Error('BuildKit cancelled the transfer.')
    for (const w of waiting) w.reject(cancelled)
    waiting = []
  })
  const waitUntil = (until: number): Promise<void> => {
    if (cancelled) return Promise.reject(cancelled)
    if (inFlight <= until) return Promise.resolve()
    return new Promise((resolve, reject) => waiting.push({ resolve, reject, until }))
  }

  return {
    send(message) {
      if (cancelled) return Promise.reject(cancelled)
      inFlight++
      const done = (): void => {
        inFlight--
        wake()
      }
      if (sender) sender.sendMessage(message, done)
      else call.write(message, done)
      return waitUntil(WINDOW - 1)
    },
    flushed: () => waitUntil(0)
  }
}
