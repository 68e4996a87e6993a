// A Unix socket in front of the engine's, which relays every connection and records what went over it: the
// request line, the bytes the engine sent back, and when each side closed. Lets a test see the connection a
// worker thread or the engine's client opens, which no in-process hook can. With TLS files it listens on
// 127.0.0.1 over TLS instead, asking for a client certificate as `dockerd --tlsverify` does.
import net from 'node:net'
import path from 'node:path'
import tls from 'node:tls'
import type { TlsFiles } from './tls-files'

export interface RelayedConnection {
  /** The first line the client sent (`GET /v1.41/images/…/get HTTP/1.1`). */
  requestLine: string
  /** Bytes the engine sent back. */
  bytesFromEngine: number
  /** Both sockets are closed. */
  closed: boolean
  /** Over TLS: the client's certificate was signed by the CA. */
  authorized?: boolean
}

export interface EngineSocketProxy {
  socketPath: string
  /** With TLS files: the port on 127.0.0.1. */
  port: number
  connections: RelayedConnection[]
  close(): Promise<void>
}

export async function engineSocketProxy(engineSocket: string, dir: string, tlsFiles?: TlsFiles): Promise<EngineSocketProxy> {
  const socketPath = path.join(dir, `engine-proxy-${process.pid}-${Date.now()}.sock`)
  const connections: RelayedConnection[] = []
  const sockets = new Set<net.Socket>()
  const relay = (client: net.Socket) => {
    const relayed: RelayedConnection = { requestLine: '', bytesFromEngine: 0, closed: false }
    if (client instanceof tls.TLSSocket) relayed.authorized = client.authorized
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
  }
  const server = tlsFiles ? tls.createServer({ ...tlsFiles.server, ca: tlsFiles.ca, requestCert: true, rejectUnauthorized: true }, relay) : net.createServer(relay)
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    if (tlsFiles) server.listen(0, '127.0.0.1', resolve)
    else server.listen(socketPath, resolve)
  })
  return {
    socketPath,
    port: tlsFiles ? (server.address() as net.AddressInfo).port : 0,
    connections,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      })
  }
}
