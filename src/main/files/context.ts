// The build context as Docker sends it: every file under the context folder except what
// .dockerignore excludes (matched with @balena/dockerignore, as dockerode does); the Dockerfile and
// .dockerignore themselves are always sent.
import ignore from '@balena/dockerignore'
import { lstat, opendir, stat } from 'node:fs/promises'
import path from 'node:path'
import { AppError } from '../../shared/ipc/errors'
import type { ContextListing, ContextNode } from '../../shared/ipc/channels/dockerfile'
import { readIgnoreFile } from '../docker/build/ignore-file'
import { fileError } from './read'

export interface ListOptions {
  /** Files and folders kept in the tree and the path lists; beyond it only sizes are counted. */
  maxEntries?: number
}

interface Walk {
  matcher: ReturnType<typeof ignore>
  /** Exception lines (`!…`) mean an excluded folder may still have files that are sent. */
  hasExceptions: boolean
  alwaysSent: Set<string>
  entries: number
  maxEntries: number
  files: string[]
  ignored: string[]
  totalBytes: number
  sentFiles: number
  ignoredFiles: number
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/')
}

interface IgnoreFile {
  text: string
  file: string
}

/**
 * Which ignore file applies: `<Dockerfile>.dockerignore` beside the Dockerfile wins (BuildKit), else the
 * context's. A link leading outside the context (or the Dockerfile's folder) is never read: as for
 * BuildKit, which cannot see past the context, the next candidate applies, and `refused` says why.
 */
async function findIgnoreFile(root: string, dockerfilePath: string | null): Promise<{ found: IgnoreFile | null; refused: string[] }> {
  const candidates = [
    ...(dockerfilePath ? [{ file: `${dockerfilePath}.dockerignore`, insideOf: [root, path.dirname(dockerfilePath)] }] : []),
    { file: path.join(root, '.dockerignore'), insideOf: [root] }
  ]
  const refused: string[] = []
  for (const { file, insideOf } of candidates) {
    const read = await readIgnoreFile(file, insideOf).catch(() => ({ kind: 'absent' }) as const)
    if (read.kind === 'read') return { found: { text: read.text, file }, refused }
    if (read.kind === 'refused') refused.push(read.message)
  }
  return { found: null, refused }
}

async function walkFolder(w: Walk, absolute: string, relative: string, node: ContextNode | null): Promise<{ size: number; sent: number }> {
  let dir
  try {
    dir = await opendir(absolute)
  } catch {
    return { size: 0, sent: 0 }
  }
  const names: { name: string; isDir: boolean; isLink: boolean }[] = []
  for await (const entry of dir) names.push({ name: entry.name, isDir: entry.isDirectory(), isLink: entry.isSymbolicLink() })
  names.sort((a, b) => Number(b.isDir) - Number(a.isDir) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  let size = 0
  let sent = 0
  for (const entry of names) {
    const rel = relative ? `${relative}/${entry.name}` : entry.name
    const abs = path.join(absolute, entry.name)
    const excluded = !w.alwaysSent.has(rel) && w.matcher.ignores(rel)
    const keep = w.entries < w.maxEntries
    w.entries++
    if (entry.isDir) {
      const child: ContextNode | null = keep && node ? { name: entry.name, path: rel, type: 'dir', size: 0, ignored: false, children: [] } : null
      if (child && node) node.children!.push(child)
      if (excluded && !w.hasExceptions) {
        // Docker skips the whole folder: so do we (it may be huge, e.g. node_modules).
        if (child) child.ignored = true
        if (keep) w.ignored.push(rel)
        w.ignoredFiles++
        continue
      }
      const inner = await walkFolder(w, abs, rel, child)
      if (child) {
        child.size = inner.size
        child.ignored = excluded && inner.sent === 0
      }
      size += inner.size
      sent += inner.sent
      continue
    }
    let bytes = 0
    if (!entry.isLink) {
      try {
        bytes = (await lstat(abs)).size
      } catch {
        bytes = 0
      }
    }
    if (keep && node) node.children!.push({ name: entry.name, path: rel, type: entry.isLink ? 'symlink' : 'file', size: bytes, ignored: excluded })
    if (excluded) {
      w.ignoredFiles++
      if (keep) w.ignored.push(rel)
    } else {
      w.sentFiles++
      w.totalBytes += bytes
      size += bytes
      sent++
      if (keep) w.files.push(rel)
    }
  }
  return { size, sent }
}

/** Lists what `docker build` would send from `root`, as a tree with sizes and the total. */
export async function listBuildContext(root: string, dockerfilePath: string | null, options: ListOptions = {}): Promise<ContextListing> {
  try {
    const info = await stat(root)
    if (!info.isDirectory()) throw new AppError('invalid-input', `${root} is a file; the build context must be a folder. Choose the folder that holds your app's files.`)
  } catch (error) {
    if (error instanceof AppError) throw error
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new AppError('not-found', `The build context folder ${root} does not exist. Choose another folder with "Change context".`)
    }
    throw fileError(error, root, 'read')
  }
  const { found: ignoreFile, refused } = await findIgnoreFile(root, dockerfilePath)
  const lines = ignoreFile ? ignoreFile.text.split(/\r?\n/) : []
  const warnings = [...refused]
  let matcher = ignore({ ignorecase: false })
  try {
    matcher = ignore({ ignorecase: false }).add(ignoreFile?.text ?? '')
  } catch (error) {
    warnings.push(`${path.basename(ignoreFile?.file ?? '.dockerignore')} could not be read as ignore patterns (${error instanceof Error ? error.message : String(error)}); listing every file.`)
  }
  const warning = warnings.length > 0 ? warnings.join(' ') : undefined
  const alwaysSent = new Set(['.dockerignore'])
  let dockerfileInside = false
  if (dockerfilePath) {
    const rel = path.relative(root, dockerfilePath)
    if (rel && !rel.startsWith('..') && !path.isAbsolute(rel)) {
      alwaysSent.add(toPosix(rel))
      dockerfileInside = true
    }
  }
  const w: Walk = {
    matcher,
    hasExceptions: lines.some((l) => l.trim().startsWith('!')),
    alwaysSent,
    entries: 0,
    maxEntries: options.maxEntries ?? 50_000,
    files: [],
    ignored: [],
    totalBytes: 0,
    sentFiles: 0,
    ignoredFiles: 0
  }
  const tree: ContextNode = { name: path.basename(root) || root, path: '', type: 'dir', size: 0, ignored: false, children: [] }
  const { size } = await walkFolder(w, root, '', tree)
  tree.size = size
  // The CLI sends a Dockerfile from outside the context along with it.
  if (dockerfilePath && !dockerfileInside) {
    try {
      const extra = (await stat(dockerfilePath)).size
      w.totalBytes += extra
      w.sentFiles++
    } catch {
      // an unsaved or moved Dockerfile: nothing to add
    }
  }
  const truncated = w.entries > w.maxEntries
  return {
    root,
    tree,
    totalBytes: w.totalBytes,
    sentFiles: w.sentFiles,
    ignoredFiles: w.ignoredFiles,
    files: truncated ? [] : w.files,
    ignored: truncated ? [] : w.ignored,
    truncated,
    hasDockerignore: ignoreFile !== null,
    ...(warning ? { warning } : {})
  }
}
