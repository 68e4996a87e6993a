// Walks a tar stream entry by entry (headers, and bodies only where the caller reads them). Stopping early,
// by leaving the loop, destroys the source: a half-read export closes its connection to the engine.
import type { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { extract, type Extract } from 'tar-stream'

/**
 * A tar parser that takes the export's chunks without pushing back on each: with tar-stream's default 16 kB
 * high-water mark nearly every chunk of the engine's stream (about 21 kB) paused it, pausing the socket too.
 */
export const tarExtractor = (): Extract => extract({ highWaterMark: 1024 * 1024 })

/** One entry of a tar stream: its header, and its body as a stream. */
export type Entry = Extract extends AsyncIterable<infer E> ? E : never

export async function* tarEntries(source: Readable): AsyncGenerator<Entry> {
  const extractor = tarExtractor()
  const piped = pipeline(source, extractor as unknown as NodeJS.WritableStream)
  // A failure of the source also ends the iteration below with that error; this only keeps it from going unhandled.
  piped.catch(() => undefined)
  let complete = false
  try {
    for await (const entry of extractor) yield entry
    await piped
    complete = true
  } finally {
    if (!complete) {
      extractor.destroy()
      source.destroy()
    }
  }
}

/** An entry's body as the chunks it streams. */
export const bodyOf = (entry: Entry): AsyncIterable<Buffer> => entry as unknown as AsyncIterable<Buffer>
