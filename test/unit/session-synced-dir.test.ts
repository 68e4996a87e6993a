// What the session reads of a context file when BuildKit asks for it: the bytes the walk
// announced, in pieces of at most 32 KiB, and nothing for a file gone since the walk.
import { mkdtemp, rm, truncate, unlink, writeFile } from 'node:fs/promises'
import { randomBytes } from 'node:crypto'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { CHUNK_SIZE, diskDir } from '../../src/main/docker/build/session/synced-dir'

const temps: string[] = []
afterAll(() => Promise.all(temps.map((dir) => rm(dir, { recursive: true, force: true }))))

async function contextWith(files: Record<string, Buffer>): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'slipway-synced-dir-'))
  temps.push(dir)
  for (const [name, data] of Object.entries(files)) await writeFile(path.join(dir, name), data)
  return dir
}

async function chunksOf(dir: string, name: string): Promise<Buffer[]> {
  const synced = diskDir(dir)
  const entry = await synced.stat(name)
  const chunks: Buffer[] = []
  await synced.readFile(name, entry?.size ?? 0, async (chunk) => void chunks.push(Buffer.from(chunk)))
  return chunks
}

describe('a context folder as the session reads it', () => {
  it('hands over a small file in one piece and a large one in pieces of at most 32 KiB, byte for byte', async () => {
    const small = randomBytes(12_000)
    const large = randomBytes(3 * CHUNK_SIZE + 5)
    const dir = await contextWith({ small: small, large: large, empty: Buffer.alloc(0), exact: randomBytes(CHUNK_SIZE) })
    expect(await chunksOf(dir, 'small')).toEqual([small])
    const pieces = await chunksOf(dir, 'large')
    expect(pieces.map((p) => p.length)).toEqual([CHUNK_SIZE, CHUNK_SIZE, CHUNK_SIZE, 5])
    expect(Buffer.concat(pieces)).toEqual(large)
    expect(await chunksOf(dir, 'empty')).toEqual([])
    expect((await chunksOf(dir, 'exact')).map((p) => p.length)).toEqual([CHUNK_SIZE])
  })

  it('sends no more than the walk announced, what is left of a file that shrank, and nothing of one that is gone', async () => {
    const data = randomBytes(10_000)
    const dir = await contextWith({ grew: data, shrank: data, gone: data })
    const synced = diskDir(dir)
    const read = async (name: string): Promise<Buffer> => {
      const chunks: Buffer[] = []
      await synced.readFile(name, data.length, async (chunk) => void chunks.push(Buffer.from(chunk)))
      return Buffer.concat(chunks)
    }
    await writeFile(path.join(dir, 'grew'), Buffer.concat([data, randomBytes(500)]))
    await truncate(path.join(dir, 'shrank'), 4_000)
    await unlink(path.join(dir, 'gone'))
    expect(await read('grew')).toEqual(data)
    expect(await read('shrank')).toEqual(data.subarray(0, 4_000))
    expect(await read('gone')).toEqual(Buffer.alloc(0))
    expect(await synced.stat('gone')).toBeNull()
  })
})
