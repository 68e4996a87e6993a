// A layer's tar read into its entries synchronously (tar-walker.ts), with each regular file's CRC-32 as its
// content digest.
import zlib from 'node:zlib'
import { entryFromHeader, type LayerEntry } from './layer-entries'
import { TarWalker, type TarBody } from './tar-walker'

/** A regular file's content, summed as it streams by. */
class FileDigest implements TarBody {
  private crc = 0
  constructor(private readonly entry: LayerEntry) {}
  write(part: Buffer): void {
    this.crc = zlib.crc32(part, this.crc)
  }
  end(): void {
    this.entry.digest = this.crc.toString(16).padStart(8, '0')
  }
}

export class LayerTarReader {
  private readonly found: LayerEntry[] = []
  private readonly walker = new TarWalker((header) => {
    const entry = entryFromHeader(header)
    if (!entry) return null
    this.found.push(entry)
    return entry.type === 'file' && entry.size > 0 ? new FileDigest(entry) : null
  })

  /** Takes the next bytes of the layer's tar; throws if they are not a tar. */
  write(chunk: Buffer): void {
    this.walker.write(chunk)
  }

  /** The entries, once the layer's bytes have all been written; throws if the tar stopped inside an entry. */
  end(): LayerEntry[] {
    try {
      this.walker.end()
    } catch {
      throw new Error('the layer ended before its tar did')
    }
    return this.found
  }
}
