// The index workers against a fake engine on a Unix socket: an OCI export whose large gzip layer streams through
// its decoder (which pushes back on the shared ring) reads as it does from a plain stream; and failures are said as
// the engine's other errors are, when the engine refuses the export or cuts it off halfway. The workers end with
// the operation either way.
import { createHash, randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { Readable } from 'node:stream'
import zlib from 'node:zlib'
import type { Worker } from 'node:worker_threads'
import Dockerode from 'dockerode'
import { pack } from 'tar-stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { StartIndexWorker } from '../../src/main/docker/images/layers'
import { indexArchive } from '../../src/main/docker/images/layers/archive'
import { indexInWorker } from '../../src/main/docker/images/layers/index-in-worker'
import { AppError } from '../../src/shared/ipc/errors'
import { sourceIndexWorker } from '../support/index-worker'

let dir: string
let engine: Server
let docker: Dockerode

/** The first 1 MB of a docker-save archive whose layer is 4 MB: the engine stops sending there. */
async function halfAnExport(): Promise<Buffer> {
  const archive = pack()
  archive.entry({ name: 'abc/layer.tar', size: 4 * 1024 * 1024 }, Buffer.alloc(4 * 1024 * 1024))
  archive.finalize()
  const chunks: Buffer[] = []
  for await (const chunk of archive) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).subarray(0, 1024 * 1024)
}

/** A tar of the given files. */
async function tarOf(files: { name: string; body: Buffer }[]): Promise<Buffer> {
  const archive = pack()
  for (const file of files) archive.entry({ name: file.name }, file.body)
  archive.finalize()
  const chunks: Buffer[] = []
  for await (const chunk of archive) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

const sha256 = (data: Buffer) => `sha256:${createHash('sha256').update(data).digest('hex')}`

/**
 * An OCI image archive as the containerd image store exports one: a 12 MB gzip layer of incompressible files
 * (it streams through its decoder, far larger than the decoder's buffer) and a plain layer.
 */
async function ociArchive(): Promise<Buffer> {
  const files = Array.from({ length: 6 }, (_, i) => ({ name: `data/f${i}`, body: randomBytes(2 * 1024 * 1024) }))
  const gzipped = zlib.gzipSync(await tarOf(files))
  const plain = await tarOf([{ name: 'etc/motd', body: Buffer.from('hello\n') }])
  const config = Buffer.from(JSON.stringify({ rootfs: { diff_ids: [sha256(zlib.gunzipSync(gzipped)), sha256(plain)] }, history: [{ created_by: 'COPY data' }, { created_by: 'COPY motd' }] }))
  const manifest = Buffer.from(
    JSON.stringify({
      config: { digest: sha256(config) },
      layers: [
        { mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: sha256(gzipped) },
        { mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: sha256(plain) }
      ]
    })
  )
  const index = Buffer.from(JSON.stringify({ manifests: [{ digest: sha256(manifest) }] }))
  const blob = (data: Buffer) => ({ name: `blobs/${sha256(data).replace(':', '/')}`, body: data })
  return tarOf([{ name: 'oci-layout', body: Buffer.from('{"imageLayoutVersion":"1.0.0"}') }, { name: 'index.json', body: index }, blob(manifest), blob(config), blob(gzipped), blob(plain)])
}

let oci: Buffer

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'slipway-index-worker-'))
  oci = await ociArchive()
  const half = await halfAnExport()
  engine = createServer((request, response) => {
    if (request.url?.includes('/images/oci/get')) {
      response.writeHead(200, { 'Content-Type': 'application/x-tar' })
      response.end(oci)
      return
    }
    if (request.url?.includes('/images/gone/get')) {
      response.writeHead(404, { 'Content-Type': 'application/json' }).end(JSON.stringify({ message: 'reference does not exist' }))
      return
    }
    response.writeHead(200, { 'Content-Type': 'application/x-tar' })
    response.write(half, () => setTimeout(() => response.socket?.destroy(), 50))
  })
  const socketPath = path.join(dir, 'engine.sock')
  await new Promise<void>((resolve) => engine.listen(socketPath, resolve))
  docker = new Dockerode({ socketPath })
})

afterAll(async () => {
  await new Promise((resolve) => engine.close(resolve))
  await rm(dir, { recursive: true, force: true })
})

/** Starts the source worker and keeps it, to see that it ended. */
function watchedWorkers(): { start: StartIndexWorker; exited: () => Promise<number[]> } {
  const exits: Promise<number>[] = []
  return {
    start: (options) => {
      const worker: Worker = sourceIndexWorker(options)
      exits.push(new Promise((resolve) => worker.once('exit', resolve)))
      return worker
    },
    exited: () => Promise.all(exits)
  }
}

const options = { signal: new AbortController().signal, onProgress: () => undefined, openExport: () => Promise.reject(new Error('not used')) }

describe('the index workers reading an export from the engine', () => {
  it('reads an OCI export with a large gzip layer as the stream reader does, every file summed', async () => {
    const workers = watchedWorkers()
    const index = await indexInWorker(workers.start, docker, 'oci', options)
    expect(index).toEqual(await indexArchive(Readable.from([oci])))
    expect(index.layout).toBe('oci')
    expect(index.layers.map((layer) => layer.compression)).toEqual(['gzip', 'none'])
    expect(index.layers[0]!.entries.filter((entry) => entry.type === 'file')).toHaveLength(6)
    expect(index.layers[0]!.entries.every((entry) => entry.type !== 'file' || /^[0-9a-f]{8}$/.test(entry.digest ?? ''))).toBe(true)
    expect(index.exportBytes).toBe(oci.length)
    expect(await workers.exited()).toHaveLength(2)
  })
})

describe('the index worker when the engine fails', () => {
  it('says what the engine said when it refuses the export', async () => {
    const workers = watchedWorkers()
    const failed = await indexInWorker(workers.start, docker, 'gone', options).catch((error: unknown) => error)
    expect(failed).toBeInstanceOf(AppError)
    expect(failed).toMatchObject({ code: 'not-found', message: 'reference does not exist' })
    expect(await workers.exited()).toHaveLength(2)
  })

  it('fails, and ends the worker, when the export stops halfway', async () => {
    const workers = watchedWorkers()
    const failed = await indexInWorker(workers.start, docker, 'cut', options).catch((error: unknown) => error)
    expect(failed).toBeInstanceOf(AppError)
    expect(failed).toMatchObject({ code: 'engine-unavailable', message: expect.stringContaining('not reachable (ECONNRESET)') as string })
    expect(await workers.exited()).toHaveLength(2)
  })
})
