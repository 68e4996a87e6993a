// Indexes an image archive (the engine's export, or an OCI archive file) in one pass over the stream: small
// JSON documents are kept, each layer blob is read into its entries as it streams by (keyed by its archive
// path: docker save may write manifest.json after the layers), and the order comes from the manifest at the end.
import path from 'node:path/posix'
import type { Readable, Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { ExportLayout } from '../../../../shared/ipc/channels/layers'
import { AppError } from '../../../../shared/ipc/errors'
import { detectCompression, layerDecoder, type LayerCompression } from './decode'
import { normalizeTarPath, type LayerEntry } from './layer-entries'
import { LayerTarReader } from './layer-tar'
import type { ExtractEvents, Header } from 'tar-stream'
import { resolveManifest, type ImageConfig } from './manifest'
import { bodyOf, tarExtractor } from './tar-entries'

export interface IndexedLayer {
  /** The blob's path in the archive. */
  archivePath: string
  compression: LayerCompression
  entries: LayerEntry[]
}

export interface ArchiveIndex {
  layout: ExportLayout
  config: ImageConfig | null
  /** Oldest first; the same blob twice gives the same object twice. */
  layers: IndexedLayer[]
  exportBytes: number
}

export interface ArchiveProgress {
  readBytes: number
  layersRead: number
}

/** Blobs up to this size are read whole (manifests, configs, tiny layers); larger ones stream. */
const SMALL_BLOB = 1024 * 1024
/** A config larger than a small blob (a very long history) is still read whole, up to this. */
const LARGEST_DOCUMENT = 64 * 1024 * 1024

const looksLikeJson = (head: Uint8Array) => {
  for (const byte of head) {
    if (byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09) continue
    return byte === 0x7b || byte === 0x5b
  }
  return false
}

const drain = (body: EntryBody) =>
  new Promise<void>((resolve, reject) => {
    body.on('end', () => resolve())
    body.on('error', reject)
    body.resume()
  })

const layerError = (compression: LayerCompression | null, error: unknown) =>
  new AppError('engine-error', `A layer of the export (${compression ?? 'unread'}) could not be read: ${(error as Error).message.replace(/[.?!]+$/, '')}. Try again; if it keeps happening, the image may be damaged on the engine.`)

/** A small layer read whole: its entries. */
async function readSmallLayer(whole: Buffer, compression: LayerCompression): Promise<LayerEntry[]> {
  const reader = new LayerTarReader()
  try {
    const decoder = layerDecoder(compression)
    if (!decoder) reader.write(whole)
    else {
      decoder.end(whole)
      for await (const chunk of decoder) reader.write(chunk as Buffer)
    }
    return reader.end()
  } catch (error) {
    throw layerError(compression, error)
  }
}

/** Layer blobs: OCI `blobs/<alg>/<hex>`, docker save's `<id>/layer.tar`, and Podman's docker-save layout's top-level `<hex>.tar`. */
const isLayerCandidate = (name: string) => name.startsWith('blobs/') || name.endsWith('.tar')

type EntryBody = ExtractEvents['entry'][1]

/** Reads one layer blob (any compression) into its entries as the export streams by. */
function indexLayerBlob(body: EntryBody): Promise<{ compression: LayerCompression; entries: LayerEntry[] }> {
  return new Promise((resolve, reject) => {
    const reader = new LayerTarReader()
    let compression: LayerCompression | null = null
    let decoder: Transform | null = null
    let settled = false
    const fail = (error: unknown) => {
      if (settled) return
      settled = true
      // The export's walk stops on this rejection and destroys the whole stream, this body with it.
      reject(layerError(compression, error))
      decoder?.destroy()
    }
    const read = (chunk: Buffer) => {
      try {
        reader.write(chunk)
      } catch (error) {
        fail(error)
      }
    }
    const finish = () => {
      if (settled) return
      try {
        const entries = reader.end()
        settled = true
        resolve({ compression: compression ?? 'none', entries })
      } catch (error) {
        fail(error)
      }
    }
    const take = (chunk: Buffer) => {
      if (!decoder) return read(chunk)
      if (!decoder.write(chunk)) {
        body.pause()
        decoder.once('drain', () => body.resume())
      }
    }
    // The compression is told by the blob's first 4 bytes, which the export's chunks may split.
    const head: Buffer[] = []
    let headBytes = 0
    const start = () => {
      const first = head.length === 1 ? head[0]! : Buffer.concat(head)
      compression = detectCompression(first)
      decoder = layerDecoder(compression)
      decoder?.on('data', read).on('error', fail).on('end', finish)
      take(first)
    }
    body.on('data', (data) => {
      if (settled) return
      if (compression) return take(data as Buffer)
      head.push(data as Buffer)
      headBytes += (data as Buffer).length
      if (headBytes >= 4) start()
    })
    body.on('error', fail)
    body.on('end', () => {
      if (!compression && headBytes > 0) start()
      if (decoder) decoder.end()
      else finish()
    })
  })
}

async function readWhole(entry: AsyncIterable<Buffer>, limit: number): Promise<Buffer | null> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of entry) {
    size += chunk.length
    if (size > limit) return null
    chunks.push(chunk)
  }
  return Buffer.concat(chunks)
}

