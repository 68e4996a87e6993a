// A layer's tar read synchronously (layer-tar.ts): the same entries as tar-stream reads from the same bytes,
// whatever the chunking, for tars written by tar-stream (pax long names) and by GNU tar (GNU long names,
// ustar prefixes); and a cut or damaged tar is an error, not a short list.
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, linkSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Readable } from 'node:stream'
import zlib from 'node:zlib'
import { extract, pack } from 'tar-stream'
import { afterAll, describe, expect, it } from 'vitest'
import { entryFromHeader, layerEntriesReader, readLayerEntries, type LayerEntry } from '../../src/main/docker/images/layers/layer-entries'

const LONG_DIR = `deep/${'a'.repeat(60)}/${'b'.repeat(60)}`

/** A tar written by tar-stream: sizes around the block size, a pax long name and link, whiteouts, links. */
async function tarStreamTar(): Promise<Buffer> {
  const p = pack()
  const chunks: Buffer[] = []
  p.on('data', (chunk: Buffer) => chunks.push(chunk))
  const ended = new Promise((resolve) => p.on('end', resolve))
  const add = (header: Parameters<typeof p.entry>[0], body = Buffer.alloc(0)) =>
    new Promise<void>((resolve, reject) => p.entry(header, body, (error) => (error ? reject(error) : resolve())))
  const bytes = (n: number, seed: number) => Buffer.from(Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff))
  await add({ name: 'etc/', type: 'directory', mode: 0o755, mtime: new Date(1_700_000_000_000) })
  for (const [i, size] of [0, 1, 511, 512, 513, 100_000].entries()) await add({ name: `etc/f${size}`, mode: 0o640, uid: 1000, gid: 1000 }, bytes(size, i))
  await add({ name: `${LONG_DIR}/file.txt` }, Buffer.from('long\n'))
  await add({ name: 'etc/link', type: 'symlink', linkname: `../${LONG_DIR}/file.txt` })
  await add({ name: 'etc/hard', type: 'link', linkname: './etc/f511' })
  await add({ name: './work/.wh.gone' })
  await add({ name: 'opq/.wh..wh..opq' })
  p.finalize()
  await ended
  return Buffer.concat(chunks)
}

const scratch = mkdtempSync(path.join(os.tmpdir(), 'slipway-layer-tar-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

/** A tar written by GNU tar in the given format, of a folder with a long path, a long link and a hard link. */
function gnuTar(format: 'gnu' | 'ustar' | 'posix'): Buffer {
  const root = path.join(scratch, format)
  const long = path.join(root, 'p'.repeat(90), 'q'.repeat(50))
  mkdirSync(long, { recursive: true })
  writeFileSync(path.join(long, 'data.bin'), Buffer.alloc(70_000, 7))
  writeFileSync(path.join(root, 'small'), 'x')
  linkSync(path.join(root, 'small'), path.join(root, 'small-hard'))
  // ustar holds a link target of 100 bytes at most.
  symlinkSync(format === 'ustar' ? 'small' : `${'t'.repeat(120)}/target`, path.join(root, 'sym'))
  return execFileSync('tar', [`--format=${format}`, '-C', root, '-cf', '-', '.'], { maxBuffer: 64 * 1024 * 1024 })
}

/** The entries as tar-stream reads them, the reference. */
async function reference(tar: Buffer): Promise<LayerEntry[]> {
  const found: LayerEntry[] = []
  const x = extract()
  x.on('entry', (header, body, next) => {
    const entry = entryFromHeader(header)
    if (entry) found.push(entry)
    let crc = 0
    body.on('data', (chunk: Buffer) => (crc = zlib.crc32(chunk, crc)))
    body.on('end', () => {
      if (entry?.type === 'file' && entry.size > 0) entry.digest = crc.toString(16).padStart(8, '0')
      next()
    })
  })
  await new Promise<void>((resolve, reject) => {
    x.on('finish', resolve)
    x.on('error', reject)
    x.end(tar)
  })
  return found
}

function readInChunks(tar: Buffer, size: number): LayerEntry[] {
  const reader = layerEntriesReader()
  for (let at = 0; at < tar.length; at += size) reader.push(tar.subarray(at, at + size))
  return reader.end()
}

describe('a layer tar read as its bytes arrive', () => {
  it('gives what tar-stream gives, however the bytes are cut, for pax long names and links', async () => {
    const tar = await tarStreamTar()
    const expected = await reference(tar)
    expect(expected.map((e) => e.path)).toContain(`${LONG_DIR}/file.txt`)
    expect(expected.find((e) => e.path === 'etc/link')?.link).toBe(`../${LONG_DIR}/file.txt`)
    for (const size of [1, 7, 511, 512, 513, 4096, tar.length]) expect(readInChunks(tar, size), `chunks of ${size}`).toEqual(expected)
    expect(await readLayerEntries(Readable.from([tar.subarray(0, 1000), tar.subarray(1000)]))).toEqual(expected)
  })

  it.each(['gnu', 'ustar', 'posix'] as const)('gives what tar-stream gives for a tar written by GNU tar (--format=%s)', async (format) => {
    const tar = gnuTar(format)
    const expected = await reference(tar)
    expect(expected.some((e) => e.path.endsWith(`${'q'.repeat(50)}/data.bin`) && e.digest)).toBe(true)
    expect(expected.find((e) => e.path === 'small-hard')).toMatchObject({ type: 'hardlink', link: 'small' })
    for (const size of [3, 500, 8192]) expect(readInChunks(tar, size), `chunks of ${size}`).toEqual(expected)
  })

  it('fails on a tar cut short, and on a damaged header', async () => {
    const tar = await tarStreamTar()
    expect(() => readInChunks(tar.subarray(0, 1024 + 100), 300)).toThrow(/Unexpected end of data/)
    const damaged = Buffer.from(tar)
    damaged[0] = damaged[0]! ^ 0xff
    expect(() => readInChunks(damaged, 4096)).toThrow(/Invalid tar header/)
    await expect(readLayerEntries(Readable.from([tar.subarray(0, 700)]))).rejects.toThrow(/Unexpected end of data/)
  })
})
