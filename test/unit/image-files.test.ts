// Inside an image, the pure parts: layers stacked as overlay filesystems do, waste as dive computes it,
// advice, the compare, and the renderer's tree (filter, changes only, sort).
import { describe, expect, it } from 'vitest'
import { adviseOnWaste, commonFolder, copyDestination } from '../../src/main/docker/images/layers/advice'
import { analyzeLayers } from '../../src/main/docker/images/layers/analyze'
import { compareTrees } from '../../src/main/docker/images/layers/compare'
import { detectCompression } from '../../src/main/docker/images/layers/decode'
import { entryFromHeader, type LayerEntry } from '../../src/main/docker/images/layers/layer-entries'
import { resolveManifest } from '../../src/main/docker/images/layers/manifest'
import { finalTree, imageRows, layerRows } from '../../src/main/docker/images/layers/views'
import { computeWaste } from '../../src/main/docker/images/layers/waste'
import { buildTree, formatMode, visibleRows } from '../../src/renderer/components/images/files/tree'
import type { FileRow } from '../../src/shared/ipc/channels/layers'

const file = (path: string, size: number, extra: Partial<LayerEntry> = {}): LayerEntry => ({ path, type: 'file', size, mode: 0o644, uid: 0, gid: 0, mtime: 0, digest: `d${size}`, ...extra })
const dir = (path: string, extra: Partial<LayerEntry> = {}): LayerEntry => ({ path, type: 'directory', size: 0, mode: 0o755, uid: 0, gid: 0, mtime: 0, ...extra })
const whiteout = (path: string): LayerEntry => ({ path, type: 'other', size: 0, mode: 0, uid: 0, gid: 0, mtime: 0, whiteout: 'removed' })
const opaque = (path: string): LayerEntry => ({ ...dir(path), whiteout: 'opaque' })

const LAYERS: LayerEntry[][] = [
  [dir('app'), file('app/a', 100), dir('app/cache'), file('app/cache/x', 40), file('app/cache/y', 60)],
  [dir('app'), file('app/a', 300)],
  [whiteout('app/cache'), dir('d'), file('d/z', 5)],
  [opaque('d'), file('d/w', 7)]
]

