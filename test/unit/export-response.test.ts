// The export's HTTP answer read from the raw bytes of its connection, as the index worker reads it from the
// shared ring: what Node's own HTTP server sends (chunked, Content-Length, an error answer), cut anywhere into
// chunks, and the framing cases RFC 9112 allows that Go's and Node's servers may send (trailers, chunk
// extensions, an interim 100, a body up to the close), and answers cut short or not HTTP at all.
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { requestBytes } from '../../src/main/docker/images/layers/export-reader'
import type { ExportRequest } from '../../src/main/docker/images/layers/export-request'
import { ExportResponse } from '../../src/main/docker/images/layers/export-response'

let dir: string
let server: Server
let socketPath: string
const body = randomBytes(3 * 1024 * 1024 + 17)
const seen: { url: string; headers: IncomingHttpHeaders }[] = []

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'slipway-export-response-'))
  server = createServer((request, response) => {
    seen.push({ url: request.url ?? '', headers: request.headers })
    if (request.url?.includes('/images/gone/')) {
      response.writeHead(404, 'Not Found', { 'Content-Type': 'application/json' }).end(JSON.stringify({ message: 'reference does not exist' }))
    } else if (request.url?.includes('/images/broken/')) {
      response.writeHead(500, 'Internal Server Error').end('the export broke\n')
    } else if (request.url?.includes('/images/sized/')) {
      response.writeHead(200, { 'Content-Length': body.length }).end(body)
    } else {
      // Chunked: written in uneven pieces, as the engine's io.Copy writes.
      response.writeHead(200, { 'Content-Type': 'application/x-tar' })
      for (let at = 0, piece = 1; at < body.length; at += piece, piece = (piece * 7 + 4093) % 70_000) response.write(body.subarray(at, at + piece))
      response.end()
    }
  })
  socketPath = path.join(dir, 'engine.sock')
  await new Promise<void>((resolve) => server.listen(socketPath, resolve))
})

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve))
  await rm(dir, { recursive: true, force: true })
})

/** The raw bytes the server sends for the export request of `image`, as the reader thread reads them. */
async function rawAnswer(image: string): Promise<Buffer> {
  const chunks: Buffer[] = []
  await new Promise<void>((resolve, reject) => {
    const socket = net.connect(socketPath, () => socket.write(requestBytes({ protocol: 'http', socketPath, path: `/v1.41/images/${image}/get`, headers: { 'X-Slipway': 'yes' } })))
    socket.on('data', (chunk: Buffer) => chunks.push(chunk)).on('end', resolve).on('error', reject)
  })
  return Buffer.concat(chunks)
}

/** The answer fed in chunks of the given sizes: the body it gave, or what it threw. */
function read(raw: Buffer, sizes: () => number): { body: Buffer; error: unknown } {
  const parts: Buffer[] = []
  const response = new ExportResponse((part) => parts.push(Buffer.from(part)))
  try {
    for (let at = 0; at < raw.length; ) {
      const size = Math.max(1, sizes())
      response.write(raw.subarray(at, at + size))
      at += size
    }
    response.end()
    return { body: Buffer.concat(parts), error: null }
  } catch (error) {
    return { body: Buffer.concat(parts), error }
  }
}

const random = (max: number) => () => 1 + Math.floor(Math.random() * max)

