// A small, real OCI distribution registry for tests (no registry is reachable from the test machine).
// It serves images made from a local image (`docker save`: its config and its layers, gzipped) plus
// layers of random bytes made here, so each registry's image is new to the engine and its layers are
// really downloaded. The engine trusts registries on 127.0.0.0/8 over plain HTTP.
//
// Routes (the part of the distribution API `docker pull` uses):
//   GET /v2/                                  200
//   GET|HEAD /v2/<name>/manifests/<tag|digest> the image manifest (schema 2), Docker-Content-Digest
//   GET|HEAD /v2/<name>/blobs/<digest>         config and layers, Content-Length, Docker-Content-Digest
// A throttle makes blob downloads take a visible moment.
import { createHash, randomBytes } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { gzipSync } from 'node:zlib'
import type Dockerode from 'dockerode'
import tarStream from 'tar-stream'
import { TEST_LABEL } from './daemon'

export const MANIFEST_V2 = 'application/vnd.docker.distribution.manifest.v2+json'
const CONFIG_V1 = 'application/vnd.docker.container.image.v1+json'
const LAYER_GZIP = 'application/vnd.docker.image.rootfs.diff.tar.gzip'

export const sha256 = (data: Buffer | string): string => `sha256:${createHash('sha256').update(data).digest('hex')}`

export interface RegistryLayer {
  /** Digest of the gzipped blob the registry serves. */
  digest: string
  /** Bytes of the gzipped blob. */
  size: number
  /** Digest of the uncompressed layer tar (the image config's rootfs.diff_ids). */
  diffId: string
  /** Made here (new to the engine) or taken from the local image (the engine may already have it). */
  origin: 'generated' | 'local'
}

export interface RegistryImage {
  repository: string
  tag: string
  /** `127.0.0.1:<port>/<repository>:<tag>` */
  reference: string
  manifestDigest: string
  /** Also the image ID the engine gives the pulled image. */
  configDigest: string
  layers: RegistryLayer[]
}

export interface AddImageOptions {
  repository: string
  tag: string
  /** A local image whose config and layers the new image starts from. */
  from: string
  /** Sizes in bytes of random-content layers added on top (incompressible, so the gzip is about as big). */
  extraLayers?: number[]
  /** Labels added to the config (a new image ID even with no extra layer). */
  labels?: Record<string, string>
}

export interface RegistryRequest {
  method: string
  path: string
  status: number
}

/** One blob download as the registry served it: how far it got, and whether the client hung up first. */
export interface BlobSend {
  digest: string
  total: number
  sent: number
  state: 'sending' | 'complete' | 'aborted'
}

export interface TestRegistry {
  /** `127.0.0.1:<port>` */
  host: string
  port: number
  /** Every request answered, in order. */
  requests: RegistryRequest[]
  /** Every blob body sent (GET), in order. */
  blobSends: BlobSend[]
  addImage(docker: Dockerode, options: AddImageOptions): Promise<RegistryImage>
  /**
   * Has the engine pull `from`'s layers from this registry once (then drops that tag). An engine says
   * "Already exists" only for a blob it has pulled before, so a fresh engine would download even the
   * layers it has; after this it treats them as any pulled base image's.
   */
  introduceBase(docker: Dockerode, from: string): Promise<void>
  /** Token requests answered (bearer mode): the account asked for and whether a token was given. */
  tokenRequests: { account: string | null; scope: string | null; granted: boolean }[]
  close(): Promise<void>
}

export interface TestRegistryOptions {
  /** Bytes per second of each blob download; unthrottled when absent. */
  throttleBytesPerSecond?: number
  /**
   * Private, with Docker Hub's auth flow: every /v2/ request without a token gets 401 and a
   * `WWW-Authenticate: Bearer realm=…/token` challenge; the realm gives a token for these basic credentials.
   */
  bearer?: { username: string; password: string }
}

interface Blob {
  data: Buffer
  mediaType: string
}