describe('layers stacked as an overlay filesystem does', () => {
  it('reads whiteouts and opaque markers from tar headers', () => {
    const header = (name: string) => ({ name, size: 0, mode: 0o600, mtime: new Date(0), type: 'file' as const, linkname: '', uid: 0, gid: 0, uname: '', gname: '', devmajor: 0, devminor: 0 })
    expect(entryFromHeader(header('./work/.wh.b'))).toMatchObject({ path: 'work/b', whiteout: 'removed' })
    expect(entryFromHeader(header('d/.wh..wh..opq'))).toMatchObject({ path: 'd', whiteout: 'opaque', type: 'directory' })
    expect(entryFromHeader(header('.wh..wh.plnk/1.2'))).toMatchObject({ path: '.wh..wh.plnk/1.2' })
    expect(entryFromHeader(header('a/.wh..wh.aufs'))).toBeNull()
  })

  it('marks each entry added, modified or removed against the layers below', () => {
    const second = new Map(layerRows(LAYERS, 1).map((r) => [r.path, r]))
    expect(second.get('/app/a')).toMatchObject({ change: 'modified', size: 300 })
    expect(second.get('/app')?.change).toBeNull()
    const third = new Map(layerRows(LAYERS, 2).map((r) => [r.path, r]))
    expect(third.get('/app/cache')).toMatchObject({ change: 'removed', type: 'directory' })
    const after = new Map(imageRows(LAYERS, 2).map((r) => [r.path, r]))
    expect([...after.keys()]).toEqual(['/app', '/app/a', '/app/cache', '/app/cache/x', '/app/cache/y', '/d', '/d/z'])
    expect(after.get('/app/cache/x')).toMatchObject({ change: 'removed', layer: 2 })
    const last = finalTree(LAYERS)
    expect([...last.keys()].sort()).toEqual(['app', 'app/a', 'd', 'd/w'])
  })

  it('computes waste as dive does: a removal counts 0, the bytes it leaves are the earlier versions', () => {
    const { occurrences, counts } = analyzeLayers(LAYERS)
    expect(counts.map((c) => [c.added, c.modified, c.removed])).toEqual([
      [5, 0, 0],
      [0, 1, 0],
      [2, 0, 1],
      [1, 0, 0]
    ])
    const waste = computeWaste(occurrences)
    // app/a 100+300 (min 100); cache/x 40+0, cache/y 60+0 (min 0); d/z 5+0 (opaque); d/w 7.
    expect(waste.efficiency).toBe((100 + 0 + 0 + 0 + 7) / (400 + 40 + 60 + 5 + 7))
    expect(waste.wastedBytes).toBe(300 + 40 + 60 + 5)
    expect(waste.diveWastedBytes).toBe(400 + 40 + 60 + 5)
    expect(waste.wasted.map((w) => w.path)).toEqual(['/app/a', '/app/cache/y', '/app/cache/x', '/d/z'])
    expect(computeWaste(new Map()).efficiency).toBe(1)
  })

  it('turns waste into advice on the instruction', () => {
    const { occurrences } = analyzeLayers(LAYERS)
    const steps = [
      { instruction: 'COPY', text: '. /app', createdBy: 'COPY . /app # buildkit' },
      { instruction: 'RUN', text: 'build', createdBy: '' },
      { instruction: 'RUN', text: 'rm -rf /app/cache', createdBy: '' },
      { instruction: 'RUN', text: 'rm -rf /d && mkdir /d', createdBy: '' }
    ]
    const findings = adviseOnWaste(computeWaste(occurrences).wasted, steps, LAYERS)
    expect(findings.map((f) => f.message)).toEqual([
      'layer 1 (COPY . /app) writes /app/a (100 B) that layer 2 (RUN build) writes again: both copies ship. Write it once, or in one RUN.',
      'layer 1 (COPY . /app) copies /app/cache (100 B) that layer 3 (RUN rm -rf /app/cache) deletes: leave it out of the build context with a .dockerignore line "cache" instead.',
      'layer 3 (RUN rm -rf /app/cache) leaves /d/z (5 B) that layer 4 (RUN rm -rf /d && mkdir /d) deletes: the deletion hides the files but every byte still ships. Clean up in the same RUN that makes them.'
    ])
    expect(commonFolder(['/a/b/c', '/a/b/d/e'])).toBe('/a/b')
    expect(copyDestination({ instruction: 'COPY', text: 'file:abc in /usr/src/app/', createdBy: '' })).toBe('/usr/src/app/')
    expect(copyDestination({ instruction: 'COPY', text: '--chown=1 a b /dst', createdBy: '' })).toBe('/dst')
  })

  it('compares two trees: added, removed, changed, timestamp only', () => {
    const base = new Map<string, LayerEntry | null>([['a', file('a', 1)], ['b', file('b', 2)], ['t', file('t', 3)]])
    const other = new Map<string, LayerEntry | null>([['a', file('a', 5)], ['c', file('c', 4)], ['t', file('t', 3, { mtime: 9 })]])
    const result = compareTrees('x', 'y', base, other)
    expect(result.rows.map((r) => [r.path, r.kind, r.sizeDelta])).toEqual([
      ['/a', 'changed', 4],
      ['/b', 'removed', -2],
      ['/c', 'added', 4]
    ])
    expect(result.timestampOnly).toBe(1)
  })

  it('finds the layer order in docker save and OCI layouts, and the compression from magic bytes', () => {
    expect(resolveManifest(new Map([['manifest.json', [{ Config: 'c.json', Layers: ['1/layer.tar', '2/layer.tar'] }]]]))).toEqual({ layout: 'docker-save', config: 'c.json', layers: ['1/layer.tar', '2/layer.tar'] })
    const docs = new Map<string, unknown>([
      ['index.json', { manifests: [{ digest: 'sha256:i' }] }],
      ['blobs/sha256/i', { manifests: [{ digest: 'sha256:att', platform: { os: 'unknown' } }, { digest: 'sha256:m', platform: { os: 'linux' } }] }],
      ['blobs/sha256/m', { config: { digest: 'sha256:c' }, layers: [{ digest: 'sha256:l1' }] }]
    ])
    expect(resolveManifest(docs)).toEqual({ layout: 'oci', config: 'blobs/sha256/c', layers: ['blobs/sha256/l1'] })
    expect(() => resolveManifest(new Map())).toThrow(/neither manifest.json nor index.json/)
    expect(detectCompression(Uint8Array.of(0x1f, 0x8b, 8, 0))).toBe('gzip')
    expect(detectCompression(Uint8Array.of(0x28, 0xb5, 0x2f, 0xfd))).toBe('zstd')
    expect(detectCompression(Buffer.from('usr/'))).toBe('none')
  })
})

describe("the Files view's tree", () => {
  const row = (path: string, size: number, change: FileRow['change'] = null, type: FileRow['type'] = 'file'): FileRow => ({ path, type, size, mode: type === 'directory' ? 0o755 : 0o644, uid: 0, gid: 0, linkTarget: null, change, layer: 0 })
  const rows = [row('/etc', 0, null, 'directory'), row('/etc/passwd', 10), row('/usr/big', 500, 'added'), row('/usr/small', 5), row('/app/x', 1, 'modified')]
  const names = (list: ReturnType<typeof visibleRows>) => list.map((v) => `${'  '.repeat(v.depth - 1)}${v.node.name}`)

  it('shows folders closed until opened, sorted by name or by size', () => {
    const root = buildTree(rows)
    expect(names(visibleRows(root, { toggled: new Set(), filter: '', changesOnly: false, sort: 'name' }))).toEqual(['app', 'etc', 'usr'])
    expect(names(visibleRows(root, { toggled: new Set(['/usr']), filter: '', changesOnly: false, sort: 'size' }))).toEqual(['usr', '  big', '  small', 'etc', 'app'])
  })

  it('filters by name and by "changes only", opening the folders above what matches', () => {
    const root = buildTree(rows)
    expect(names(visibleRows(root, { toggled: new Set(), filter: 'SMA', changesOnly: false, sort: 'name' }))).toEqual(['usr', '  small'])
    expect(names(visibleRows(root, { toggled: new Set(), filter: '', changesOnly: true, sort: 'name' }))).toEqual(['app', '  x', 'usr', '  big'])
    // While filtering, toggling a folder closes it.
    expect(names(visibleRows(root, { toggled: new Set(['/usr']), filter: '', changesOnly: true, sort: 'name' }))).toEqual(['app', '  x', 'usr'])
    expect(formatMode(row('/d', 0, null, 'directory'))).toBe('drwxr-xr-x')
  })
})
