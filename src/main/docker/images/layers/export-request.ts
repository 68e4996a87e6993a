// The engine's image export (`GET /images/{name}/get`) as a plain HTTP request that another thread can send on a
// connection of its own: the engine's Unix socket (or Windows pipe), or its TCP address with the client's TLS
// files. The same URL and headers docker-modem would send. Engines reached another way (ssh://, or a custom
// agent) give null: only the main thread's connection reaches them.
import type Dockerode from 'dockerode'

export interface ExportRequest {
  protocol: 'http' | 'https'
  socketPath?: string
  hostname?: string
  port?: number
  path: string
  headers: Record<string, string>
  ca?: string | Buffer | (string | Buffer)[]
  cert?: string | Buffer | (string | Buffer)[]
  key?: string | Buffer | (string | Buffer)[]
}

/** The fields of docker-modem's Modem this reads; its typings do not declare them. */
interface ModemFields {
  socketPath?: unknown
  host?: string
  port?: string | number
  protocol?: string
  version?: string
  pathPrefix?: string
  agent?: unknown
  headers?: Record<string, string>
  ca?: ExportRequest['ca']
  cert?: ExportRequest['cert']
  key?: ExportRequest['key']
  checkServerIdentity?: unknown
}

export function exportRequestFor(docker: Dockerode, imageId: string): ExportRequest | null {
  const modem = docker.modem as unknown as ModemFields
  if (modem.agent || modem.checkServerIdentity || modem.pathPrefix) return null
  const path = `${modem.version ? `/${modem.version}` : ''}/images/${encodeURIComponent(imageId)}/get`
  const headers = { ...(modem.headers ?? {}) }
  if (typeof modem.socketPath === 'string') return { protocol: 'http', socketPath: modem.socketPath, path, headers }
  if (modem.socketPath !== undefined || !modem.host || (modem.protocol !== 'http' && modem.protocol !== 'https')) return null
  const hostname = modem.host.includes('://') ? new URL(modem.host).hostname : modem.host
  const request: ExportRequest = { protocol: modem.protocol, hostname, path, headers }
  if (modem.port !== undefined && modem.port !== '') request.port = Number(modem.port)
  if (modem.protocol === 'https') Object.assign(request, { ca: modem.ca, cert: modem.cert, key: modem.key })
  return request
}
