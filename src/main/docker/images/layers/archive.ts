// Indexes an image archive (the engine's export, or an OCI archive file) in one pass over the stream: small
// JSON documents are kept, each layer blob is read into its entries as it streams by (keyed by its archive
// path: docker save may write manifest.json after the layers), and the order comes from the manifest at the end.
// The export's tar and each plain layer's tar are read synchronously as the bytes are written in (tar-walker.ts):
// no stream per entry. Whoever reads the archive writes it in: the index worker from its shared ring
// (index-worker.ts), `indexArchive` from a stream.
import path from 'node:path/posix'
import type { Readable, Transform } from 'node:stream'
import type { ExportLayout } from '../../../../shared/ipc/channels/layers'
import { AppError } from '../../../../shared/ipc/errors'
import { isLayerCandidate, readSmallLayer, StreamedLayer, WholeBlob, withoutFullStop, type DecoderFlow, type LayerRead } from './blob-bodies'
import type { LayerCompression } from './decode'
import { normalizeTarPath, type LayerEntry, type TarHeader } from './layer-entries'
import { resolveManifest, type ImageConfig } from './manifest'
import { TarWalker, type TarBody } from './tar-walker'

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

const exportError = (error: unknown) =>
  error instanceof AppError ? error : new AppError('engine-error', `The image export could not be read: ${withoutFullStop(error)}. Try again; if it keeps happening, the image may be damaged on the engine.`)

/**
 * The archive's bytes in, its index out. It never keeps a chunk it is given past `write` (what it keeps, it
 * copies), so a caller may hand it views of a buffer it reuses.
 */
export class ArchiveIndexer {
  private readonly progress: ArchiveProgress = { readBytes: 0, layersRead: 0 }
  private reported = 0
  private readonly documents = new Map<string, unknown>()
  private readonly blobs = new Map<string, LayerRead>()
  /** docker save writes a layer met before as a symlink to the first copy. */
  private readonly aliases = new Map<string, string>()
  /** Compressed layers still decoding. */
  private readonly decoding: Promise<void>[] = []
  private readonly decoders = new Set<Transform>()
  private full: Promise<void> | null = null
  private readonly walker = new TarWalker((header) => this.onEntry(header))
  /** A compressed layer that failed while decoding: the caller should stop feeding the archive. */
  failure: AppError | null = null

  constructor(private readonly options: { onProgress?: (progress: ArchiveProgress) => void; onFailure?: (error: AppError) => void } = {}) {}

  /** Takes the archive's next bytes; throws an AppError if they cannot be read. */
  write(chunk: Buffer): void {
    this.progress.readBytes += chunk.length
    const now = Date.now()
    if (now - this.reported > 100) this.report(now)
    try {
      this.walker.write(chunk)
    } catch (error) {
      throw exportError(error)
    }
  }

  /** While a compressed layer's decoder is full: resolves once it has room again (the caller waits before writing more). */
  get backlog(): Promise<void> | null {
    return this.full
  }

  /** After the archive's last byte: its index, once compressed layers have been decoded. */
  async finish(): Promise<ArchiveIndex> {
    try {
      this.walker.end()
    } catch {
      throw new Error('The export stream ended early.')
    }
    await Promise.all(this.decoding)
    const manifest = resolveManifest(this.documents)
    const byPath = new Map<string, IndexedLayer>()
    const layers = manifest.layers.map((archivePath) => {
      const known = byPath.get(archivePath)
      if (known) return known
      let target = archivePath
      for (let hops = 0; this.aliases.has(target) && hops < 8; hops++) target = this.aliases.get(target)!
      const blob = this.blobs.get(target)
      if (!blob) throw new AppError('engine-error', `The image export names a layer it does not hold (${archivePath}). Try again; if it keeps happening, the image may be incomplete on the engine.`)
      const layer: IndexedLayer = { archivePath: target, ...blob }
      byPath.set(archivePath, layer)
      return layer
    })
    const config = manifest.config ? ((this.documents.get(manifest.config) as ImageConfig | undefined) ?? null) : null
    this.report()
    return { layout: manifest.layout, config, layers, exportBytes: this.progress.readBytes }
  }

