// Indexes an image archive (the engine's export, or an OCI archive file) in one pass over the stream: small
// JSON documents are kept, each layer blob is read into its entries as it streams by (keyed by its archive
// path: docker save may write manifest.json after the layers), and the order comes from the manifest at the end.
import path from 'node:path/posix'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { ExportLayout } from '../../../../shared/ipc/channels/layers'
import { AppError } from '../../../../shared/ipc/errors'
import { detectCompression, layerDecoder, type LayerCompression } from './decode'
import { layerEntriesSink, normalizeTarPath, type LayerEntry } from './layer-entries'
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

/** A small layer read whole: its entries. */
function readLayerEntries(whole: Readable, compression: LayerCompression): Promise<LayerEntry[]> {
  const decoder = layerDecoder(compression)
  const { sink, entries } = layerEntriesSink()
  const streams = decoder ? [whole, decoder, sink] : [whole, sink]
  pipeline(streams as unknown as [NodeJS.ReadableStream, NodeJS.WritableStream]).catch(() => undefined)
  return entries
}

/** Layer blobs: OCI `blobs/<alg>/<hex>`, docker save's `<id>/layer.tar`, and Podman's docker-save layout's top-level `<hex>.tar`. */
const isLayerCandidate = (name: string) => name.startsWith('blobs/') || name.endsWith('.tar')

type EntryBody = ExtractEvents['entry'][1]
interface ByteSink {
  write(chunk: Buffer): boolean
  end(): void
  once(event: 'drain', listener: () => void): unknown
}

/** Reads one layer blob (any compression) into its entries, pumping it by events as the export streams. */
function indexLayerBlob(body: EntryBody): Promise<{ compression: LayerCompression; entries: LayerEntry[] }> {
  return new Promise((resolve, reject) => {
    let compression: LayerCompression | null = null
    let target: ByteSink | null = null
    let entries: Promise<LayerEntry[]> = Promise.resolve([])
    const fail = (error: unknown) => {
      body.destroy()
      reject(new AppError('engine-error', `A layer of the export (${compression ?? 'unread'}) could not be read: ${(error as Error).message.replace(/[.?!]+$/, '')}. Try again; if it keeps happening, the image may be damaged on the engine.`))
    }
    const start = (first: Buffer): ByteSink => {
      compression = detectCompression(first)
      const decoder = layerDecoder(compression)
      const indexer = layerEntriesSink()
      indexer.sink.on('error', fail)
      entries = indexer.entries
      if (!decoder) return indexer.sink as unknown as ByteSink
      decoder.on('error', fail)
      decoder.pipe(indexer.sink as unknown as NodeJS.WritableStream)
      return decoder
    }
    // The compression is told by the blob's first 4 bytes, which the export's chunks may split.
    const head: Buffer[] = []
    let headBytes = 0
    const headChunk = () => (head.length === 1 ? head[0]! : Buffer.concat(head))
    body.on('data', (data) => {
      let chunk = data as Buffer
      if (!target) {
        head.push(chunk)
        headBytes += chunk.length
        if (headBytes < 4) return
        chunk = headChunk()
        target = start(chunk)
      }
      const sink: ByteSink = target
      if (!sink.write(chunk)) {
        body.pause()
        sink.once('drain', () => body.resume())
      }
    })
    body.on('error', fail)
    body.on('end', () => {
      if (!target && headBytes > 0) {
        target = start(headChunk())
        target.write(headChunk())
      }
      target?.end()
      entries.then((list) => resolve({ compression: compression ?? 'none', entries: list }), fail)
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
        blobs.set(name, { compression: detectCompression(whole), entries: await readLayerEntries(Readable.from([whole]), detectCompression(whole)) })
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
