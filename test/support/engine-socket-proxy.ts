// A Unix socket in front of the engine's, which relays every connection and records what went over it: the
// request line, the bytes the engine sent back, and when each side closed. Lets a test see the connection a
// worker thread or the engine's client opens, which no in-process hook can.
import net from 'node:net'
import path from 'node:path'

export interface RelayedConnection {
  /** The first line the client sent (`GET /v1.41/images/…/get HTTP/1.1`). */
  requestLine: string
  /** Bytes the engine sent back. */
  bytesFromEngine: number
  /** Both sockets are closed. */
  closed: boolean
}

export interface EngineSocketProxy {
  socketPath: string
  connections: RelayedConnection[]
  close(): Promise<void>
}

export async function engineSocketProxy(engineSocket: string, dir: string): Promise<EngineSocketProxy> {
  const socketPath = path.join(dir, `engine-proxy-${process.pid}-${Date.now()}.sock`)
  const connections: RelayedConnection[] = []
  const sockets = new Set<net.Socket>()
  const server = net.createServer((client) => {
    const relayed: RelayedConnection = { requestLine: '', bytesFromEngine: 0, closed: false }
    connections.push(relayed)
    const engine = net.createConnection(engineSocket)
    for (const socket of [client, engine]) {
      sockets.add(socket)
      socket.on('error', () => undefined)
      socket.on('close', () => {
        sockets.delete(socket)
        client.destroy()
        engine.destroy()
        relayed.closed = client.destroyed && engine.destroyed
      })
    }
    client.once('data', (head: Buffer) => (relayed.requestLine = head.toString('latin1').split('\r\n', 1)[0] ?? ''))
    engine.on('data', (chunk: Buffer) => (relayed.bytesFromEngine += chunk.length))
    client.pipe(engine)
    engine.pipe(client)
  })
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(socketPath, resolve))
  return {
    socketPath,
    connections,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      })
  }
}
