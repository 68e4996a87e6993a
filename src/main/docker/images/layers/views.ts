// The file tree rows the Files view shows: one layer's entries alone, or the image as it is after a layer.
import type { ChangeKind, FileRow } from '../../../../shared/ipc/channels/layers'
import type { LayerEntry } from './layer-entries'
import { LayerStack } from './stack'

function row(path: string, entry: LayerEntry | null, layer: number, change: ChangeKind | null): FileRow {
  if (!entry) return { path: `/${path}`, type: 'directory', size: 0, mode: 0o755, uid: 0, gid: 0, linkTarget: null, change, layer }
  const linkTarget = entry.link === undefined ? null : entry.type === 'hardlink' ? `/${entry.link}` : entry.link
  return { path: `/${path}`, type: entry.whiteout === 'removed' ? 'other' : entry.type, size: entry.size, mode: entry.mode, uid: entry.uid, gid: entry.gid, linkTarget, change, layer }
}

/** Layer `index` alone: its entries, each with what it did to the image below. */
export function layerRows(layers: readonly (readonly LayerEntry[])[], index: number): FileRow[] {
  const stack = new LayerStack()
  for (let i = 0; i < index; i++) stack.apply(i, layers[i]!)
  const entries = layers[index] ?? []
  const applied = stack.apply(index, entries)
  return entries.map((entry, i) => {
    if (entry.whiteout !== 'removed') return row(entry.path, entry, index, applied.changes[i] ?? null)
    // A removal shows what it removed (type and size of the version below), when there was one.
    const gone = applied.removed.find((r) => r.path === entry.path)
    return { ...row(entry.path, gone?.entry ?? entry, index, 'removed'), size: gone?.entry?.size ?? 0 }
  })
}

/** The image after layer `index`: every path present, marked with what that layer did; its removals too. */
export function imageRows(layers: readonly (readonly LayerEntry[])[], index: number): FileRow[] {
  const stack = new LayerStack()
  for (let i = 0; i < index; i++) stack.apply(i, layers[i]!)
  const entries = layers[index] ?? []
  const applied = stack.apply(index, entries)
  const changes = new Map<string, ChangeKind | null>()
  entries.forEach((entry, i) => changes.set(entry.path, applied.changes[i] ?? null))
  const rows: FileRow[] = []
  for (const [path, node] of stack.walk()) rows.push(row(path, node.entry, node.layer, node.layer === index ? (changes.get(path) ?? null) : null))
  for (const gone of applied.removed) rows.push(row(gone.path, gone.entry, index, 'removed'))
  return rows.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
}

/** The image as it runs: every path after the last layer. */
export function finalTree(layers: readonly (readonly LayerEntry[])[]): Map<string, LayerEntry | null> {
  const stack = new LayerStack()
  layers.forEach((entries, i) => stack.apply(i, entries))
  const tree = new Map<string, LayerEntry | null>()
  for (const [path, node] of stack.walk()) tree.set(path, node.entry)
  return tree
}