export async function indexArchive(source: Readable, options: { onProgress?: (progress: ArchiveProgress) => void; signal?: AbortSignal } = {}): Promise<ArchiveIndex> {
  const { onProgress, signal } = options
  const progress: ArchiveProgress = { readBytes: 0, layersRead: 0 }
  let reported = 0
  source.on('data', (chunk: Buffer) => {
    progress.readBytes += chunk.length
    const now = Date.now()
    if (onProgress && now - reported > 100) {
      reported = now
      onProgress({ ...progress })
    }
  })
  const abort = () => source.destroy(signal?.reason instanceof Error ? signal.reason : new Error('cancelled'))
  signal?.addEventListener('abort', abort, { once: true })

  const documents = new Map<string, unknown>()
  const blobs = new Map<string, { compression: LayerCompression; entries: LayerEntry[] }>()
  /** docker save writes a layer met before as a symlink to the first copy. */
  const aliases = new Map<string, string>()
  const outer = tarExtractor()
  const walked = new Promise<void>((resolve, reject) => {
    outer.on('entry', (header, body, next) => {
      visit(header, body).then(() => next(), (error: unknown) => {
        reject(error)
        outer.destroy()
      })
    })
    outer.on('finish', () => resolve())
    outer.on('error', reject)
    outer.on('close', () => reject(new Error('The export stream ended early.')))
  })
  const visit = async (header: Header, body: EntryBody): Promise<void> => {
    const name = normalizeTarPath(header.name)
    if (header.type === 'symlink' && header.linkname) {
      aliases.set(name, path.normalize(path.join(path.dirname(name), header.linkname)))
      return drain(body)
    }
    if (header.type !== 'file' && header.type !== 'contiguous-file') return drain(body)
    const size = header.size ?? 0
    if (size <= SMALL_BLOB || (name.endsWith('.json') && size <= LARGEST_DOCUMENT)) {
      const whole = (await readWhole(bodyOf(body), LARGEST_DOCUMENT)) ?? Buffer.alloc(0)
      if (looksLikeJson(whole.subarray(0, 64))) {
        try {
          documents.set(name, JSON.parse(whole.toString('utf8')))
          return
        } catch {
          // Not JSON after all: maybe a layer.
        }
      }
      if (isLayerCandidate(name) && whole.length > 0) {
        const compression = detectCompression(whole)
        blobs.set(name, { compression, entries: await readSmallLayer(whole, compression) })
        progress.layersRead++
      }
      return
    }
    if (!isLayerCandidate(name)) return drain(body)
    blobs.set(name, await indexLayerBlob(body))
    progress.layersRead++
    onProgress?.({ ...progress })
  }
  try {
    signal?.throwIfAborted()
    pipeline(source, outer as unknown as NodeJS.WritableStream).catch(() => undefined)
    await walked
  } catch (error) {
    if (signal?.aborted) throw new AppError('cancelled', 'Reading the image was cancelled.')
    throw error
  } finally {
    signal?.removeEventListener('abort', abort)
    source.destroy()
  }

  const manifest = resolveManifest(documents)
  const byPath = new Map<string, IndexedLayer>()
  const layers = manifest.layers.map((archivePath) => {
    const known = byPath.get(archivePath)
    if (known) return known
    let target = archivePath
    for (let hops = 0; aliases.has(target) && hops < 8; hops++) target = aliases.get(target)!
    const blob = blobs.get(target)
    if (!blob) throw new AppError('engine-error', `The image export names a layer it does not hold (${archivePath}). Try again; if it keeps happening, the image may be incomplete on the engine.`)
    const layer: IndexedLayer = { archivePath: target, ...blob }
    byPath.set(archivePath, layer)
    return layer
  })
  const config = manifest.config ? ((documents.get(manifest.config) as ImageConfig | undefined) ?? null) : null
  onProgress?.({ ...progress })
  return { layout: manifest.layout, config, layers, exportBytes: progress.readBytes }
}
