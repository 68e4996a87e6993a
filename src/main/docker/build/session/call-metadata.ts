// Reading the options BuildKit puts in a call's gRPC metadata. BuildKit sends a
// list (the exclude patterns, say) as one header per value, and Node's HTTP/2
// joins repeated headers with ", ", which a pattern may itself contain; so the
// session keeps them apart from the raw headers before @grpc/grpc-js reads them.
import type http2 from 'node:http2'
import type * as grpc from '@grpc/grpc-js'

let keptApart = false

/**
 * Makes repeated request headers arrive as separate metadata values on the servers
 * `grpcServer` made so far. Relies on @grpc/grpc-js keeping its HTTP/2 servers in
 * `http2Servers`; where it does not, values are split at ", " instead.
 */
export function keepRepeatedHeadersApart(grpcServer: grpc.Server): void {
  const servers = (grpcServer as unknown as { http2Servers?: Map<http2.Http2Server, unknown> }).http2Servers
  if (!(servers instanceof Map)) return
  for (const server of servers.keys()) {
    server.prependListener('stream', (_stream: http2.ServerHttp2Stream, headers: http2.IncomingHttpHeaders, _flags: number, rawHeaders: string[]) => {
      if (!Array.isArray(rawHeaders)) return
      const values = new Map<string, string[]>()
      for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
        const name = rawHeaders[i]!.toLowerCase()
        if (name.startsWith(':')) continue
        const list = values.get(name) ?? []
        list.push(rawHeaders[i + 1]!)
        values.set(name, list)
      }
      for (const [name, list] of values) if (list.length > 1) headers[name] = list
    })
    keptApart = true
  }
}

const GO_TRUE = new Set(['1', 't', 'T', 'TRUE', 'true', 'True'])

function queryUnescape(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '))
  } catch {
    return ''
  }
}

/** The values of one option; BuildKit URL-escapes non-ASCII values and then sends `<key>-encoded: 1`. */
export function metadataValues(metadata: grpc.Metadata, key: string): string[] {
  let values = metadata.get(key).map((v) => v.toString())
  if (!keptApart) values = values.flatMap((v) => v.split(', '))
  const encoded = metadata.get(`${key}-encoded`)[0]
  return encoded !== undefined && GO_TRUE.has(encoded.toString()) ? values.map(queryUnescape) : values
}
