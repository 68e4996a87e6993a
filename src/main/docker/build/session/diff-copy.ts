// The sending side of fsutil's DiffCopy protocol. We send a STAT packet per entry
// (the n-th stat has id n) and an empty STAT after the last; the receiver compares
// them with what it already has and asks (REQ, by id) only for files that changed;
// each asked-for file goes as DATA packets of at most 32 KiB, ended by an empty
// DATA; the receiver's FIN is answered with FIN. Either side may send ERR.
import * as grpc from '@grpc/grpc-js'
import { isRegularGoMode } from './file-stat'
import { messageWindow } from './message-window'
import { PacketType, type Packet } from './proto'
import type { SyncedDir } from './synced-dir'
import { walkSyncedDir, type WalkFilter } from './walk'

/** Files read at once while answering requests, as fsutil's sender does. */
const READERS = 4

export type DiffCopyCall = grpc.ServerDuplexStream<Packet, Packet>

export interface DiffCopyResult {
  /** Entries described to the receiver. */
  stats: number
  /** Files the receiver asked for (new or changed since the last build). */
  filesSent: number
}

class ReceiverError extends Error {}

/** Sends `dir` through the call; resolves when the receiver has finished, rejects when either side failed. */
export function sendDiffCopy(call: DiffCopyCall, dir: SyncedDir, filter: WalkFilter): Promise<DiffCopyResult> {
  const files = new Map<number, { path: string; size: number }>()
  const requests: number[] = []
  const result: DiffCopyResult = { stats: 0, filesSent: 0 }
  let readers = 0
  let stopped = false
  let finished = false

  return new Promise<DiffCopyResult>((resolve, reject) => {
    const stop = (error: Error | null): void => {
      if (stopped) return
      stopped = true
      call.removeAllListeners('data')
      if (error) {
        if (!(error instanceof ReceiverError) && !call.cancelled) {
          // Tell the receiver why, in its own protocol, then end the call with the same words.
          call.write({ type: PacketType.ERR, data: Buffer.from(error.message) })
        }
        if (!call.cancelled) call.emit('error', { code: grpc.status.UNKNOWN, details: error.message })
        reject(error)
      } else {
        call.end()
        resolve(result)
      }
    }

    const window = messageWindow(call)
    const send = async (packet: Packet): Promise<void> => {
      if (stopped) throw new Error('The transfer was stopped.')
      await window.send(packet)
    }

    const sendFile = async (id: number, file: { path: string; size: number }): Promise<void> => {
      await dir.readFile(file.path, file.size, (chunk) => send({ type: PacketType.DATA, ID: id, data: chunk }))
      await send({ type: PacketType.DATA, ID: id })
      result.filesSent++
    }

    const serveRequests = (): void => {
      while (!stopped && readers < READERS && requests.length > 0) {
        const id = requests.shift()!
        const file = files.get(id)!
        files.delete(id)
        readers++
        sendFile(id, file).then(
          () => {
            readers--
            serveRequests()
          },
          (error: unknown) => stop(error instanceof Error ? error : new Error(String(error)))
        )
      }
    }

    call.on('data', (packet: Packet) => {
      switch (packet.type) {
        case PacketType.REQ: {
          const id = packet.ID ?? 0
          if (!files.has(id)) return stop(new Error(`BuildKit asked for file ${id}, which was not offered.`))
          requests.push(id)
          return serveRequests()
        }
        case PacketType.FIN:
          finished = true
          return void send({ type: PacketType.FIN })
            .then(() => window.flushed())
            .then(
              () => stop(null),
              (error: Error) => stop(error)
            )
        case PacketType.ERR:
          return stop(new ReceiverError(`BuildKit stopped the transfer: ${Buffer.from(packet.data ?? []).toString('utf8')}`))
      }
    })
    call.on('end', () => {
      if (!finished) stop(new ReceiverError('BuildKit closed the transfer before it finished.'))
    })
    call.on('cancelled', () => stop(new ReceiverError('BuildKit cancelled the transfer.')))

    void (async () => {
      let id = 0
      for await (const entry of walkSyncedDir(dir, filter)) {
        if (stopped) return
        if (isRegularGoMode(entry.stat.mode)) files.set(id, { path: entry.stat.path, size: entry.size })
        id++
        result.stats++
        await send({ type: PacketType.STAT, stat: entry.stat })
      }
      await send({ type: PacketType.STAT })
    })().catch((error: unknown) => stop(error instanceof Error ? error : new Error(String(error))))
  })
}