/** Reads `docker save` of one image: its config and its uncompressed layer tars, in order. */
async function saveImage(docker: Dockerode, image: string): Promise<{ config: Buffer; layers: Buffer[] }> {
  const files = new Map<string, Buffer>()
  const extract = tarStream.extract()
  const saved = await docker.getImage(image).get()
  await new Promise<void>((resolve, reject) => {
    extract.on('entry', (header, stream, next) => {
      const parts: Buffer[] = []
      stream.on('data', (chunk: unknown) => parts.push(chunk as Buffer))
      stream.on('end', () => {
        if (header.type === 'file') files.set(header.name, Buffer.concat(parts))
        next()
      })
      stream.on('error', reject)
    })
    extract.on('finish', resolve)
    extract.on('error', reject)
    saved.on('error', reject)
    saved.pipe(extract)
  })
  const manifest = JSON.parse(files.get('manifest.json')?.toString('utf8') ?? '[]') as { Config: string; Layers: string[] }[]
  const entry = manifest[0]
  if (!entry) throw new Error(`docker save ${image} has no manifest.json`)
  const config = files.get(entry.Config)
  if (!config) throw new Error(`docker save ${image} has no ${entry.Config}`)
  return {
    config,
    layers: entry.Layers.map((name) => {
      const layer = files.get(name)
      if (!layer) throw new Error(`docker save ${image} has no ${name}`)
      return layer
    })
  }
}

