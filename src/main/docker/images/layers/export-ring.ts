// The export's bytes handed from the thread that reads the engine's connection to the thread that indexes them,
// through a ring of shared memory: the socket reads straight into the ring, and nothing is copied or posted per
// chunk. Why two threads: on a Unix socket only a few hundred kB are in flight, so an engine that writes the
// export (docker save runs at about 1 GB/s) waits whenever its reader is busy. Read and indexed on one thread,
// the export took as long as writing it plus indexing it; with the reading on a thread of its own, the
// indexing mostly overlaps the engine's writing (`npm run bench -- layers`).

/** The ring's shared memory, sent to both threads in their workerData. */
export interface ExportRing {
  data: SharedArrayBuffer
  control: SharedArrayBuffer
}

/**
 * Bytes written and not yet read; the writer's count of writes and ends (what the reader waits on); how it
 * ended; while the reader waits, the bytes it waits for (0 otherwise).
 */
const FILLED = 0
const WRITES = 1
const ENDED = 2
const READER_WANTS = 3
const ENDED_OK = 1
const ENDED_FAILED = 2

export const RING_BYTES = 4 * 1024 * 1024

export function createExportRing(bytes = RING_BYTES): ExportRing {
  return { data: new SharedArrayBuffer(bytes), control: new SharedArrayBuffer(4 * Int32Array.BYTES_PER_ELEMENT) }
}

/** The reading thread's end. It blocks while the ring is full: it has nothing else to do, and the engine waits on the socket meanwhile. */
export class RingWriter {
  private readonly data: Uint8Array
  private readonly control: Int32Array
  private at = 0

  constructor(ring: ExportRing) {
    this.data = new Uint8Array(ring.data)
    this.control = new Int32Array(ring.control)
  }

  /** The free space from where the next bytes go (up to the ring's end), once there is some. */
  space(): Uint8Array {
    let filled = Atomics.load(this.control, FILLED)
    // A timed wait, so that terminating the thread never finds it asleep for long.
    while (filled === this.data.length) {
      Atomics.wait(this.control, FILLED, filled, 250)
      filled = Atomics.load(this.control, FILLED)
    }
    return this.data.subarray(this.at, Math.min(this.data.length, this.at + this.data.length - filled))
  }

  /** `bytes` were written at the start of the last `space()`. */
  wrote(bytes: number): void {
    this.at = (this.at + bytes) % this.data.length
    const filled = Atomics.add(this.control, FILLED, bytes) + bytes
    Atomics.add(this.control, WRITES, 1)
    const wanted = Atomics.load(this.control, READER_WANTS)
    if (wanted > 0 && filled >= wanted) Atomics.notify(this.control, WRITES)
  }

  /** No more bytes will come: the connection closed, or failed (and the reading thread has said why). */
  end(outcome: 'closed' | 'failed'): void {
    Atomics.store(this.control, ENDED, outcome === 'closed' ? ENDED_OK : ENDED_FAILED)
    Atomics.add(this.control, WRITES, 1)
    Atomics.notify(this.control, WRITES)
  }
}

/**
 * The indexing thread's end. It waits without blocking its event loop (compressed layers decode on it), and
 * once it has read all there is, until a quarter of the ring has filled: a wake-up costs tens of microseconds
 * on both threads, and the socket delivers the export in thousands of small reads.
 */
export class RingReader {
  private readonly data: Buffer
  private readonly control: Int32Array
  private at = 0

  constructor(ring: ExportRing) {
    this.data = Buffer.from(ring.data)
    this.control = new Int32Array(ring.control)
  }

  /** The next bytes written (a view of the ring, valid until `release`), or null once the writer has ended and all are read. */
  async next(): Promise<Buffer | null> {
    for (;;) {
      const filled = Atomics.load(this.control, FILLED)
      if (filled > 0) return this.data.subarray(this.at, Math.min(this.data.length, this.at + filled))
      if (Atomics.load(this.control, ENDED)) return null
      // Said before looking again: a write the second look misses comes after this, so it wakes the wait.
      const writes = Atomics.load(this.control, WRITES)
      const wanted = Math.max(1, Math.floor(this.data.length / 4))
      Atomics.store(this.control, READER_WANTS, wanted)
      if (Atomics.load(this.control, FILLED) < wanted && !Atomics.load(this.control, ENDED)) {
        const waited = Atomics.waitAsync(this.control, WRITES, writes)
        if (waited.async) {
          // Node does not count a pending waitAsync as work: without a timer the thread would exit here.
          const alive = setInterval(() => undefined, 60_000)
          await waited.value
          clearInterval(alive)
        }
      }
      Atomics.store(this.control, READER_WANTS, 0)
    }
  }

  /** After `next()` gave null: whether the connection failed rather than closed. */
  get failed(): boolean {
    return Atomics.load(this.control, ENDED) === ENDED_FAILED
  }

  /** The bytes of the last `next()` are read: the writer may reuse their space. */
  release(bytes: number): void {
    this.at = (this.at + bytes) % this.data.length
    Atomics.sub(this.control, FILLED, bytes)
    Atomics.notify(this.control, FILLED)
  }
}
