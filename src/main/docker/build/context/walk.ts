// The one walk of a build context: every entry the ignore rule keeps (with its lstat data, for
// the tar), the totals, and on request the tree the editor shows, ignored entries included.
import { lstat as lstatCallback, type Stats } from 'node:fs'
import { readdir, readlink } from 'node:fs/promises'
import path from 'node:path'
import type { ContextNode } from '../../../../shared/ipc/channels/context'
import { checkContextDir, ioError } from './errors'
import { DOCKERIGNORE, readIgnoreRule, type IgnoreRule, type IgnoreRuleOptions } from './ignore-rule'

export interface ContextEntry {
  /** Relative to the context, with `/`. */
  name: string
  type: 'file' | 'directory' | 'symlink'
  size: number
  mode: number
  mtime: Date
  linkname?: string
}

export interface WalkedContext {
  contextDir: string
  rule: IgnoreRule
  /** What is sent, in the order a tar carries it. */
  entries: ContextEntry[]
  /** Bytes of the regular files that will be sent. */
  bytes: number
  files: number
  /** Entries the ignore file leaves out (a folder left out whole counts once). */
  ignoredFiles: number
  /** Only when asked for (see WalkOptions.tree). */
  tree: ContextNode | null
  /** Relative paths sent / left out, up to `maxListed` entries (then `truncated`). */
  sentPaths: string[]
  ignoredPaths: string[]
  truncated: boolean
  warnings: string[]
}

export interface WalkOptions extends Partial<IgnoreRuleOptions> {
  /** Build the tree and the path lists (the editor's listing); a build needs only the entries. */
  tree?: boolean
  /** Entries kept in the tree and the path lists; beyond it only sizes are counted. */
  maxListed?: number
  /** The build's entrance already checked the folder (checkContextDir). */
  contextChecked?: boolean
}

// The callback form of lstat costs a fraction of the CPU of fs/promises' per file, which matters for
// a context of 20,000 files.
const lstatFast = (file: string): Promise<Stats> =>
  new Promise((resolve, reject) => lstatCallback(file, (error, info) => (error ? reject(error) : resolve(info))))

const toPosix = (p: string): string => (path.sep === '/' ? p : p.split(path.sep).join('/'))

const isPermissionError = (error: unknown): boolean => {
  const code = (error as NodeJS.ErrnoException)?.code
  return code === 'EACCES' || code === 'EPERM'
}