  /** Stops the decoders of a read given up. */
  destroy(): void {
    for (const decoder of this.decoders) decoder.destroy()
  }

  private report(now = Date.now()): void {
    this.reported = now
    this.options.onProgress?.({ ...this.progress })
  }

  private onEntry(header: TarHeader): TarBody | null {
    const name = normalizeTarPath(header.name)
    if (header.type === 'symlink' && header.linkname) {
      this.aliases.set(name, path.normalize(path.join(path.dirname(name), header.linkname)))
      return null
    }
    if (header.type !== 'file' && header.type !== 'contiguous-file') return null
    const size = header.size ?? 0
    if (size <= SMALL_BLOB || (name.endsWith('.json') && size <= LARGEST_DOCUMENT)) return new WholeBlob(size, (whole) => this.keepSmall(name, whole))
    return isLayerCandidate(name) ? new StreamedLayer(this.flow, (read) => this.layerRead(name, read)) : null
  }

  private keepSmall(name: string, whole: Buffer): void {
    if (looksLikeJson(whole.subarray(0, 64))) {
      try {
        this.documents.set(name, JSON.parse(whole.toString('utf8')))
        return
      } catch {
        // Not JSON after all: maybe a layer.
      }
    }
    if (isLayerCandidate(name) && whole.length > 0) this.layerRead(name, readSmallLayer(whole))
  }

  private layerRead(name: string, read: LayerRead | Promise<LayerRead>): void {
    const kept = (read: LayerRead) => {
      this.blobs.set(name, read)
      this.progress.layersRead++
      this.report()
    }
    if (!(read instanceof Promise)) return kept(read)
    const settled = read.then(kept)
    settled.catch((error: unknown) => {
      this.failure ??= exportError(error)
      this.options.onFailure?.(this.failure)
    })
    this.decoding.push(settled)
  }

  private readonly flow: DecoderFlow = {
    started: (decoder) => this.decoders.add(decoder),
    full: (decoder) => {
      this.full ??= new Promise<void>((resolve) => {
        const room = () => {
          decoder.off('drain', room).off('close', room)
          this.full = null
          resolve()
        }
        decoder.on('drain', room).on('close', room)
      })
    }
  }
}

/** Indexes an archive read from a stream (the main thread's export, one passed on to the worker, an OCI archive file). */
export async function indexArchive(source: Readable, options: { onProgress?: (progress: ArchiveProgress) => void; signal?: AbortSignal } = {}): Promise<ArchiveIndex> {
  const { signal } = options
  let fail: (error: unknown) => void = () => undefined
  const indexer = new ArchiveIndexer({ onProgress: options.onProgress, onFailure: (error) => fail(error) })
  const walked = new Promise<void>((resolve, reject) => {
    fail = (error) => {
      reject(error)
      source.destroy()
    }
    source.on('data', (chunk: Buffer) => {
      try {
        indexer.write(chunk)
      } catch (error) {
        return fail(error)
      }
      const backlog = indexer.backlog
      if (backlog && !source.isPaused()) {
        source.pause()
        void backlog.then(() => source.resume())
      }
    })
    source.on('end', () => resolve())
    source.on('error', reject)
    source.on('close', () => reject(new Error('The export stream ended early.')))
  })
  const abort = () => source.destroy(signal?.reason instanceof Error ? signal.reason : new Error('cancelled'))
  signal?.addEventListener('abort', abort, { once: true })
  try {
    signal?.throwIfAborted()
    await walked
    return await indexer.finish()
  } catch (error) {
    if (signal?.aborted) throw new AppError('cancelled', 'Reading the image was cancelled.')
    throw error
  } finally {
    signal?.removeEventListener('abort', abort)
    source.destroy()
    indexer.destroy()
  }
}
