// Where the export's blobs go as its tar streams by: small ones are kept whole (manifests, configs, tiny layers),
// layer blobs are read into their entries as they pass, plain tars in the same call and compressed ones
// through their decoder.
import type { Transform } from 'node:stream'
import { AppError } from '../../../../shared/ipc/errors'
import { detectCompression, layerDecoder, type LayerCompression } from './decode'
import type { LayerEntry } from './layer-entries'
import { LayerTarReader } from './layer-tar'
import type { TarBody } from './tar-walker'

export const withoutFullStop = (error: unknown) => (error as Error).message.replace(/[.?!]+$/, '')

const layerError = (compression: LayerCompression | null, error: unknown) =>
  new AppError('engine-error', `A layer of the export (${compression ?? 'unread'}) could not be read: ${withoutFullStop(error)}. Try again; if it keeps happening, the image may be damaged on the engine.`)

export type LayerRead = { compression: LayerCompression; entries: LayerEntry[] }

/** A compressed layer's tar read from its decoder's output; resolves when the decoder has ended. */
function decodeLayer(decoder: Transform, compression: LayerCompression): Promise<LayerRead> {
  const reader = new LayerTarReader()
  return new Promise((resolve, reject) => {
    decoder.on('data', (chunk: Buffer) => {
      try {
        reader.write(chunk)
      } catch (error) {
        decoder.destroy(error as Error)
      }
    })
    decoder.on('error', (error) => reject(layerError(compression, error)))
    decoder.on('end', () => {
      try {
        resolve({ compression, entries: reader.end() })
      } catch (error) {
        reject(layerError(compression, error))
      }
    })
  })
}

/** A small layer read whole: its entries, at once when it is a plain tar. */
export function readSmallLayer(whole: Buffer): LayerRead | Promise<LayerRead> {
  const compression = detectCompression(whole)
  const decoder = layerDecoder(compression)
  if (decoder) {
    const read = decodeLayer(decoder, compression)
    decoder.end(whole)
    return read
  }
  const reader = new LayerTarReader()
  try {
    reader.write(whole)
    return { compression, entries: reader.end() }
  } catch (error) {
    throw layerError(compression, error)
  }
}

/** Layer blobs: OCI `blobs/<alg>/<hex>`, docker save's `<id>/layer.tar`, and Podman's docker-save layout's top-level `<hex>.tar`. */
export const isLayerCandidate = (name: string) => name.startsWith('blobs/') || name.endsWith('.tar')

/** A blob read whole (it is small) into a buffer of its size: the parts it is given are views that do not last. `done` gets its bytes. */
export class WholeBlob implements TarBody {
  private readonly whole: Buffer
  private filled = 0
  constructor(
    size: number,
    private readonly done: (whole: Buffer) => void
  ) {
    this.whole = Buffer.allocUnsafe(size)
  }
  write(part: Buffer): void {
    this.filled += part.copy(this.whole, this.filled)
  }
  end(): void {
    this.done(this.whole.subarray(0, this.filled))
  }
}

/** How a streamed layer's decoder joins the export's flow. */
export interface DecoderFlow {
  /** A decoder started (it is destroyed if the export's walk stops). */
  started(decoder: Transform): void
  /** The decoder is full: the export pauses until it drains. */
  full(decoder: Transform): void
}

/**
 * A large layer blob read as it streams by: a plain tar in the same call, a compressed one through its
 * decoder. `done` gets the entries, or a promise of them.
 */
export class StreamedLayer implements TarBody {
  /** The compression is told by the blob's first 4 bytes, which the export's chunks may split. */
  private head: Buffer[] = []
  private headBytes = 0
  private compression: LayerCompression | null = null
  private reader: LayerTarReader | null = null
  private decoder: Transform | null = null
  private decoded: Promise<LayerRead> | null = null

  constructor(
    private readonly flow: DecoderFlow,
    private readonly done: (read: LayerRead | Promise<LayerRead>) => void
  ) {}

  write(part: Buffer): void {
    if (this.compression) return this.take(part)
    this.head.push(Buffer.from(part))
    this.headBytes += part.length
    if (this.headBytes >= 4) this.start()
  }

  end(): void {
    if (!this.compression) this.start()
    if (this.decoder) {
      this.decoder.end()
      this.done(this.decoded!)
      return
    }
    try {
      this.done({ compression: this.compression!, entries: this.reader!.end() })
    } catch (error) {
      throw layerError(this.compression, error)
    }
  }

  private start(): void {
    const first = this.head.length === 1 ? this.head[0]! : Buffer.concat(this.head)
    this.head = []
    this.compression = detectCompression(first)
    this.decoder = layerDecoder(this.compression)
    if (this.decoder) {
      this.flow.started(this.decoder)
      this.decoded = decodeLayer(this.decoder, this.compression)
    } else this.reader = new LayerTarReader()
    if (first.length > 0) this.take(first)
  }

  private take(part: Buffer): void {
    if (this.decoder) {
      if (!this.decoder.write(Buffer.from(part))) this.flow.full(this.decoder)
      return
    }
    try {
      this.reader!.write(part)
    } catch (error) {
      throw layerError(this.compression, error)
    }
  }
}
