// An image archive read from a stream whose chunks fall anywhere: a compressed layer whose first chunk holds
// fewer bytes than its compression's magic is still read as compressed.
import { randomBytes } from 'node:crypto'
import { Readable } from 'node:stream'
import zlib from 'node:zlib'
import { pack } from 'tar-stream'
import { describe, expect, it } from 'vitest'
import { indexArchive } from '../../src/main/docker/images/layers/archive'

async function tarOf(files: { name: string; body: Buffer }[]): Promise<Buffer> {
  const p = pack()
  const chunks: Buffer[] = []
  p.on('data', (chunk) => void chunks.push(chunk as Buffer))
  const ended = new Promise<void>((resolve) => p.on('end', () => resolve()))
  for (const file of files) await new Promise<void>((resolve, reject) => p.entry({ name: file.name }, file.body, (error) => (error ? reject(error) : resolve())))
  p.finalize()
  await ended
  return Buffer.concat(chunks)
}

describe('an image archive read as it streams', () => {
  it('reads a gzip layer whose first chunk is a single byte', async () => {
    // Larger than a small blob (1 MB), so the layer streams through rather than being read whole.
    const content = randomBytes(1_200_000)
    const layer = zlib.gzipSync(await tarOf([{ name: 'data/big.bin', body: content }]))
    const manifest = Buffer.from(JSON.stringify([{ Config: 'config.json', Layers: ['l1/layer.tar'] }]))
    const config = Buffer.from(JSON.stringify({ rootfs: { diff_ids: ['sha256:1'] } }))
    const archive = await tarOf([
      { name: 'manifest.json', body: manifest },
      { name: 'config.json', body: config },
      { name: 'l1/layer.tar', body: layer }
    ])
    const layerStart = archive.indexOf(layer.subarray(0, 64))
    expect(layerStart).toBeGreaterThan(0)
    const source = Readable.from([archive.subarray(0, layerStart + 1), archive.subarray(layerStart + 1)])
    const index = await indexArchive(source)
    expect(index.layers).toHaveLength(1)
    expect(index.layers[0]!.compression).toBe('gzip')
    expect(index.layers[0]!.entries).toEqual([expect.objectContaining({ path: 'data/big.bin', size: content.length, digest: zlib.crc32(content).toString(16).padStart(8, '0') })])
  })

  it('says a damaged layer could not be read, in one sentence per thought', async () => {
    // Not gzip, not zstd, not tar: the reader's own message is one thought, and ours goes on after it with no
    // doubled sentence end (tar-stream's ended in "gunzipped?").
    const archive = await tarOf([
      { name: 'manifest.json', body: Buffer.from(JSON.stringify([{ Config: 'config.json', Layers: ['l1/layer.tar'] }])) },
      { name: 'l1/layer.tar', body: randomBytes(1_200_000) }
    ])
    const read = indexArchive(Readable.from([archive]))
    await expect(read).rejects.toThrow(/^A layer of the export \(none\) could not be read: .+\. Try again/)
    await expect(read).rejects.not.toThrow(/[?!.]\. Try again/)
  })
})
