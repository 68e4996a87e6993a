// One layer's tar read into its entries: path, type, size, mode, owner, link target, a content digest for
// regular files, and the whiteouts overlay filesystems use (`.wh.<name>` removes a path, `.wh..wh..opq`
// hides a folder's earlier content).
import type { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import zlib from 'node:zlib'
import type { Extract, Header } from 'tar-stream'
import type { FileRow, FileType } from '../../../../shared/ipc/channels/layers'
import { tarExtractor } from './tar-entries'

export interface LayerEntry extends Pick<FileRow, 'type' | 'size' | 'mode' | 'uid' | 'gid'> {
  /** Relative to the root, no leading or trailing slash (`usr/src/app/app.py`); the removed path for a whiteout. */
  path: string
  /** Seconds since the epoch. */
  mtime: number
  link?: string
  /**
   * The content's CRC-32, hex (regular files): with the size, enough to tell "same content, new timestamp" in a
   * compare, and about twice as fast as a sha256 on the export's hot path.
   */
  digest?: string
  whiteout?: 'removed' | 'opaque'
}

const WHITEOUT = '.wh.'
const OPAQUE = '.wh..wh..opq'

/** `./usr/bin/` → `usr/bin`. */
export function normalizeTarPath(name: string): string {
  return name
    .split('/')
    .filter((part) => part !== '' && part !== '.')
    .join('/')
}

function fileType(type: Header['type'] | null | undefined): FileType {
  switch (type) {
    case 'file':
    case 'contiguous-file':
    case undefined:
    case null:
      return 'file'
    case 'directory':
      return 'directory'
    case 'symlink':
      return 'symlink'
    case 'link':
      return 'hardlink'
    default:
      return 'other'
  }
}

/** The entry a tar header stands for, or null for what overlay filesystems keep for themselves (`.wh..wh.plnk`). */
export function entryFromHeader(header: Header): LayerEntry | null {
  const path = normalizeTarPath(header.name)
  if (path === '') return null
  const slash = path.lastIndexOf('/')
  const dir = slash < 0 ? '' : path.slice(0, slash)
  const base = path.slice(slash + 1)
  const common = { size: 0, mode: (header.mode ?? 0) & 0o7777, uid: header.uid ?? 0, gid: header.gid ?? 0, mtime: Math.floor((header.mtime?.getTime() ?? 0) / 1000) }
  if (base === OPAQUE) return dir === '' ? null : { ...common, path: dir, type: 'directory', whiteout: 'opaque' }
  if (base.startsWith(WHITEOUT)) {
    const removed = base.slice(WHITEOUT.length)
    if (removed.startsWith(WHITEOUT) || removed === '') return null
    return { ...common, path: dir === '' ? removed : `${dir}/${removed}`, type: 'other', whiteout: 'removed' }
  }
  const type = fileType(header.type)
  const entry: LayerEntry = { ...common, path, type, size: type === 'file' ? (header.size ?? 0) : 0 }
  if ((type === 'symlink' || type === 'hardlink') && header.linkname) entry.link = type === 'hardlink' ? normalizeTarPath(header.linkname) : header.linkname
  return entry
}

/**
 * A writable that takes a layer's tar bytes and resolves `entries` once they end. Event-driven, not async
 * iteration: this runs for every byte of the export, and a promise per chunk costs more than the parsing.
 */
export function layerEntriesSink(): { sink: Extract; entries: Promise<LayerEntry[]> } {
  const sink = tarExtractor()
  const entries = new Promise<LayerEntry[]>((resolve, reject) => {
    const found: LayerEntry[] = []
    sink.on('entry', (header, body, next) => {
      const entry = entryFromHeader(header)
      if (entry) found.push(entry)
      if (entry?.type === 'file' && entry.size > 0) {
        let crc = 0
        body.on('data', (chunk) => (crc = zlib.crc32(chunk as Buffer, crc)))
        body.on('end', () => {
          entry.digest = crc.toString(16).padStart(8, '0')
          next()
        })
      } else {
        body.on('end', () => next())
        body.resume()
      }
    })
    sink.on('finish', () => resolve(found))
    sink.on('error', reject)
    sink.on('close', () => reject(new Error('the layer ended before its tar did')))
  })
  return { sink, entries }
}

/** Reads a layer's tar stream to its end. */
export async function readLayerEntries(tar: Readable): Promise<LayerEntry[]> {
  const { sink, entries } = layerEntriesSink()
  pipeline(tar, sink as unknown as NodeJS.WritableStream).catch(() => undefined)
  return entries
}
