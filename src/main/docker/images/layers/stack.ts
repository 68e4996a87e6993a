// The image as its layers stack up: each layer applied in turn to the tree below it, as an overlay
// filesystem does (a whiteout removes a path and everything under it; an opaque folder hides what the
// layers below put in it). Applying a layer says what it did to each path: added, modified or removed.
import type { ChangeKind } from '../../../../shared/ipc/channels/layers'
import type { LayerEntry } from './layer-entries'

export interface StackNode {
  entry: LayerEntry | null
  /** The layer whose version this is (-1: a parent folder no layer listed). */
  layer: number
  children: Map<string, StackNode> | null
}

export interface AppliedLayer {
  /** Per entry of the layer (same order): what it did, null for a parent folder it only repeats. */
  changes: (ChangeKind | null)[]
  /** What whiteouts and opaque folders took away: every path under them, as it was below this layer. */
  removed: { path: string; entry: LayerEntry | null; layer: number }[]
}

const parentOf = (path: string) => {
  const slash = path.lastIndexOf('/')
  return slash < 0 ? '' : path.slice(0, slash)
}
const nameOf = (path: string) => path.slice(path.lastIndexOf('/') + 1)

export class LayerStack {
  private readonly root: StackNode = { entry: null, layer: -1, children: new Map() }
  /** Every path present, for O(1) look-ups ('' is the root). */
  readonly nodes = new Map<string, StackNode>([['', this.root]])

  get(path: string): StackNode | undefined {
    return this.nodes.get(path)
  }

  /** Applies one layer and says what it did. */
  apply(layer: number, entries: readonly LayerEntry[]): AppliedLayer {
    // What each entry did is judged against the tree as it was below the layer, before any of it applies.
    const before = entries.map((entry) => this.nodes.get(entry.path))
    const removed: AppliedLayer['removed'] = []
    const written = new Set<string>()
    for (const entry of entries) if (!entry.whiteout) written.add(entry.path)

    for (const entry of entries) {
      if (entry.whiteout === 'opaque') {
        const node = this.nodes.get(entry.path)
        if (node?.children) {
          for (const [name, child] of [...node.children]) this.detach(child, joinPath(entry.path, name), removed)
        }
      }
    }
    for (const entry of entries) {
      if (entry.whiteout === 'removed') {
        const node = this.nodes.get(entry.path)
        if (node) this.detach(node, entry.path, removed)
      }
    }
    for (const entry of entries) {
      if (entry.whiteout === 'removed') continue
      const node = this.ensure(entry.path)
      node.entry = entry.whiteout === 'opaque' ? { ...entry, whiteout: undefined } : entry
      node.layer = layer
      if (entry.type === 'directory') node.children ??= new Map()
      else if (node.children && node.children.size === 0) node.children = null
    }
    // What the opaque folder hid but the layer wrote again is not removed: it is modified.
    const gone = removed.filter((r) => !written.has(r.path))

    const changes = entries.map((entry, i): ChangeKind | null => {
      const was = before[i]
      if (entry.whiteout) return entry.whiteout
      if (!was) return 'added'
      if (entry.type !== 'directory') return 'modified'
      const old = was.entry
      if (!old || old.type !== 'directory') return old ? 'modified' : null
      return old.mode !== entry.mode || old.uid !== entry.uid || old.gid !== entry.gid ? 'modified' : null
    })
    return { changes, removed: gone }
  }

  /** Every path present (folders included), with its node. */
  *walk(): Generator<[string, StackNode]> {
    for (const [path, node] of this.nodes) if (path !== '') yield [path, node]
  }

  private ensure(path: string): StackNode {
    const known = this.nodes.get(path)
    if (known) return known
    const parent = this.ensure(parentOf(path))
    parent.children ??= new Map()
    const node: StackNode = { entry: null, layer: -1, children: null }
    parent.children.set(nameOf(path), node)
    this.nodes.set(path, node)
    return node
  }

  private detach(node: StackNode, path: string, removed: AppliedLayer['removed']): void {
    const stack: [string, StackNode][] = [[path, node]]
    while (stack.length > 0) {
      const [at, current] = stack.pop()!
      removed.push({ path: at, entry: current.entry, layer: current.layer })
      this.nodes.delete(at)
      for (const [name, child] of current.children ?? []) stack.push([joinPath(at, name), child])
    }
    this.nodes.get(parentOf(path))?.children?.delete(nameOf(path))
  }
}

export const joinPath = (dir: string, name: string) => (dir === '' ? name : `${dir}/${name}`)
