// moby.filesync.v1.FileSync: BuildKit asks for a directory by name (`dir-name`)
// with the patterns it wants applied, and the session sends it with DiffCopy.
// (`override-excludes` only matters to a client with excludes of its own: the
// CLI and we have none, so BuildKit's patterns, from .dockerignore, always apply.)
import * as grpc from '@grpc/grpc-js'
import { metadataValues } from './call-metadata'
import { sendDiffCopy, type DiffCopyCall } from './diff-copy'
import { method, packetCodec, type Packet, type SessionService } from './proto'
import type { SyncedDir } from './synced-dir'

/** What the session has sent BuildKit so far: the figure to compare with the docker CLI's. */
export interface TransferCounter {
  /** Bytes of DiffCopy messages sent (stats and file data). */
  bytes: number
  /** Entries described, over all the transfers. */
  stats: number
  /** Files BuildKit asked for and received. */
  filesSent: number
  /** One line per transfer: which directory, and how it ended. */
  transfers: { dir: string; stats: number; filesSent: number; error?: string }[]
}

export const newTransferCounter = (): TransferCounter => ({ bytes: 0, stats: 0, filesSent: 0, transfers: [] })

export function fileSyncService(dirs: Record<string, SyncedDir>, counter: TransferCounter): SessionService {
  const diffCopy = method<Packet, Packet>('/moby.filesync.v1.FileSync/DiffCopy', 'fsutil.types.Packet', 'fsutil.types.Packet', { request: true, response: true })
  const definition = {
    DiffCopy: {
      ...diffCopy,
      responseSerialize: (packet: Packet) => {
        const bytes = packetCodec.serialize(packet)
        counter.bytes += bytes.length
        return bytes
      }
    }
  }
  return {
    definition,
    implementation: {
      DiffCopy(call: DiffCopyCall) {
        const name = metadataValues(call.metadata, 'dir-name')[0] ?? ''
        const dir = Object.hasOwn(dirs, name) ? dirs[name] : undefined
        if (!dir) {
          call.emit('error', { code: grpc.status.NOT_FOUND, details: `no access allowed to dir "${name}"` })
          return
        }
        const filter = {
          includePatterns: metadataValues(call.metadata, 'include-patterns'),
          excludePatterns: metadataValues(call.metadata, 'exclude-patterns'),
          followPaths: metadataValues(call.metadata, 'followpaths')
        }
        sendDiffCopy(call, dir, filter).then(
          (result) => {
            counter.stats += result.stats
            counter.filesSent += result.filesSent
            counter.transfers.push({ dir: name, ...result })
          },
          (error: Error) => counter.transfers.push({ dir: name, stats: 0, filesSent: 0, error: error.message })
        )
      }
    }
  }
}