describe('the export answer read from its raw bytes', () => {
  it('sends a request Node’s server reads: the path, the client’s headers, Host, and Connection: close', async () => {
    await rawAnswer('sized')
    expect(seen.at(-1)).toMatchObject({ url: '/v1.41/images/sized/get', headers: { host: 'docker', 'x-slipway': 'yes', connection: 'close' } })
  })

  it('names the engine in Host as an HTTP client does: a socket as "docker", an address with its port, IPv6 in brackets', () => {
    const host = (request: Partial<ExportRequest>) => /\r\nHost: ([^\r]*)\r\n/.exec(requestBytes({ protocol: 'http', path: '/images/x/get', headers: {}, ...request }))?.[1]
    expect(host({ socketPath: '/run/docker.sock' })).toBe('docker')
    expect(host({ hostname: '10.0.0.5', port: 2376 })).toBe('10.0.0.5:2376')
    expect(host({ hostname: '::1', port: 2375 })).toBe('[::1]:2375')
    expect(host({ hostname: 'build.example' })).toBe('build.example')
  })

  it.each([
    ['chunked', 'web'],
    ['sized by Content-Length', 'sized']
  ])('gives the body of a %s answer byte for byte, however the bytes are split', async (_kind, image) => {
    const raw = await rawAnswer(image)
    for (const sizes of [() => raw.length, () => 65_536, random(5000), () => 1 + (raw.length % 13)]) {
      const { body: got, error } = read(raw, sizes)
      expect(error).toBeNull()
      expect(got.equals(body)).toBe(true)
    }
    // One byte at a time through the head and the first chunks.
    const head = raw.subarray(0, 200_000)
    const byByte = read(head, () => 1)
    const whole = read(head, () => head.length)
    expect(byByte.body.equals(whole.body)).toBe(true)
  })

  it('says a refusal as docker-modem does, with the engine’s message and status', async () => {
    const { error } = read(await rawAnswer('gone'), random(10))
    expect(error).toMatchObject({ message: '(HTTP code 404) Not Found - reference does not exist', statusCode: 404, json: { message: 'reference does not exist' } })
    const broken = read(await rawAnswer('broken'), random(10))
    expect(broken.error).toMatchObject({ message: '(HTTP code 500) Internal Server Error - the export broke', statusCode: 500 })
    expect(broken.body.length).toBe(0)
  })

  it('reads trailers, chunk extensions, an interim 100 answer, and a body that lasts until the connection closes', () => {
    const framed = Buffer.from(
      'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;name=value\r\nhello\r\n6\r\n world\r\n0\r\nX-Checksum: 1\r\n\r\n',
      'latin1'
    )
    for (const sizes of [() => 1, () => 3, () => framed.length]) expect(read(framed, sizes)).toEqual({ body: Buffer.from('hello world'), error: null })
    const untilClose = Buffer.from('HTTP/1.0 200 OK\r\nContent-Type: application/x-tar\r\n\r\nall of it', 'latin1')
    expect(read(untilClose, () => 4)).toEqual({ body: Buffer.from('all of it'), error: null })
  })

  it('says an answer cut short as Node’s client does (ECONNRESET), inside a chunk, a chunk size, or the head', async () => {
    const raw = await rawAnswer('web')
    for (const cut of [raw.length - 1000, raw.length - 3, 40]) {
      const { error } = read(raw.subarray(0, cut), random(8000))
      expect(error).toMatchObject({ message: 'aborted', code: 'ECONNRESET' })
    }
    const sized = await rawAnswer('sized')
    expect(read(sized.subarray(0, sized.length - 1), () => 65_536).error).toMatchObject({ code: 'ECONNRESET' })
  })

  it('refuses what is not an HTTP answer, saying so', () => {
    const notHttp = read(Buffer.from('SSH-2.0-OpenSSH_9.2\r\n\r\n'), () => 5).error
    expect(notHttp).toMatchObject({ message: expect.stringMatching(/^The engine's answer to the export request is not valid HTTP \(a status line of "SSH-2\.0-OpenSSH_9\.2"\)\.$/) as string })
    const badChunk = read(Buffer.from('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n'), () => 100).error
    expect(badChunk).toMatchObject({ message: expect.stringContaining('a chunk size of "zz"') as string })
    const overrun = read(Buffer.from('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n'), () => 100).error
    expect(overrun).toMatchObject({ message: expect.stringContaining('a chunk runs past its size') as string })
    const endless = read(Buffer.concat([Buffer.from('HTTP/1.1 200 OK\r\n'), Buffer.alloc(100_000, 'a')]), () => 4096).error
    expect(endless).toMatchObject({ message: expect.stringContaining('its header is too long') as string })
  })
})
