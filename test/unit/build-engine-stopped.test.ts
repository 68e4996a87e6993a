// The decision "did the engine stop during the build?" against real sockets: a small HTTP server on a
// unix socket stands in for the engine's /_ping, and is closed, hung or kept up as each case needs.
import http from 'node:http'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Socket } from 'node:net'
import Dockerode from 'dockerode'
import { afterEach, describe, expect, it } from 'vitest'
import { engineStoppedDuringBuild, isConnectionLost, looksLikeShutdown, type EngineStopTiming } from '../../src/main/docker/build/engine-stopped'
import { readJsonMessages } from '../../src/main/docker/build/json-stream'

const timing: EngineStopTiming = { pingTimeoutMs: 300, watchMs: 1_000, intervalMs: 50 }

interface FakeEngine {
  docker: Dockerode
  socketPath: string
  server: http.Server
  close(): Promise<void>
}

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

/** An HTTP server on a unix socket; `handler` answers every request. */
async function fakeEngine(handler: http.RequestListener): Promise<FakeEngine> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'slipway-ping-'))
  const socketPath = path.join(dir, 'engine.sock')
  const sockets = new Set<Socket>()
  const server = http.createServer(handler)
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(socketPath, resolve))
  let closed = false
  const close = async () => {
    if (closed) return
    closed = true
    for (const socket of sockets) socket.destroy()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  }
  cleanups.push(async () => {
    await close()
    rmSync(dir, { recursive: true, force: true })
  })
  return { docker: new Dockerode({ socketPath }), socketPath, server, close }
}

const answersPing: http.RequestListener = (_req, res) => {
  res.writeHead(200, { 'Content-Type': 'text/plain' })
  res.end('OK')
}

describe('engineStoppedDuringBuild', () => {
  it('an ordinary failing RUN on an engine that keeps answering is not an engine stop, and is decided at once', async () => {
    const engine = await fakeEngine(answersPing)
    const started = Date.now()
    expect(await engineStoppedDuringBuild(engine.docker, { engineError: "The command '/bin/sh -c exit 1' returned a non-zero code: 1" }, timing)).toBe(false)
    expect(Date.now() - started).toBeLessThan(timing.pingTimeoutMs)
  })

  it('a killed step (exit 137) followed by the engine closing its socket is an engine stop', async () => {
    const engine = await fakeEngine(answersPing)
    setTimeout(() => void engine.close(), 200)
    expect(await engineStoppedDuringBuild(engine.docker, { engineError: "The command '/bin/sh -c sleep 60' returned a non-zero code: 137" }, timing)).toBe(true)
  })

  it('a killed step on an engine that stays up is the engine message after all (watched for the whole window)', async () => {
    const engine = await fakeEngine(answersPing)
    const started = Date.now()
    expect(await engineStoppedDuringBuild(engine.docker, { engineError: 'process "/bin/sh -c sleep 60" did not complete successfully: exit code: 137' }, timing)).toBe(false)
    expect(Date.now() - started).toBeGreaterThanOrEqual(timing.watchMs)
  })

  it('an engine whose socket is already closed has stopped, whatever its last message', async () => {
    const engine = await fakeEngine(answersPing)
    await engine.close()
    expect(await engineStoppedDuringBuild(engine.docker, { engineError: "The command '/bin/sh -c exit 1' returned a non-zero code: 1" }, timing)).toBe(true)
  })

  it('an engine that accepts the connection but never answers counts as stopped after the ping timeout', async () => {
    const engine = await fakeEngine(() => undefined)
    const started = Date.now()
    expect(await engineStoppedDuringBuild(engine.docker, { engineError: 'failed to copy files: context canceled' }, timing)).toBe(true)
    expect(Date.now() - started).toBeLessThan(timing.pingTimeoutMs + 500)
  })

  it('a build stream cut in the middle (the engine resets the connection) is an engine stop', async () => {
    // The "engine" sends one progress message, then drops the connection without ending the response.
    const engine = await fakeEngine((req, res) => {
      if (req.url === '/_ping') return answersPing(req, res)
      res.writeHead(200, { 'Content-Type': 'application/json' })
      res.write('{"stream":"Step 1/2 : FROM slipway-test/busybox:latest\\n"}\n')
      setTimeout(() => req.socket.destroy(), 50)
    })
    const response = await new Promise<http.IncomingMessage>((resolve, reject) => http.get({ socketPath: engine.socketPath, path: '/build' }, resolve).on('error', reject))
    const seen: unknown[] = []
    let streamError: unknown
    try {
      for await (const message of readJsonMessages(response)) seen.push(message)
    } catch (error) {
      streamError = error
    }
    expect(seen).toHaveLength(1)
    expect(streamError).toBeInstanceOf(Error)
    expect(isConnectionLost(streamError)).toBe(true)
    expect(await engineStoppedDuringBuild(engine.docker, { streamError }, timing)).toBe(true)
  })

  it('an HTTP error answer from a working engine is not watched', async () => {
    const engine = await fakeEngine(answersPing)
    const answered = Object.assign(new Error('(HTTP code 500) server error - bad parameter'), { statusCode: 500 })
    const started = Date.now()
    expect(await engineStoppedDuringBuild(engine.docker, { streamError: answered }, timing)).toBe(false)
    expect(Date.now() - started).toBeLessThan(timing.pingTimeoutMs)
  })
})

describe('looksLikeShutdown', () => {
  it('knows the kill and shutdown messages of both builders, and not an ordinary failure', () => {
    expect(looksLikeShutdown("The command '/bin/sh -c sleep 60' returned a non-zero code: 137")).toBe(true)
    expect(looksLikeShutdown("The command '/bin/sh -c sleep 60' returned a non-zero code: 143")).toBe(true)
    expect(looksLikeShutdown('process "/bin/sh -c sleep 60" did not complete successfully: exit code: 137')).toBe(true)
    expect(looksLikeShutdown('rpc error: code = Unavailable desc = transport is closing')).toBe(true)
    expect(looksLikeShutdown("The command '/bin/sh -c apt-get install x' returned a non-zero code: 100")).toBe(false)
    expect(looksLikeShutdown("The command '/bin/sh -c exit 1370' returned a non-zero code: 1370")).toBe(false)
  })
})

describe('engineStoppedDuringBuild for BuildKit', () => {
  it('a step BuildKit reports with an ordinary exit code is watched, and the engine going away makes it an engine stop', async () => {
    const engine = await fakeEngine(answersPing)
    setTimeout(() => void engine.close(), 200)
    const failure = { engineError: "The command '/bin/sh -c echo building && sleep 30' returned a non-zero code: 1" }
    expect(await engineStoppedDuringBuild(engine.docker, { ...failure, watchEveryFailure: true }, timing)).toBe(true)
  })
})