/** Folders first, then by name: how the editor lists a folder. */
function sortTree(node: ContextNode): void {
  if (!node.children) return
  node.children.sort((a, b) => Number(b.type === 'dir') - Number(a.type === 'dir') || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  for (const child of node.children) sortTree(child)
}

/**
 * Walks `contextDir` as `docker build` sends it with `options.builder` (classic by default): the
 * ignore file that builder reads decides, an excluded folder is skipped whole unless an exception
 * may keep something inside, links are sent as links.
 */
export async function walkContext(contextDir: string, options: WalkOptions = {}): Promise<WalkedContext> {
  const root = path.resolve(contextDir)
  if (!options.contextChecked) await checkContextDir(root)
  const rule = await readIgnoreRule(root, {
    builder: options.builder ?? 'classic',
    dockerfilePath: options.dockerfilePath ?? null,
    dockerfileDirReadable: options.dockerfileDirReadable ?? false
  })
  const patterns = rule.patterns
  const withTree = options.tree ?? false
  const maxListed = options.maxListed ?? 50_000
  const result: WalkedContext = {
    contextDir: root,
    rule,
    entries: [],
    bytes: 0,
    files: 0,
    ignoredFiles: 0,
    tree: withTree ? { name: path.basename(root) || root, path: '', type: 'dir', size: 0, ignored: false, children: [] } : null,
    sentPaths: [],
    ignoredPaths: [],
    truncated: false,
    warnings: [...rule.warnings]
  }
  let listed = 0
  /** Adds a node to the tree; `as` puts its path on a list (files, and folders left out whole). */
  const list = (node: ContextNode | null, child: ContextNode, as: 'sent' | 'ignored' | null): ContextNode | null => {
    if (!withTree) return null
    if (listed >= maxListed) {
      result.truncated = true
      return null
    }
    listed++
    node?.children?.push(child)
    if (as) (as === 'sent' ? result.sentPaths : result.ignoredPaths).push(child.path)
    return child
  }

  /** Returns the bytes sent from the folder and whether anything in it is sent. */
  const visit = async (dirRel: string, node: ContextNode | null, folderExcluded: boolean): Promise<{ bytes: number; sent: boolean }> => {
    const dirAbs = dirRel ? path.join(root, dirRel) : root
    let names: string[]
    try {
      names = (await readdir(dirAbs)).sort()
    } catch (error) {
      // Like fsutil: an excluded folder that cannot be read is passed over.
      if (folderExcluded && isPermissionError(error)) return { bytes: 0, sent: false }
      throw ioError(`the folder ${dirRel || '.'} in the build context`, error)
    }
    const children = names.map((name) => (dirRel ? `${dirRel}/${name}` : name))
    const stats = await Promise.all(
      children.map((rel) =>
        lstatFast(path.join(root, rel)).catch((error: unknown) => {
          throw ioError(`${rel} in the build context`, error)
        })
      )
    )
    let bytes = 0
    let anySent = false
    for (let i = 0; i < children.length; i++) {
      const rel = toPosix(children[i]!)
      const info = stats[i]!
      const name = names[i]!
      const excluded = patterns.matches(rel)
      if (info.isDirectory()) {
        const child: ContextNode = { name, path: rel, type: 'dir', size: 0, ignored: excluded, children: [] }
        if (excluded && !patterns.mayMatchInside(rel, true)) {
          result.ignoredFiles++
          list(node, child, 'ignored')
          continue
        }
        const entry: ContextEntry = { name: rel, type: 'directory', size: 0, mode: info.mode & 0o7777, mtime: info.mtime }
        const at = result.entries.length
        if (!excluded) result.entries.push(entry)
        const listedChild = list(node, child, null)
        const inner = await visit(rel, listedChild, excluded)
        // A folder left out but holding an exception is sent for what it holds (before its contents).
        if (excluded && inner.sent) result.entries.splice(at, 0, entry)
        if (listedChild) {
          listedChild.size = inner.bytes
          listedChild.ignored = excluded && !inner.sent
        }
        bytes += inner.bytes
        anySent ||= !excluded || inner.sent
        continue
      }
      const isLink = info.isSymbolicLink()
      const size = info.isFile() ? info.size : 0
      if (!isLink && !info.isFile()) continue // sockets, FIFOs and devices are not sent (the CLI refuses them too)
      list(node, { name, path: rel, type: isLink ? 'symlink' : 'file', size, ignored: excluded }, excluded ? 'ignored' : 'sent')
      if (excluded) {
        result.ignoredFiles++
        continue
      }
      anySent = true
      if (isLink) {
        const linkname = await readlink(path.join(root, rel)).catch((error: unknown) => {
          throw ioError(`the link ${rel} in the build context`, error)
        })
        const resolved = path.resolve(path.dirname(path.join(root, rel)), linkname)
        // (A linked .dockerignore has its own warning.)
        if (rel !== DOCKERIGNORE && resolved !== root && !resolved.startsWith(root + path.sep)) {
          result.warnings.push(
            `${rel} is a symbolic link to ${linkname}, outside the build context. Docker sends the link itself, not the file it points to, so inside the image it points at ${resolved}, which probably does not exist there. Copy the file into the context folder instead, or add ${rel} to .dockerignore.`
          )
        }
        result.entries.push({ name: rel, type: 'symlink', size: 0, mode: info.mode & 0o7777, mtime: info.mtime, linkname })
      } else {
        result.entries.push({ name: rel, type: 'file', size, mode: info.mode & 0o7777, mtime: info.mtime })
        result.bytes += size
        result.files++
        bytes += size
      }
    }
    return { bytes, sent: anySent }
  }
  const top = await visit('', result.tree, false)
  if (result.tree) {
    result.tree.size = top.bytes
    sortTree(result.tree)
  }
  if (result.truncated) {
    result.sentPaths = []
    result.ignoredPaths = []
  }
  return result
}