/** A layer tar holding one file of random bytes. */
async function randomLayer(index: number, bytes: number): Promise<Buffer> {
  const pack = tarStream.pack()
  const parts: Buffer[] = []
  pack.on('data', (chunk: unknown) => parts.push(chunk as Buffer))
  const ended = new Promise<void>((resolve, reject) => {
    pack.on('end', resolve)
    pack.on('error', reject)
  })
  pack.entry({ name: 'slipway-pull', type: 'directory', mode: 0o755, mtime: new Date(0) })
  pack.entry({ name: `slipway-pull/layer-${index}.bin`, type: 'file', mode: 0o644, mtime: new Date(0) }, randomBytes(bytes))
  pack.finalize()
  await ended
  return Buffer.concat(parts)
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

export async function startTestRegistry(options: TestRegistryOptions = {}): Promise<TestRegistry> {
  const blobs = new Map<string, Blob>()
  /** By `<name>:<tag>` and `<name>@<digest>`. */
  const manifests = new Map<string, Buffer>()
  const requests: RegistryRequest[] = []
  const blobSends: BlobSend[] = []

  const send = (req: http.IncomingMessage, res: http.ServerResponse, status: number, headers: Record<string, string | number>, body: Buffer): void => {
    requests.push({ method: req.method ?? 'GET', path: req.url ?? '', status })
    res.writeHead(status, { 'Docker-Distribution-API-Version': 'registry/2.0', 'Content-Length': body.length, ...headers })
    res.end(req.method === 'HEAD' ? undefined : body)
  }
  const notFound = (req: http.IncomingMessage, res: http.ServerResponse, code: string, message: string) =>
    send(req, res, 404, { 'Content-Type': 'application/json' }, Buffer.from(JSON.stringify({ errors: [{ code, message, detail: req.url }] })))

  const sendBlob = async (req: http.IncomingMessage, res: http.ServerResponse, digest: string, blob: Blob): Promise<void> => {
    const headers = { 'Content-Type': 'application/octet-stream', 'Content-Length': blob.data.length, 'Docker-Content-Digest': digest, 'Docker-Distribution-API-Version': 'registry/2.0' }
    requests.push({ method: req.method ?? 'GET', path: req.url ?? '', status: 200 })
    res.writeHead(200, headers)
    const rate = options.throttleBytesPerSecond
    if (req.method === 'HEAD') return void res.end()
    const send: BlobSend = { digest, total: blob.data.length, sent: 0, state: 'sending' }
    blobSends.push(send)
    res.once('close', () => {
      if (send.state === 'sending') send.state = res.writableFinished ? 'complete' : 'aborted'
    })
    if (!rate) {
      send.sent = blob.data.length
      return void res.end(blob.data)
    }
    // Ten slices a second at the given rate.
    const slice = Math.max(1024, Math.floor(rate / 10))
    for (let offset = 0; offset < blob.data.length && !res.destroyed; offset += slice) {
      const part = blob.data.subarray(offset, offset + slice)
      const flushed = res.write(part)
      send.sent += part.length
      if (!flushed) await new Promise((resolve) => res.once('drain', resolve))
      await sleep(100)
    }
    res.end()
  }

  const tokenRequests: TestRegistry['tokenRequests'] = []
  const tokens = new Set<string>()
  const realm = () => `http://${host}/token`
  /** Bearer mode: the token endpoint, and the challenge for a request without a valid token; true when answered. */
  const answeredByBearer = (req: http.IncomingMessage, res: http.ServerResponse, url: URL): boolean => {
    const bearer = options.bearer
    if (!bearer) return false
    if (url.pathname === '/token') {
      const basic = /^Basic (.+)$/i.exec(req.headers.authorization ?? '')
      const [user, ...rest] = basic ? Buffer.from(basic[1]!, 'base64').toString('utf8').split(':') : []
      const granted = user === bearer.username && rest.join(':') === bearer.password
      tokenRequests.push({ account: url.searchParams.get('account'), scope: url.searchParams.get('scope'), granted })
      if (!granted) {
        send(req, res, 401, { 'Content-Type': 'application/json' }, Buffer.from(JSON.stringify({ details: 'incorrect username or password' })))
        return true
      }
      const token = randomBytes(16).toString('hex')
      tokens.add(token)
      send(req, res, 200, { 'Content-Type': 'application/json' }, Buffer.from(JSON.stringify({ token, access_token: token, expires_in: 300, issued_at: new Date().toISOString() })))
      return true
    }
    const presented = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1]
    if (presented && tokens.has(presented)) return false
    const repository = /^\/v2\/(.+)\/(?:manifests|blobs)\//.exec(url.pathname)?.[1]
    const scope = repository ? `,scope="repository:${repository}:pull"` : ''
    send(req, res, 401, { 'Content-Type': 'application/json', 'WWW-Authenticate': `Bearer realm="${realm()}",service="slipway-test-registry"${scope}` }, Buffer.from(JSON.stringify({ errors: [{ code: 'UNAUTHORIZED', message: 'authentication required', detail: null }] })))
    return true
  }

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://registry')
    const method = req.method ?? 'GET'
    if (answeredByBearer(req, res, url)) return
    if (method !== 'GET' && method !== 'HEAD') {
      return send(req, res, 405, { 'Content-Type': 'application/json' }, Buffer.from(JSON.stringify({ errors: [{ code: 'UNSUPPORTED', message: 'this test registry is read-only' }] })))
    }
    if (url.pathname === '/v2/' || url.pathname === '/v2') return send(req, res, 200, { 'Content-Type': 'application/json' }, Buffer.from('{}'))
    const manifest = /^\/v2\/(.+)\/manifests\/([^/]+)$/.exec(url.pathname)
    if (manifest) {
      const [, name, ref] = manifest as unknown as [string, string, string]
      const body = manifests.get(ref.startsWith('sha256:') ? `${name}@${ref}` : `${name}:${ref}`)
      if (!body) return notFound(req, res, 'MANIFEST_UNKNOWN', 'manifest unknown')
      return send(req, res, 200, { 'Content-Type': MANIFEST_V2, 'Docker-Content-Digest': sha256(body) }, body)
    }
    const blob = /^\/v2\/(.+)\/blobs\/(sha256:[0-9a-f]{64})$/.exec(url.pathname)
    if (blob) {
      const found = blobs.get(blob[2]!)
      if (!found) return notFound(req, res, 'BLOB_UNKNOWN', 'blob unknown to registry')
      sendBlob(req, res, blob[2]!, found).catch(() => res.destroy())
      return
    }
    return notFound(req, res, 'NAME_UNKNOWN', 'repository name not known to registry')
  })
  // The engine first tries HTTPS. As a real registry serving plain HTTP does, answer the TLS hello with
  // an HTTP 400: BuildKit (0.13, Docker 26) falls back to HTTP only when the reply starts with `HTTP/`,
  // and takes a closed connection for a failed pull.
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n400 Bad Request')
    else socket.destroy()
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const port = (server.address() as AddressInfo).port
  const host = `127.0.0.1:${port}`

  const addImage = async (docker: Dockerode, image: AddImageOptions): Promise<RegistryImage> => {
    const saved = await saveImage(docker, image.from)
    const config = JSON.parse(saved.config.toString('utf8')) as {
      config?: { Labels?: Record<string, string> | null }
      rootfs: { type: string; diff_ids: string[] }
      history?: { created?: string; created_by?: string; empty_layer?: boolean }[]
    }
    const layers: RegistryLayer[] = []
    const addLayer = (tar: Buffer, origin: RegistryLayer['origin']): RegistryLayer => {
      const gz = gzipSync(tar)
      const layer = { digest: sha256(gz), size: gz.length, diffId: sha256(tar), origin }
      blobs.set(layer.digest, { data: gz, mediaType: LAYER_GZIP })
      layers.push(layer)
      return layer
    }
    saved.layers.forEach((tar, i) => {
      const layer = addLayer(tar, 'local')
      if (config.rootfs.diff_ids[i] !== layer.diffId) throw new Error(`layer ${i} of ${image.from}: ${layer.diffId} is not the config's ${config.rootfs.diff_ids[i]}`)
    })
    const extra = image.extraLayers ?? []
    for (let i = 0; i < extra.length; i++) {
      const layer = addLayer(await randomLayer(i + 1, extra[i]!), 'generated')
      config.rootfs.diff_ids.push(layer.diffId)
      config.history = [...(config.history ?? []), { created: new Date().toISOString(), created_by: `slipway test registry: ${extra[i]} random bytes in /slipway-pull/layer-${i + 1}.bin` }]
    }
    config.config = { ...config.config, Labels: { ...config.config?.Labels, ...image.labels, [TEST_LABEL]: '1' } }
    const configBytes = Buffer.from(JSON.stringify(config))
    const configDigest = sha256(configBytes)
    blobs.set(configDigest, { data: configBytes, mediaType: CONFIG_V1 })
    const manifestBytes = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: MANIFEST_V2,
        config: { mediaType: CONFIG_V1, size: configBytes.length, digest: configDigest },
        layers: layers.map((l) => ({ mediaType: LAYER_GZIP, size: l.size, digest: l.digest }))
      })
    )
    const manifestDigest = sha256(manifestBytes)
    manifests.set(`${image.repository}:${image.tag}`, manifestBytes)
    manifests.set(`${image.repository}@${manifestDigest}`, manifestBytes)
    return { repository: image.repository, tag: image.tag, reference: `${host}/${image.repository}:${image.tag}`, manifestDigest, configDigest, layers }
  }

  const introduceBase = async (docker: Dockerode, from: string): Promise<void> => {
    // Its own label: an image ID the engine already has would be "up to date" without fetching any layer.
    const base = await addImage(docker, { repository: 'slipway-test/base-of-pulls', tag: 'only', from, labels: { 'com.slipway.test.base-of-pulls': '1' } })
    const stream = await docker.pull(base.reference)
    await new Promise<void>((resolve, reject) => docker.modem.followProgress(stream, (error: Error | null) => (error ? reject(error) : resolve())))
    await docker.getImage(base.reference).remove()
  }

  return {
    host,
    port,
    requests,
    blobSends,
    tokenRequests,
    addImage,
    introduceBase,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}
