// Files in the build context that cannot be sent: one the user may not read, one removed or shortened
// after the context was measured. The build stops with a message naming the file and saying what to do,
// and nothing is built or tagged.
//
// Root reads every file, so the permission case runs the build in a child process as `nobody`
// (uid/gid 65534), talking to the real daemon through a socket that process may open.
import { chmod, truncate, unlink, writeFile } from 'node:fs/promises'
import net from 'node:net'
import path from 'node:path'
import type Dockerode from 'dockerode'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BuildRequest } from '../../src/shared/ipc/channels/build'
import { runBuild } from '../../src/main/docker/build/run-build'
import { BUSYBOX_IMAGE } from '../support/base-images'
import { requireDaemon } from '../support/daemon'
import { scratch, tagExists } from '../support/scratch'
import { NOBODY, runAsNobody } from '../support/faults/as-user'

const daemon = requireDaemon()
const made = scratch(daemon, 'slipway-ctx-errors-')

async function context(files: Record<string, string | Buffer>): Promise<string> {
  const dir = await made.folder('slipway-ctx-errors-')
  await chmod(dir, 0o755)
  for (const [name, content] of Object.entries(files)) await writeFile(path.join(dir, name), content, { mode: 0o644 })
  return dir
}

function request(contextDir: string, dockerfileText: string): BuildRequest {
  const tag = made.tag('slipway-test-ctx-errors')
  return { dockerfileText, dockerfilePath: null, contextDir, tags: [tag], buildArgs: [], target: null, noCache: true, pull: false, builder: 'classic' }
}

describe.skipIf(!daemon)('build context: a file changes after it was measured', () => {
  const docker = daemon?.docker as Dockerode

  it('a file removed between listing and packing stops the build, names the file, and tags nothing', async () => {
    const dir = await context({ 'app.txt': 'app\n', 'gone.txt': 'soon gone\n' })
    const req = request(dir, `FROM ${BUSYBOX_IMAGE}\nCOPY . /ctx/\n`)
    const attempt = runBuild(docker, req, new AbortController().signal, { onContext: () => void unlink(path.join(dir, 'gone.txt')) })
    await expect(attempt).rejects.toMatchObject({
      code: 'io-error',
      message:
        'gone.txt in the build context was removed or changed while Slipway was sending the build context. Build again once nothing is changing those files, or add it to .dockerignore so it is not sent.'
    })
    expect(await tagExists(docker, req.tags[0]!)).toBe(false)
  })

  it('a large file shortened between listing and packing stops the build instead of sending a broken context', async () => {
    const dir = await context({ 'big.bin': Buffer.alloc(6 * 1024 * 1024, 7) })
    const req = request(dir, `FROM ${BUSYBOX_IMAGE}\nCOPY big.bin /big.bin\n`)
    const attempt = runBuild(docker, req, new AbortController().signal, { onContext: () => void truncate(path.join(dir, 'big.bin'), 1024 * 1024) })
    await expect(attempt).rejects.toMatchObject({
      code: 'io-error',
      message:
        'big.bin in the build context was removed or changed while Slipway was sending the build context. Build again once nothing is changing those files, or add it to .dockerignore so it is not sent.'
    })
    expect(await tagExists(docker, req.tags[0]!)).toBe(false)
  })
})

type ChildOutcome = { thrown: false; status: string; error?: string } | { thrown: true; code?: string; message: string }

/** Forwards a unix socket that `nobody` may open to the test daemon. */
async function openProxy(dockerHost: string): Promise<{ socketPath: string; close(): Promise<void> }> {
  const dir = await made.folder('slipway-proxy-')
  await chmod(dir, 0o755)
  const socketPath = path.join(dir, 'docker.sock')
  const upstream = new URL(dockerHost)
  const sockets = new Set<net.Socket>()
  const server = net.createServer((client) => {
    const engine = upstream.protocol === 'unix:' ? net.connect(upstream.pathname) : net.connect(Number(upstream.port || 2375), upstream.hostname)
    for (const s of [client, engine]) {
      sockets.add(s)
      s.on('close', () => sockets.delete(s))
      s.on('error', () => undefined)
    }
    client.pipe(engine).pipe(client)
    client.on('close', () => engine.destroy())
    engine.on('close', () => client.destroy())
  })
  await new Promise<void>((resolve) => server.listen(socketPath, resolve))
  await chmod(socketPath, 0o666)
  return {
    socketPath,
    close: async () => {
      for (const s of sockets) s.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  }
}

/** Runs runBuild in a child process as nobody against the proxied daemon; returns how it ended. */
async function buildAsNobody(socketPath: string, req: BuildRequest): Promise<ChildOutcome> {
  const script = `
    import Dockerode from 'dockerode'
    import { runBuild } from './src/main/docker/build/run-build'
    const docker = new Dockerode({ socketPath: process.env.PROXY_SOCKET })
    let result
    try {
      const outcome = await runBuild(docker, JSON.parse(process.env.BUILD_REQUEST), new AbortController().signal)
      result = { thrown: false, status: outcome.status, error: outcome.error }
    } catch (error) {
      result = { thrown: true, code: error.code, message: error.message }
    }
    process.stdout.write(JSON.stringify({ uid: process.getuid(), result }))
  `
  const parsed = await runAsNobody<{ uid: number; result: ChildOutcome }>({ script }, [], {
    PROXY_SOCKET: socketPath,
    BUILD_REQUEST: JSON.stringify(req)
  })
  if (parsed.uid !== NOBODY.uid) throw new Error(`the child ran as uid ${parsed.uid}`)
  return parsed.result
}

// Only root may start a process as another user.
describe.skipIf(!daemon || process.getuid?.() !== 0)('build context: a file the user may not read (the build runs as nobody)', () => {
  const docker = daemon?.docker as Dockerode
  let proxy: Awaited<ReturnType<typeof openProxy>>

  beforeAll(async () => {
    proxy = await openProxy(daemon!.dockerHost)
  })
  afterAll(async () => {
    await proxy?.close()
  })

  for (const [kind, size] of [
    ['small', 64],
    ['large (streamed in chunks)', 6 * 1024 * 1024]
  ] as const) {
    it(`a ${kind} unreadable file stops the build with its name and what to do; nothing is tagged`, async () => {
      const dir = await context({ 'app.txt': 'app\n', 'secret.key': Buffer.alloc(size, 1) })
      await chmod(path.join(dir, 'secret.key'), 0o600)
      const req = request(dir, `FROM ${BUSYBOX_IMAGE}\nCOPY . /ctx/\n`)
      const outcome = await buildAsNobody(proxy.socketPath, req)
      expect(outcome).toEqual({
        thrown: true,
        code: 'io-error',
        message: 'Cannot read secret.key in the build context (permission denied). Fix its permissions, or add it to .dockerignore so it is not sent.'
      })
      expect(await tagExists(docker, req.tags[0]!)).toBe(false)
    })
  }

  it('following the advice works: with secret.key in .dockerignore the same build as nobody succeeds', async () => {
    const dir = await context({ 'app.txt': 'app\n', 'secret.key': 'secret\n', '.dockerignore': 'secret.key\n' })
    await chmod(path.join(dir, 'secret.key'), 0o600)
    const req = request(dir, `FROM ${BUSYBOX_IMAGE}\nCOPY . /ctx/\n`)
    const outcome = await buildAsNobody(proxy.socketPath, req)
    expect(outcome).toMatchObject({ thrown: false, status: 'succeeded' })
    expect(await tagExists(docker, req.tags[0]!)).toBe(true)
  })
})
