// Errors are said where they happen: engine calls in the engine's words (src/main/docker/errors.ts), files
// in the file's (src/main/files), and the IPC guard only passes those on; anything else is an internal
// error, logged with its stack. The engine here is a real HTTP server on a Unix socket, spoken to by dockerode.
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { z } from 'zod'
import { createDockerClient } from '../../src/main/docker/engine-connection'
import { isEngineUnreachable, translatingEngineErrors } from '../../src/main/docker/errors'
import { guardHandler } from '../../src/main/ipc'
import { channel } from '../../src/shared/ipc/define'
import { AppError, type Envelope } from '../../src/shared/ipc/errors'

const trusted = { trusted: true, description: 'test' }
const spec = channel(z.object({}).strict()).returns<unknown>()

let dir: string
let engine: Server
let engineSocket: string
/** What the fake engine answers for GET /containers/<name>/json, by name. */
const answers: Record<string, { status: number; body: unknown }> = {
  gone: { status: 404, body: { message: 'No such container: gone' } },
  busy: { status: 409, body: { message: 'container busy is in use' } },
  broken: { status: 500, body: { message: 'driver failed programming external connectivity' } }
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'slipway-error-layers-'))
  engineSocket = path.join(dir, 'engine.sock')
  engine = createServer((request, response) => {
    const name = /\/containers\/([^/]+)\/json/.exec(request.url ?? '')?.[1] ?? ''
    const answer = answers[name] ?? { status: 200, body: { Id: name } }
    response.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body))
  })
  await new Promise<void>((resolve) => engine.listen(engineSocket, resolve))
})

afterAll(async () => {
  await new Promise((resolve) => engine.close(resolve))
  await rm(dir, { recursive: true, force: true })
})

afterEach(() => {
  vi.restoreAllMocks()
})

/** A handler group of one channel that inspects a container on the engine at `socketPath`, guarded as main guards it. */
function inspectThrough(socketPath: string) {
  const docker = createDockerClient({ socketPath })
  const group = translatingEngineErrors({ inspect: async ({ id }: { id: string }) => docker.getContainer(id).inspect() })
  return (id: string) => guardHandler(spec, 'containers.inspect', () => group.inspect({ id }))({}, trusted)
}

describe('engine errors are said where the engine is called', () => {
  it('says what the engine said: 404 not found, 409 conflict, others with their HTTP status', async () => {
    const inspect = inspectThrough(engineSocket)
    expect(await inspect('gone')).toEqual({ ok: false, error: { code: 'not-found', message: 'No such container: gone' } })
    expect(await inspect('busy')).toEqual({ ok: false, error: { code: 'conflict', message: 'container busy is in use' } })
    expect(await inspect('broken')).toEqual({ ok: false, error: { code: 'engine-error', message: 'driver failed programming external connectivity', detail: 'HTTP 500' } })
    expect(await inspect('here')).toEqual({ ok: true, value: { Id: 'here' } })
  })

  it('says the engine is not reachable when its socket is gone', async () => {
    const envelope = await inspectThrough(path.join(dir, 'no-engine.sock'))('here')
    expect(envelope).toEqual({
      ok: false,
      error: { code: 'engine-unavailable', message: 'The Docker engine is not reachable (ENOENT). Slipway reconnects when it is back.' }
    })
  })

  it('tells a missing socket from a missing file: only connecting counts as the engine', async () => {
    const fileError = await readFile(path.join(dir, 'no-such-file')).catch((error: unknown) => error)
    expect((fileError as NodeJS.ErrnoException).code).toBe('ENOENT')
    expect(isEngineUnreachable(fileError)).toBe(false)
    const socketError = await createDockerClient({ socketPath: path.join(dir, 'no-engine.sock') })
      .ping()
      .catch((error: unknown) => error)
    expect(isEngineUnreachable(socketError)).toBe(true)
  })

  it('passes on a file error thrown inside an engine handler group, which the guard then calls internal', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const group = translatingEngineErrors({ read: async () => readFile(path.join(dir, 'templates', 'manifest.json')) })
    const envelope = await guardHandler(spec, 'dockerfile.listTemplates', () => group.read())({}, trusted)
    expect(envelope.ok === false && envelope.error.code).toBe('internal')
  })
})

describe('the IPC guard', () => {
  it('passes an AppError on as it is', async () => {
    const envelope = await guardHandler(spec, 'x.y', async () => {
      throw new AppError('conflict', 'Name in use', 'detail')
    })({}, trusted)
    expect(envelope).toEqual({ ok: false, error: { code: 'conflict', message: 'Name in use', detail: 'detail' } })
  })

  it('turns an unexpected throw into an internal error: a short message for the page, the stack in main\'s log', async () => {
    const logged: unknown[][] = []
    vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void logged.push(args))
    const bug = new TypeError("Cannot read properties of undefined (reading 'Name')\n    at somewhere deep")
    const envelope: Envelope = await guardHandler(spec, 'containers.remove', async () => {
      throw bug
    })({}, trusted)
    expect(envelope).toEqual({
      ok: false,
      error: {
        code: 'internal',
        message:
          "Something went wrong inside Slipway (containers.remove): Cannot read properties of undefined (reading 'Name'). Try again; if it keeps happening, report it with the app's log."
      }
    })
    expect(logged).toHaveLength(1)
    expect(logged[0]).toContain(bug)
    expect((logged[0]![1] as Error).stack).toContain('TypeError')
  })

  it('calls a raw file error that reaches it internal, never "engine not reachable"', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const envelope = await guardHandler(spec, 'x.y', async () => {
      throw Object.assign(new Error("ENOENT: no such file or directory, open '/x/.env'"), { code: 'ENOENT', syscall: 'open' })
    })({}, trusted)
    expect(envelope.ok === false && envelope.error).toEqual({
      code: 'internal',
      message: "Something went wrong inside Slipway (x.y): ENOENT: no such file or directory, open '/x/.env'. Try again; if it keeps happening, report it with the app's log."
    })
  })
})
