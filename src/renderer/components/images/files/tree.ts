// The file tree the Files view shows, built once from main's flat rows, and the rows visible for the
// folders open, a name filter, "changes only" and an order: pure, so 100,000 entries cost one pass each.
import type { FileRow } from '../../../../shared/ipc/channels/layers'

export interface TreeNode {
  name: string
  path: string
  /** null for a folder no row names (a parent main did not list). */
  row: FileRow | null
  children: TreeNode[]
  /** Bytes of the node and everything under it. */
  totalSize: number
  /** The node or something under it was changed by the selected layer. */
  changed: boolean
}

export interface VisibleRow {
  node: TreeNode
  depth: number
  /** A folder with something to show under it. */
  expandable: boolean
  expanded: boolean
}

export type TreeSort = 'name' | 'size'

export interface TreeOptions {
  /** Folders the person opened; while a filter or "changes only" applies, the ones they closed. */
  toggled: ReadonlySet<string>
  filter: string
  changesOnly: boolean
  sort: TreeSort
}

const folderOf = (path: string) => path.slice(0, Math.max(0, path.lastIndexOf('/'))) || '/'

export function buildTree(rows: readonly FileRow[]): TreeNode {
  const root: TreeNode = { name: '/', path: '/', row: null, children: [], totalSize: 0, changed: false }
  const nodes = new Map<string, TreeNode>([['/', root]])
  const ensure = (path: string): TreeNode => {
    const known = nodes.get(path)
    if (known) return known
    const parent = ensure(folderOf(path))
    const node: TreeNode = { name: path.slice(path.lastIndexOf('/') + 1), path, row: null, children: [], totalSize: 0, changed: false }
    parent.children.push(node)
    nodes.set(path, node)
    return node
  }
  for (const row of rows) ensure(row.path).row = row
  const total = (node: TreeNode): void => {
    let size = node.row?.change === 'removed' ? 0 : (node.row?.size ?? 0)
    let changed = node.row?.change != null
    for (const child of node.children) {
      total(child)
      size += child.totalSize
      changed ||= child.changed
    }
    node.totalSize = size
    node.changed = changed
  }
  total(root)
  return root
}

const byName = (a: TreeNode, b: TreeNode) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)
const bySize = (a: TreeNode, b: TreeNode) => b.totalSize - a.totalSize || byName(a, b)

/** Nodes whose name contains the filter (and, for "changes only", that the layer changed), with every folder above them; null: all. */
function matching(root: TreeNode, filter: string, changesOnly: boolean): Set<TreeNode> | null {
  if (!filter && !changesOnly) return null
  const needle = filter.toLowerCase()
  const keep = new Set<TreeNode>()
  const visit = (node: TreeNode): boolean => {
    if (changesOnly && !node.changed) return false
    let any = needle === '' ? !changesOnly || node.row?.change != null : node.name.toLowerCase().includes(needle)
    for (const child of node.children) if (visit(child)) any = true
    if (any) keep.add(node)
    return any
  }
  for (const child of root.children) visit(child)
  return keep
}

export function visibleRows(root: TreeNode, options: TreeOptions): VisibleRow[] {
  const keep = matching(root, options.filter, options.changesOnly)
  // Folders kept for what is under them are shown open.
  const openByFilter = keep !== null
  const order = options.sort === 'size' ? bySize : byName
  const out: VisibleRow[] = []
  const walk = (node: TreeNode, depth: number) => {
    const children = (keep ? node.children.filter((c) => keep.has(c)) : node.children).slice().sort(order)
    for (const child of children) {
      const shownChildren = keep ? child.children.some((c) => keep.has(c)) : child.children.length > 0
      const expanded = shownChildren && (openByFilter ? !options.toggled.has(child.path) : options.toggled.has(child.path))
      out.push({ node: child, depth, expandable: shownChildren, expanded })
      if (expanded) walk(child, depth + 1)
    }
  }
  walk(root, 1)
  return out
}

/** `-rwxr-xr-x`-style, as `ls -l` shows a mode. */
export function formatMode(row: FileRow): string {
  const kind = { directory: 'd', symlink: 'l', hardlink: '-', file: '-', other: '?' }[row.type]
  const bits = ['r', 'w', 'x']
  let text = kind
  for (let shift = 6; shift >= 0; shift -= 3) for (let i = 0; i < 3; i++) text += row.mode & (1 << (shift + 2 - i)) ? bits[i] : '-'
  return text
}
