// Turns a layer blob as the export carries it (plain tar, gzip or zstd) into its tar stream. The kind is read
// from the blob's first bytes, not from a media type: docker save names no media type, and OCI archives made
// by other tools are not always right about it.
import { Transform, type TransformCallback } from 'node:stream'
import zlib from 'node:zlib'
import { Decompress } from 'fzstd'

export type LayerCompression = 'none' | 'gzip' | 'zstd'

const GZIP_MAGIC = [0x1f, 0x8b]
const ZSTD_MAGIC = [0x28, 0xb5, 0x2f, 0xfd]

const startsWith = (head: Uint8Array, magic: number[]) => magic.every((byte, i) => head[i] === byte)

/** The compression of a blob from its first bytes (at least 4). */
export function detectCompression(head: Uint8Array): LayerCompression {
  if (startsWith(head, GZIP_MAGIC)) return 'gzip'
  if (startsWith(head, ZSTD_MAGIC)) return 'zstd'
  return 'none'
}

/** zstd in pure JavaScript, for Node versions whose zlib has none (before 22.15 / 23.8). */
class FzstdDecompress extends Transform {
  private readonly decoder = new Decompress((data) => {
    if (data.length > 0) this.push(Buffer.from(data))
  })

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    try {
      this.decoder.push(chunk)
      done()
    } catch (error) {
      done(error as Error)
    }
  }

  override _flush(done: TransformCallback): void {
    try {
      this.decoder.push(new Uint8Array(0), true)
      done()
    } catch (error) {
      done(error as Error)
    }
  }
}

type ZstdFactory = () => Transform
const nativeZstd = (zlib as unknown as { createZstdDecompress?: ZstdFactory }).createZstdDecompress

/** A stream that turns the blob's bytes into the layer's tar bytes. */
export function layerDecoder(compression: LayerCompression): Transform | null {
  if (compression === 'gzip') return zlib.createGunzip()
  if (compression === 'zstd') return nativeZstd ? nativeZstd() : new FzstdDecompress()
  return null
}
