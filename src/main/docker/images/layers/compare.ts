// Two images side by side, as they run: files added, removed and changed (content, mode, owner, link
// target, type, modified time), with the size difference: the "why does my image change every build" answer.
import type { CompareRow, ImageComparison } from '../../../../shared/ipc/channels/layers'
import type { LayerEntry } from './layer-entries'

function differences(a: LayerEntry | null, b: LayerEntry | null): string[] {
  if (!a || !b) return a === b ? [] : ['type']
  const what: string[] = []
  if (a.type !== b.type) what.push('type')
  if (a.size !== b.size || a.digest !== b.digest) what.push('content')
  if (a.mode !== b.mode) what.push('mode')
  if (a.uid !== b.uid || a.gid !== b.gid) what.push('owner')
  if ((a.link ?? null) !== (b.link ?? null)) what.push('link target')
  if (a.mtime !== b.mtime && a.type !== 'directory') what.push('modified time')
  return what
}

export function compareTrees(baseId: string, otherId: string, base: ReadonlyMap<string, LayerEntry | null>, other: ReadonlyMap<string, LayerEntry | null>): ImageComparison {
  const rows: CompareRow[] = []
  let timestampOnly = 0
  const typeOf = (entry: LayerEntry | null) => entry?.type ?? 'directory'
  for (const [path, a] of base) {
    if (!other.has(path)) {
      rows.push({ path: `/${path}`, kind: 'removed', type: typeOf(a), baseSize: a?.size ?? 0, otherSize: null, sizeDelta: -(a?.size ?? 0), what: [] })
      continue
    }
    const b = other.get(path) ?? null
    const what = differences(a, b)
    if (what.length === 0) continue
    if (what.length === 1 && what[0] === 'modified time') {
      timestampOnly++
      continue
    }
    rows.push({ path: `/${path}`, kind: 'changed', type: typeOf(b), baseSize: a?.size ?? 0, otherSize: b?.size ?? 0, sizeDelta: (b?.size ?? 0) - (a?.size ?? 0), what })
  }
  for (const [path, b] of other) {
    if (base.has(path)) continue
    rows.push({ path: `/${path}`, kind: 'added', type: typeOf(b), baseSize: null, otherSize: b?.size ?? 0, sizeDelta: b?.size ?? 0, what: [] })
  }
  rows.sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0))
  const count = (kind: CompareRow['kind']) => rows.filter((r) => r.kind === kind).length
  return {
    base: baseId,
    other: otherId,
    rows,
    added: count('added'),
    removed: count('removed'),
    changed: count('changed'),
    sizeDelta: rows.reduce((sum, r) => sum + r.sizeDelta, 0),
    timestampOnly
  }
}
