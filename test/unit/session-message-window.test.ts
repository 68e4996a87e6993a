// The session's DiffCopy sends a message per entry and per file: over a real grpc-js server and
// client, the message window keeps several in flight (so a transfer does not take a turn of the
// event loop per message), in order, and says when all were written.
import * as grpc from '@grpc/grpc-js'
import { afterEach, describe, expect, it } from 'vitest'
import { messageWindow } from '../../src/main/docker/build/session/message-window'
import { method, PacketType, type Packet } from '../../src/main/docker/build/session/proto'

const diffCopy = method<Packet, Packet>('/moby.filesync.v1.FileSync/DiffCopy', 'fsutil.types.Packet', 'fsutil.types.Packet', { request: true, response: true })
const stops: (() => void)[] = []
afterEach(() => stops.splice(0).forEach((stop) => stop()))

/** A server whose DiffCopy runs `serve`, and a client call to it. */
async function connect(serve: (call: grpc.ServerDuplexStream<Packet, Packet>) => void): Promise<grpc.ClientDuplexStream<Packet, Packet>> {
  const server = new grpc.Server()
  server.addService({ DiffCopy: diffCopy }, { DiffCopy: serve })
  const port = await new Promise<number>((resolve, reject) => server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))))
  const client = new grpc.Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure())
  stops.push(() => {
    client.close()
    server.forceShutdown()
  })
  return client.makeBidiStreamRequest(diffCopy.path, diffCopy.requestSerialize, diffCopy.responseDeserialize)
}

/** Turns of the event loop until `work` settles. */
async function turnsDuring<T>(work: Promise<T>): Promise<{ result: T; turns: number }> {
  let turns = 0
  let counting = true
  const tick = (): void => {
    turns++
    if (counting) setImmediate(tick)
  }
  setImmediate(tick)
  try {
    return { result: await work, turns }
  } finally {
    counting = false
  }
}

describe('the session message window', () => {
  it('sends thousands of messages in order, many per turn of the event loop, and says when they are written', async () => {
    const count = 3_000
    let flushedAfter = -1
    const call = await connect((server) => {
      const window = messageWindow(server)
      void (async () => {
        for (let id = 1; id <= count; id++) await window.send({ type: PacketType.DATA, ID: id, data: Buffer.from(`file ${id}`) })
        await window.flushed()
        flushedAfter = received.length
        server.end()
      })()
    })
    const received: number[] = []
    call.on('data', (packet: Packet) => received.push(packet.ID ?? 0))
    const ended = new Promise<void>((resolve, reject) => {
      call.on('end', resolve)
      call.on('error', reject)
    })
    call.write({ type: PacketType.REQ })
    const { turns } = await turnsDuring(ended)
    expect(received).toEqual(Array.from({ length: count }, (_, i) => i + 1))
    expect(flushedAfter).toBeGreaterThanOrEqual(0)
    // Through grpc-js's call.write alone, two messages go out per turn (1,500 turns here); the window sends some 60 per turn.
    expect(turns).toBeLessThan(count / 6)
  })

  it('stops waiting, with a reason, when the receiver cancels', async () => {
    let sending!: Promise<unknown>
    let serving!: () => void
    const served = new Promise<void>((resolve) => (serving = resolve))
    const call = await connect((server) => {
      const window = messageWindow(server)
      // More than the receiver takes (it reads nothing): the sender waits until the receiver cancels.
      sending = (async () => {
        for (let id = 1; ; id++) await window.send({ type: PacketType.DATA, ID: id, data: Buffer.alloc(32 * 1024) })
      })()
      serving()
    })
    call.on('error', () => undefined)
    call.write({ type: PacketType.REQ })
    await served
    call.cancel()
    await expect(sending).rejects.toThrow('BuildKit cancelled the transfer.')
  })
})
