import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { FrameReader } from '../../src/main/docker/containers/log-frames'

function frame(type: 1 | 2, text: string): Buffer {
  const payload = Buffer.from(text)
  const header = Buffer.alloc(8)
  header[0] = type
  header.writeUInt32BE(payload.length, 4)
  return Buffer.concat([header, payload])
}

function read(chunks: Buffer[]): [string, string][] {
  const out: [string, string][] = []
  const reader = new FrameReader((stream, payload) => out.push([stream, payload.toString()]))
  for (const chunk of chunks) reader.push(chunk)
  return out
}

describe('FrameReader', () => {
  it('gives the frames back in order, however the bytes are split into chunks', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(1 as const, 2 as const), fc.string({ minLength: 1, maxLength: 40 })), { maxLength: 30 }),
        fc.array(fc.integer({ min: 1, max: 50 }), { maxLength: 40 }),
        (frames, cuts) => {
          const all = Buffer.concat(frames.map(([t, s]) => frame(t, s)))
          const chunks: Buffer[] = []
          let at = 0
          for (const cut of cuts) {
            if (at >= all.length) break
            chunks.push(all.subarray(at, at + cut))
            at += cut
          }
          if (at < all.length) chunks.push(all.subarray(at))
          expect(read(chunks)).toEqual(frames.map(([t, s]) => [t === 2 ? 'stderr' : 'stdout', s]))
        }
      )
    )
  })

  it('treats data that is not multiplexed (a TTY) as stdout', () => {
    expect(read([Buffer.from('hello tty\n')])).toEqual([['stdout', 'hello tty\n']])
  })

  it('reads 100,000 frames in one chunk quickly', () => {
    const big = Buffer.concat(Array.from({ length: 100_000 }, (_, i) => frame(1, `${i}\n`)))
    const start = performance.now()
    expect(read([big])).toHaveLength(100_000)
    expect(performance.now() - start).toBeLessThan(1000)
  })
})
