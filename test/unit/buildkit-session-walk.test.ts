// What the session sends for a directory, before any engine sees it: BuildKit's
// pattern semantics (moby/patternmatcher), fsutil's walk order and filtering,
// follow paths through symlinks, hard links, and the wire form of a stat.
import { link, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { PathPatterns } from '../../src/main/docker/build/session/patterns'
import { packetCodec, PacketType } from '../../src/main/docker/build/session/proto'
import { diskDir } from '../../src/main/docker/build/session/synced-dir'
import { walkSyncedDir, type WalkFilter } from '../../src/main/docker/build/session/walk'

const temps: string[] = []
afterAll(() => Promise.all(temps.map((dir) => rm(dir, { recursive: true, force: true }))))

async function folderWith(files: string[], links: Record<string, string> = {}): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'slipway-walk-'))
  temps.push(dir)
  for (const name of files) {
    if (name.endsWith('/')) {
      await mkdir(path.join(dir, name), { recursive: true })
      continue
    }
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true })
    await writeFile(path.join(dir, name), name)
  }
  for (const [name, target] of Object.entries(links)) await symlink(target, path.join(dir, name))
  return dir
}

async function walked(dir: string, filter: Partial<WalkFilter> = {}): Promise<string[]> {
  const out: string[] = []
  for await (const entry of walkSyncedDir(diskDir(dir), { includePatterns: [], excludePatterns: [], followPaths: [], ...filter })) {
    out.push(entry.stat.linkname ? `${entry.stat.path} -> ${entry.stat.linkname}` : entry.stat.path)
  }
  return out
}

describe('patterns as BuildKit applies them', () => {
  /** What `matches` answers for each path under `patterns`. */
  const answers = (patterns: string[], paths: string[]) => Object.fromEntries(paths.map((p) => [p, new PathPatterns(patterns).matches(p)]))

  it('matches a path or any of its parents, case-sensitively', () => {
    expect(answers(['node_modules', 'Build'], ['node_modules', 'node_modules/a/b.js', 'src/node_modules', 'build/x'])).toEqual({
      node_modules: true, 'node_modules/a/b.js': true, 'src/node_modules': false, 'build/x': false
    })
  })

  it('gives regexp characters no meaning, as patternmatcher escapes them', () => {
    expect(answers(['c++', 'a(b)', 'x{1}|y'], ['c++', 'ccc', 'a(b)', 'ab', 'x{1}|y'])).toEqual({ 'c++': true, ccc: false, 'a(b)': true, ab: false, 'x{1}|y': true })
  })

  it('lets the last matching pattern decide, with exceptions and **', () => {
    expect(answers(['docs', '!docs/keep.md', '**/*.log', '!important.log'], ['docs/other.md', 'docs/keep.md', 'a/b/c.log', 'c.log', 'important.log'])).toEqual({
      'docs/other.md': true, 'docs/keep.md': false, 'a/b/c.log': true, 'c.log': true, 'important.log': false
    })
  })

  it('tells whether a skipped folder must still be walked for an exception', () => {
    const p = new PathPatterns(['docs', 'tmp', '!docs/keep.md'])
    expect(p.mayMatchInside('docs', true)).toBe(true)
    expect(p.mayMatchInside('tmp', true)).toBe(false)
    expect(new PathPatterns(['docs', '!docs/*.md']).mayMatchInside('tmp', true)).toBe(true)
  })
})

describe('walking a synced directory', () => {
  it('goes depth first in Go’s byte order, with symlinks as links', async () => {
    const dir = await folderWith(['b.txt', 'a/z.txt', 'a-b', 'a.txt', 'B.txt', 'empty/'], { link: 'a/z.txt' })
    expect(await walked(dir)).toEqual(['B.txt', 'a', 'a/z.txt', 'a-b', 'a.txt', 'b.txt', 'empty', 'link -> a/z.txt'])
  })

  it('sends a folder only when it or something in it is kept', async () => {
    const dir = await folderWith(['docs/keep.md', 'docs/drop.md', 'tmp/x', 'src/deep/one.ts', 'src/two.ts'])
    expect(await walked(dir, { excludePatterns: ['docs', '!docs/keep.md', 'tmp'] })).toEqual(['docs', 'docs/keep.md', 'src', 'src/deep', 'src/deep/one.ts', 'src/two.ts'])
    expect(await walked(dir, { includePatterns: ['src/deep/one.ts'] })).toEqual(['src', 'src/deep', 'src/deep/one.ts'])
  })

  it('follows the requested paths through symlinks, and sends both the link and its target', async () => {
    const dir = await folderWith(['real/Dockerfile.real', 'other'], { Dockerfile: 'real/Dockerfile.real' })
    expect(await walked(dir, { followPaths: ['Dockerfile', 'Dockerfile.dockerignore'] })).toEqual(['Dockerfile -> real/Dockerfile.real', 'real', 'real/Dockerfile.real'])
  })

  it('sends a file’s second name as a hard link to the first', async () => {
    const dir = await folderWith(['a.txt'])
    await link(path.join(dir, 'a.txt'), path.join(dir, 'b.txt'))
    expect(await walked(dir)).toEqual(['a.txt', 'b.txt -> a.txt'])
  })
})

describe('the wire form', () => {
  it('leaves zero fields out of a stat, as Go does (most of what a rebuild sends is stats)', () => {
    const bytes = packetCodec.serialize({ type: PacketType.STAT, stat: { path: 'a', mode: 0o644, uid: 0, gid: 0, size: 0, modTime: 0, linkname: '', devmajor: 0, devminor: 0 } })
    // Packet{stat: Stat{path: "a", mode: 420}}: 2 + (3 + 3) bytes.
    expect(bytes.length).toBe(8)
    expect(packetCodec.deserialize(bytes)).toMatchObject({ type: PacketType.STAT, stat: { path: 'a', mode: 0o644 } })
  })
})
