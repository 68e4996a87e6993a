// A tar read synchronously, chunk by chunk, as it streams by: each entry's header goes to the caller, which
// may take its body's bytes. This is the export's hot path, used for the export's own tar and for each layer's:
// every byte of the image passes here. tar-stream gives each entry a stream and each chunk a trip through it;
// on a 900 MB image that cost 0.4-0.7 s of CPU more per level, and on two cores the engine writing the export
// felt it (the bench: `npm run bench -- layers`). Headers are read as Go's archive/tar (which wrote them) and
// tar-stream read them: ustar with its name prefix, GNU long names (L, K), pax records (path, linkpath, size),
// base-256 numbers, and the header checksum, signed or unsigned as Go accepts it (old tars summed signed bytes).
import type { TarHeader } from './layer-entries'

const BLOCK = 512
/** Pax and GNU long-name bodies larger than this are refused, as tar-stream refuses them. */
const LONG_HEADER_LIMIT = 1024 * 1024

const TYPES: Record<number, string> = {
  0: 'file',
  1: 'link',
  2: 'symlink',
  3: 'character-device',
  4: 'block-device',
  5: 'directory',
  6: 'fifo',
  7: 'contiguous-file',
  72: 'pax-header',
  55: 'pax-global-header',
  27: 'gnu-long-link-path',
  28: 'gnu-long-path',
  30: 'gnu-long-path'
}

/** A NUL-terminated UTF-8 field. */
function text(block: Buffer, offset: number, length: number): string {
  const end = block.indexOf(0, offset)
  return block.toString('utf8', offset, end < 0 || end > offset + length ? offset + length : end)
}

/** An octal field, or base-256 when its first byte has the high bit set (GNU, for sizes over 8 GB). */
function number(block: Buffer, offset: number, length: number): number {
  if (block[offset]! & 0x80) {
    let value = block[offset]! & 0x7f
    for (let i = offset + 1; i < offset + length; i++) value = value * 256 + block[i]!
    return value
  }
  let start = offset
  const end = offset + length
  while (start < end && (block[start] === 0x20 || block[start] === 0)) start++
  let stop = start
  while (stop < end && block[stop]! >= 0x30 && block[stop]! <= 0x37) stop++
  return stop === start ? 0 : parseInt(block.toString('latin1', start, stop), 8)
}

/**
 * The sums of the header's bytes with its checksum field read as spaces, as unsigned and as signed bytes; both
 * 256 for a block of zeros.
 */
function checksums(block: Buffer): [unsigned: number, signed: number] {
  let unsigned = 8 * 0x20
  let signed = 8 * 0x20
  for (let i = 0; i < BLOCK; i++) {
    if (i === 148) i = 156
    const byte = block[i]!
    unsigned += byte
    signed += byte < 0x80 ? byte : byte - 0x100
  }
  return [unsigned, signed]
}

/** Types whose header is the whole entry: Go's archive/tar reads no body for them, whatever their size field says. */
const HEADER_ONLY = new Set<TarHeader['type']>(['link', 'symlink', 'character-device', 'block-device', 'directory', 'fifo'])

const isUstar = (block: Buffer) => block.toString('latin1', 257, 263) === 'ustar\0'

/** The header a block holds, or null for an end-of-archive block of zeros. */
function decodeHeader(block: Buffer): TarHeader | null {
  const [unsigned, signed] = checksums(block)
  if (unsigned === 8 * 0x20) return null
  const recorded = number(block, 148, 8)
  if (recorded !== unsigned && recorded !== signed) throw new Error('invalid tar header (its checksum does not match)')
  const flag = block[156] === 0 ? 0 : block[156]! - 0x30
  let name = text(block, 0, 100)
  if (isUstar(block) && block[345] !== 0) name = `${text(block, 345, 155)}/${name}`
  const type = flag === 0 && name.endsWith('/') ? 'directory' : (TYPES[flag] ?? null)
  return {
    name,
    mode: number(block, 100, 8),
    uid: number(block, 108, 8),
    gid: number(block, 116, 8),
    size: number(block, 124, 12),
    mtime: new Date(number(block, 136, 12) * 1000),
    type,
    linkname: block[157] === 0 ? null : text(block, 157, 100)
  }
}

