// The reading thread's one job: send the export request on a connection of its own and read the engine's answer
// straight into the shared ring (export-ring.ts), raw: the indexing thread reads the HTTP framing
// (export-response.ts). net and tls sockets take an `onread` buffer, so each read lands in the ring with no
// allocation and no copy.
import net from 'node:net'
import tls from 'node:tls'
import type { ExportRequest } from './export-request'
import type { RingWriter } from './export-ring'

/** The request as it goes on the wire. `Connection: close`: the answer's end is also the connection's. */
export function requestBytes(request: ExportRequest): string {
  const name = request.hostname && net.isIPv6(request.hostname) ? `[${request.hostname}]` : request.hostname
  const host = request.socketPath ? 'docker' : `${name}${request.port ? `:${request.port}` : ''}`
  const fields = { Host: host, ...request.headers, Connection: 'close' }
  return `GET ${request.path} HTTP/1.1\r\n${Object.entries(fields)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('')}\r\n`
}

/** tls.connect takes `onread` as net.connect does (Node's typings leave it out). */
function tlsOptions(request: ExportRequest, onread: net.OnReadOpts): tls.ConnectionOptions {
  const { hostname, port, ca, cert, key } = request
  const servername = hostname && !net.isIP(hostname) ? hostname : undefined
  return { host: hostname, port: port ?? 443, servername, ca, cert, key, onread } as tls.ConnectionOptions
}

/** Reads the answer into the ring; resolves when the connection has closed, or rejects with its error (the caller ends the ring). */
export function readExport(request: ExportRequest, writer: RingWriter): Promise<void> {
  const onread = { buffer: () => writer.space(), callback: (bytes: number) => (writer.wrote(bytes), true) }
  return new Promise((resolve, reject) => {
    const send = () => socket.write(requestBytes(request))
    const socket: net.Socket = request.socketPath
      ? net.connect({ path: request.socketPath, onread }, send)
      : request.protocol === 'https'
        ? tls.connect(tlsOptions(request, onread), send)
        : net.connect({ host: request.hostname, port: request.port ?? 80, onread }, send)
    socket.on('end', () => {
      socket.end()
      resolve()
    })
    socket.on('error', reject)
  })
}
