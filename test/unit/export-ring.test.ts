// The index worker's reader thread (the real script, in its reader role) reading a fake engine's answer into a
// shared ring much smaller than the answer, and this thread reading it out slowly: every byte arrives once and in
// order across the ring's wrap-arounds, the reader waits while the ring is full, and the ring says whether the
// connection closed or failed (the reader saying why).
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import type { Worker } from 'node:worker_threads'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ExportRequest } from '../../src/main/docker/images/layers/export-request'
import { createExportRing, RingReader, type ExportRing } from '../../src/main/docker/images/layers/export-ring'
import { ExportResponse } from '../../src/main/docker/images/layers/export-response'
import type { FromWorker } from '../../src/main/docker/images/layers/index-worker-protocol'
import { sourceIndexWorker } from '../support/index-worker'

let dir: string
let engine: Server
let tcpEngine: Server
let socketPath: string
let port: number
const body = randomBytes(5 * 1024 * 1024 + 3)

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'slipway-export-ring-'))
  const answer = (request: IncomingMessage, response: ServerResponse) => {
    response.writeHead(200, { 'Content-Type': 'application/x-tar' })
    if (request.url?.includes('/images/reset/')) {
      // Half the body, then a reset (RST): the connection fails rather than closes.
      response.write(body.subarray(0, body.length / 2), () => setTimeout(() => response.socket?.resetAndDestroy(), 50))
      return
    }
    response.end(body)
  }
  engine = createServer(answer)
  socketPath = path.join(dir, 'engine.sock')
  await new Promise<void>((resolve) => engine.listen(socketPath, resolve))
  // A reset (RST) needs TCP; the reader's TCP connection is the one a tcp:// engine gets.
  tcpEngine = createServer(answer)
  await new Promise<void>((resolve) => tcpEngine.listen(0, '127.0.0.1', resolve))
  port = (tcpEngine.address() as AddressInfo).port
})

afterAll(async () => {
  await Promise.all([engine, tcpEngine].map((server) => new Promise((resolve) => server.close(resolve))))
  await rm(dir, { recursive: true, force: true })
})

function startReader(request: ExportRequest, ring: ExportRing): { worker: Worker; said: FromWorker[]; exited: Promise<number> } {
  const worker = sourceIndexWorker({ workerData: { role: 'reader', request, ring } })
  const said: FromWorker[] = []
  worker.on('message', (message: FromWorker) => said.push(message))
  return { worker, said, exited: new Promise((resolve) => worker.once('exit', resolve)) }
}

/** Reads the ring to its end, slowly (a pause every few reads, so the reader finds it full); the raw bytes and how many reads. */
async function drain(ring: ExportRing): Promise<{ raw: Buffer; reads: number; failed: boolean }> {
  const reader = new RingReader(ring)
  const parts: Buffer[] = []
  let reads = 0
  for (let bytes = await reader.next(); bytes; bytes = await reader.next()) {
    const slice = bytes.subarray(0, 10_000 + (reads % 7) * 3000)
    parts.push(Buffer.from(slice))
    reader.release(slice.length)
    if (++reads % 16 === 0) await new Promise((resolve) => setTimeout(resolve, 2))
  }
  return { raw: Buffer.concat(parts), reads, failed: reader.failed }
}

describe('the export read into a shared ring on the reader thread', () => {
  it('passes every byte once and in order through a ring 80 times smaller than the answer', async () => {
    const ring = createExportRing(64 * 1024)
    const reader = startReader({ protocol: 'http', socketPath, path: '/images/web/get', headers: {} }, ring)
    const { raw, reads, failed } = await drain(ring)
    const parts: Buffer[] = []
    const response = new ExportResponse((part) => parts.push(Buffer.from(part)))
    response.write(raw)
    response.end()
    expect(Buffer.concat(parts).equals(body)).toBe(true)
    expect(reads).toBeGreaterThan(body.length / (64 * 1024))
    expect(failed).toBe(false)
    expect(await reader.exited).toBe(0)
    expect(reader.said).toEqual([{ kind: 'read' }])
  })

  it('ends the ring as failed when the connection is reset, after the reader has said why', async () => {
    const ring = createExportRing(256 * 1024)
    const reader = startReader({ protocol: 'http', hostname: '127.0.0.1', port, path: '/images/reset/get', headers: {} }, ring)
    const { raw, failed } = await drain(ring)
    expect(failed).toBe(true)
    expect(raw.length).toBeLessThan(body.length)
    // Posted before the ring ended; delivered to this thread by the time the reader has exited.
    expect(await reader.exited).toBe(0)
    expect(reader.said).toEqual([{ kind: 'failed', error: expect.objectContaining({ code: 'ECONNRESET' }) as unknown }])
  })
})