/** Pax records (`<length> <key>=<value>\n`). */
function paxRecords(body: Buffer): Map<string, string> {
  const records = new Map<string, string>()
  let at = 0
  while (at < body.length) {
    const space = body.indexOf(0x20, at)
    const length = space < 0 ? 0 : parseInt(body.toString('latin1', at, space), 10)
    if (!(length > 0) || at + length > body.length) break
    const record = body.toString('utf8', space + 1, at + length - 1)
    const equals = record.indexOf('=')
    if (equals > 0) records.set(record.slice(0, equals), record.slice(equals + 1))
    at += length
  }
  return records
}

/** Where an entry's body goes, chunk by chunk; `end` after its last byte. */
export interface TarBody {
  write(part: Buffer): void
  end(): void
}

type State = 'header' | 'body' | 'long-header' | 'padding'

export class TarWalker {
  private state: State = 'header'
  private readonly block = Buffer.alloc(BLOCK)
  private filled = 0
  /** Bytes left in the current body (or long header), then in its padding to the next block. */
  private remaining = 0
  private padding = 0
  private body: TarBody | null = null
  private long: { type: TarHeader['type']; parts: Buffer[] } | null = null
  private pax: Map<string, string> | null = null
  private longName: string | null = null
  private longLink: string | null = null

  /** `onEntry` is told each entry's header (long names and pax records applied) and returns where its body goes, if anywhere. */
  constructor(private readonly onEntry: (header: TarHeader) => TarBody | null) {}

  /** Takes the next bytes of the tar; throws if they are not a tar (or if a body's `write` throws). */
  write(chunk: Buffer): void {
    let at = 0
    while (at < chunk.length) {
      if (this.state === 'header') {
        const take = Math.min(BLOCK - this.filled, chunk.length - at)
        chunk.copy(this.block, this.filled, at, at + take)
        this.filled += take
        at += take
        if (this.filled === BLOCK) {
          this.filled = 0
          this.onHeader()
        }
      } else if (this.state === 'padding') {
        const take = Math.min(this.padding, chunk.length - at)
        this.padding -= take
        at += take
        if (this.padding === 0) this.state = 'header'
      } else {
        const take = Math.min(this.remaining, chunk.length - at)
        if (this.state === 'long-header') this.long!.parts.push(Buffer.from(chunk.subarray(at, at + take)))
        else if (this.body) this.body.write(take === chunk.length ? chunk : chunk.subarray(at, at + take))
        this.remaining -= take
        at += take
        if (this.remaining === 0) this.endBody()
      }
    }
  }

  /** Once the tar's bytes have all been written: throws if it stopped inside an entry. */
  end(): void {
    if (this.state === 'body' || this.state === 'long-header' || this.filled > 0) throw new Error('the tar ended inside an entry')
  }

  private onHeader(): void {
    const header = decodeHeader(this.block)
    if (!header) return
    if (header.type === 'pax-header' || header.type === 'pax-global-header' || header.type === 'gnu-long-path' || header.type === 'gnu-long-link-path') {
      if ((header.size ?? 0) > LONG_HEADER_LIMIT) throw new Error('tar header exceeds max size')
      this.long = { type: header.type, parts: [] }
      this.startBody(header.size ?? 0, 'long-header')
      return
    }
    this.applyLongHeaders(header)
    const bodySize = HEADER_ONLY.has(header.type) ? 0 : (header.size ?? 0)
    this.body = this.onEntry(header)
    this.startBody(bodySize, 'body')
  }

  private applyLongHeaders(header: TarHeader): void {
    if (this.longName !== null) header.name = this.longName
    if (this.longLink !== null) header.linkname = this.longLink
    if (this.pax) {
      const path = this.pax.get('path')
      const linkpath = this.pax.get('linkpath')
      const size = this.pax.get('size')
      if (path) header.name = path
      if (linkpath) header.linkname = linkpath
      if (size) header.size = parseInt(size, 10)
    }
    this.longName = this.longLink = this.pax = null
  }

  private startBody(size: number, state: 'body' | 'long-header'): void {
    this.remaining = size
    this.padding = (BLOCK - (size % BLOCK)) % BLOCK
    if (size > 0) this.state = state
    else this.endBody()
  }

  private endBody(): void {
    if (this.long) {
      const body = Buffer.concat(this.long.parts)
      if (this.long.type === 'pax-header') this.pax = paxRecords(body)
      else if (this.long.type === 'gnu-long-path') this.longName = text(body, 0, body.length)
      else if (this.long.type === 'gnu-long-link-path') this.longLink = text(body, 0, body.length)
      this.long = null
    } else if (this.body) {
      const body = this.body
      this.body = null
      body.end()
    }
    this.state = this.padding > 0 ? 'padding' : 'header'
  }
}
