// The test registry answers a TLS hello as a real plain-HTTP registry does, with an HTTP 400: BuildKit
// 0.13 (Docker 26) tries HTTPS first for 127.0.0.1 registries and falls back to HTTP only on such a reply.
import net from 'node:net'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { startTestRegistry, type TestRegistry } from '../support/registry'

let registry: TestRegistry

beforeAll(async () => {
  registry = await startTestRegistry()
})

afterAll(async () => {
  await registry?.close()
})

/** The start of a TLS 1.2 ClientHello record (content type 22, version 3.1), as an HTTPS client sends first. */
const TLS_HELLO = Buffer.from([0x16, 0x03, 0x01, 0x00, 0x31, 0x01, 0x00, 0x00, 0x2d, 0x03, 0x03, ...new Array<number>(32).fill(7)])

it('answers a TLS hello with HTTP/1.1 400, so an engine trying HTTPS falls back to HTTP', async () => {
  const reply = await new Promise<string>((resolve, reject) => {
    const socket = net.connect(registry.port, '127.0.0.1', () => socket.write(TLS_HELLO))
    let text = ''
    socket.setEncoding('latin1')
    socket.on('data', (chunk: string) => (text += chunk))
    socket.on('end', () => resolve(text))
    socket.on('close', () => resolve(text))
    socket.on('error', reject)
    socket.setTimeout(5_000, () => reject(new Error('no answer within 5 s')))
  })
  expect(reply).toMatch(/^HTTP\/1\.1 400 /)
})
