// One file out of one layer: streams the export again up to that layer's blob and that file in it, and stops
// there (the rest of the export is never read).
import type { Readable } from 'node:stream'
import { detectCompression, layerDecoder } from './decode'
import { normalizeTarPath } from './layer-entries'
import { bodyOf, tarEntries, type Entry } from './tar-entries'
import { pipeline } from 'node:stream/promises'
import { Readable as NodeReadable } from 'node:stream'

/**
 * Finds `filePath` in the layer blob at `archivePath` of the archive and hands its tar entry to `use`;
 * null when the archive has no such blob or the blob no such file.
 */
export async function withLayerFile<T>(archive: Readable, archivePath: string, filePath: string, use: (entry: Entry) => Promise<T>): Promise<T | null> {
  for await (const outer of tarEntries(archive)) {
    if (normalizeTarPath(outer.header.name) !== archivePath) {
      outer.resume()
      continue
    }
    const chunks = bodyOf(outer)[Symbol.asyncIterator]()
    const first = await chunks.next()
    if (first.done) return null
    const head: Buffer = first.value
    const blob = NodeReadable.from(
      (async function* () {
        yield head
        for (let next = await chunks.next(); !next.done; next = await chunks.next()) yield next.value
      })()
    )
    const decoder = layerDecoder(detectCompression(head))
    if (decoder) pipeline(blob, decoder).catch(() => undefined)
    for await (const inner of tarEntries(decoder ?? blob)) {
      if (normalizeTarPath(inner.header.name) === filePath) return await use(inner)
      inner.resume()
    }
    return null
  }
  return null
}

/** Reads up to `limit` bytes of the entry; `complete` says whether that was all of it. */
export async function readUpTo(entry: Entry, limit: number): Promise<{ data: Buffer; complete: boolean }> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of bodyOf(entry)) {
    const room = limit - size
    if (chunk.length > room) {
      chunks.push(chunk.subarray(0, room))
      return { data: Buffer.concat(chunks), complete: false }
    }
    chunks.push(chunk)
    size += chunk.length
  }
  return { data: Buffer.concat(chunks), complete: true }
}

/** Text when it decodes as UTF-8 with no NUL byte (a cut at `truncated` may split the last character). */
export function asText(data: Buffer, truncated: boolean): string | null {
  if (data.subarray(0, 8000).includes(0)) return null
  const decoder = new TextDecoder('utf-8', { fatal: true })
  for (let drop = 0; drop <= (truncated ? 3 : 0); drop++) {
    try {
      return decoder.decode(data.subarray(0, data.length - drop))
    } catch {
      // try without a split last character
    }
  }
  return null
}
