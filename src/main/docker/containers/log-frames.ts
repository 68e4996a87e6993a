/**
 * The engine's multiplexed stream format (non-TTY containers): frames of an 8-byte header — stream type
 * (1 stdout, 2 stderr), three zero bytes, a big-endian payload length — then the payload. docker-modem's
 * demuxStream copies the rest of its buffer after every frame, which is quadratic on large logs; this reader
 * walks each chunk by offset and keeps only an incomplete frame between chunks.
 */
export class FrameReader {
  private pending: Buffer = Buffer.alloc(0)
  /** Set when the data does not look multiplexed (a TTY container): everything is then stdout. */
  private raw = false

  constructor(private readonly onFrame: (stream: 'stdout' | 'stderr', payload: Buffer) => void) {}

  push(chunk: Buffer): void {
    if (this.raw) {
      this.onFrame('stdout', chunk)
      return
    }
    const data = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk
    let offset = 0
    while (data.length - offset >= 8) {
      const type = data[offset]!
      if (type > 2 || data[offset + 1] !== 0 || data[offset + 2] !== 0 || data[offset + 3] !== 0) {
        this.raw = true
        this.pending = Buffer.alloc(0)
        this.onFrame('stdout', data.subarray(offset))
        return
      }
      const length = data.readUInt32BE(offset + 4)
      if (data.length - offset - 8 < length) break
      this.onFrame(type === 2 ? 'stderr' : 'stdout', data.subarray(offset + 8, offset + 8 + length))
      offset += 8 + length
    }
    this.pending = offset === data.length ? Buffer.alloc(0) : Buffer.from(data.subarray(offset))
  }
}
