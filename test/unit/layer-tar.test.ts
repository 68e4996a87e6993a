// The synchronous layer tar reader against tar-stream, the library it replaces on the export's hot path: the
// same entries and digests for tars written by GNU tar (ustar, GNU long names, pax) and by tar-stream, fed in
// chunks of every size, including ones that split headers and bodies anywhere.
import { spawnSync } from 'node:child_process'
import { mkdir, mkdtemp, rm, symlink, link, writeFile, utimes } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import zlib from 'node:zlib'
import { extract, pack } from 'tar-stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { entryFromHeader, type LayerEntry } from '../../src/main/docker/images/layers/layer-entries'
import { LayerTarReader } from '../../src/main/docker/images/layers/layer-tar'

/** What the reader replaced: tar-stream's entries, each regular file's CRC-32. */
async function withTarStream(tar: Buffer): Promise<LayerEntry[]> {
  const found: LayerEntry[] = []
  const extractor = extract()
  const done = new Promise<void>((resolve, reject) => extractor.on('finish', resolve).on('error', reject))
  extractor.on('entry', (header, body, next) => {
    const entry = entryFromHeader(header)
    if (entry) found.push(entry)
    let crc = 0
    body.on('data', (chunk) => (crc = zlib.crc32(chunk as Buffer, crc)))
    body.on('end', () => {
      if (entry?.type === 'file' && entry.size > 0) entry.digest = crc.toString(16).padStart(8, '0')
      next()
    })
  })
  extractor.end(tar)
  await done
  return found
}

function withReader(tar: Buffer, chunkSizes: () => number): LayerEntry[] {
  const reader = new LayerTarReader()
  for (let at = 0; at < tar.length; ) {
    const size = Math.max(1, chunkSizes())
    reader.write(tar.subarray(at, at + size))
    at += size
  }
  return reader.end()
}

let dir: string
const tars: Record<string, Buffer> = {}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'slipway-layer-tar-'))
  const root = path.join(dir, 'root')
  const deep = path.join(root, 'a'.repeat(60), 'b'.repeat(60), 'c'.repeat(60))
  await mkdir(deep, { recursive: true })
  await writeFile(path.join(deep, `${'long-name-'.repeat(12)}.txt`), 'x'.repeat(70_000))
  await writeFile(path.join(root, 'empty'), '')
  await writeFile(path.join(root, 'exactly-512'), Buffer.alloc(512, 7))
  await writeFile(path.join(root, 'ünïcødé name'), 'hello')
  await writeFile(path.join(root, '.wh.removed'), '')
  await mkdir(path.join(root, 'opaque'))
  await writeFile(path.join(root, 'opaque', '.wh..wh..opq'), '')
  await symlink(`../${'t'.repeat(120)}`, path.join(root, 'long-link'))
  await link(path.join(root, 'exactly-512'), path.join(root, 'hard'))
  await utimes(path.join(root, 'empty'), 1_600_000_000, 1_600_000_000)
  for (const format of ['ustar', 'gnu', 'pax'] as const) {
    // ustar cannot hold the longest names: GNU tar leaves them out with a warning, which is fine here.
    const args = ['-C', root, `--format=${format}`, '--owner=1234', '--group=99', '-cf', '-', '.']
    tars[format] = spawnSync('tar', args, { maxBuffer: 64 * 1024 * 1024 }).stdout
  }
  const packed = pack()
  packed.entry({ name: `${'p'.repeat(150)}/file`, mode: 0o640, uid: 7, gid: 8, mtime: new Date(1_700_000_000_000) }, 'pax name')
  packed.entry({ name: 'dir/', type: 'directory' })
  packed.entry({ name: 'link', type: 'symlink', linkname: 'dir' })
  packed.entry({ name: 'big', size: 3 * 1024 * 1024 + 5 }, Buffer.alloc(3 * 1024 * 1024 + 5, 1))
  packed.finalize()
  const chunks: Buffer[] = []
  for await (const chunk of packed) chunks.push(chunk as Buffer)
  tars['tar-stream'] = Buffer.concat(chunks)
})

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('the layer tar reader', () => {
  it.each(['ustar', 'gnu', 'pax', 'tar-stream'])('reads a %s tar as tar-stream does, in chunks of any size', async (format) => {
    const tar = tars[format]!
    const expected = await withTarStream(tar)
    expect(expected.length).toBeGreaterThan(3)
    expect(withReader(tar, () => tar.length)).toEqual(expected)
    expect(withReader(tar, () => 1)).toEqual(expected)
    let seed = 7
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % 1500
    expect(withReader(tar, random)).toEqual(expected)
    expect(withReader(tar, () => 511)).toEqual(expected)
  })

  it('reads long names, link targets, owners and times', () => {
    const entries = withReader(tars.gnu!, () => 4096)
    const longFile = entries.find((e) => e.path.endsWith(`${'long-name-'.repeat(12)}.txt`))
    expect(longFile).toMatchObject({ type: 'file', size: 70_000, uid: 1234, gid: 99 })
    expect(longFile!.path.length).toBeGreaterThan(250)
    expect(entries.find((e) => e.path === 'long-link')).toMatchObject({ type: 'symlink', link: `../${'t'.repeat(120)}` })
    expect(entries.find((e) => e.path === 'empty')).toMatchObject({ mtime: 1_600_000_000, size: 0 })
    expect(entries.find((e) => e.path === 'removed')).toMatchObject({ whiteout: 'removed' })
    expect(entries.find((e) => e.path === 'opaque' && e.whiteout)).toMatchObject({ whiteout: 'opaque', type: 'directory' })
    expect(entries.find((e) => e.path === 'ünïcødé name')).toMatchObject({ size: 5, digest: zlib.crc32('hello').toString(16).padStart(8, '0') })
  })

  it('takes a checksum summed over signed bytes, as Go does (old tars wrote them so)', async () => {
    const tar = Buffer.from(tars.ustar!)
    const expected = withReader(tar, () => 4096)
    // The header of the file whose name has bytes over 0x7f: its signed sum differs from the unsigned one.
    const at = tar.indexOf(Buffer.from('./ünïcødé name'))
    expect(at % 512).toBe(0)
    let signed = 8 * 0x20
    for (let i = at; i < at + 512; i++) if (i < at + 148 || i >= at + 156) signed += tar[i]! < 0x80 ? tar[i]! : tar[i]! - 0x100
    tar.write(`${signed.toString(8).padStart(6, '0')}\0 `, at + 148, 'latin1')
    await expect(withTarStream(tar)).rejects.toThrow(/checksum|Invalid tar header/)
    expect(withReader(tar, () => 4096)).toEqual(expected)
  })

  it('refuses what is not a tar, and a tar cut inside an entry', () => {
    expect(() => withReader(Buffer.from('not a tar at all'.repeat(40)), () => 100)).toThrow(/invalid tar header/)
    // The last entry of the tar-stream tar is a 3 MB file: cut inside it, and inside a header.
    const tar = tars['tar-stream']!
    expect(() => withReader(tar.subarray(0, tar.length - 100_000), () => 65_536)).toThrow(/ended before its tar did/)
    expect(() => withReader(tar.subarray(0, 516), () => 300)).toThrow(/ended before its tar did/)
    expect(() => withReader(tar.subarray(0, 1024 + 300), () => 100)).toThrow(/ended before its tar did/)
  })
})
