// The index worker's failures, said as the engine's other errors are: an engine on a Unix socket that refuses the
// export, or cuts it off halfway. The worker ends with the operation either way.
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import os from 'node:os'
import path from 'node:path'
import type { Worker } from 'node:worker_threads'
import Dockerode from 'dockerode'
import { pack } from 'tar-stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { StartIndexWorker } from '../../src/main/docker/images/layers'
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

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'slipway-index-worker-'))
  const half = await halfAnExport()
  engine = createServer((request, response) => {
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
