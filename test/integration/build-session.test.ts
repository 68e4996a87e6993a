// The build service's default builder (BuildKit through a session) on the real engine: cancel stops
// the RUN step on the engine, and an engine that stops mid-build is told apart from a failing step.
import { readdir } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { BuildRequest } from '../../src/shared/ipc/channels/build'
import { inspectContext } from '../../src/main/docker/build/context'
import { ENGINE_STOPPED_MESSAGE } from '../../src/main/docker/build/engine-stopped'
import { runBuild } from '../../src/main/docker/build/run-build'
import { BUSYBOX_IMAGE, ensureBusyboxImage } from '../support/base-images'
import { dockerodeFor, requireDaemon, startPrivateDockerd } from '../support/daemon'
import { scratch, tagExists } from '../support/scratch'
import { buildersUnderTest, skipWithoutBuildKit } from '../support/engines/under-test'

const daemon = requireDaemon()
const made = scratch(daemon, 'slipway-session-build-')
const unique = () => Math.random().toString(36).slice(2, 10)

const contextWith = (files: Record<string, string>) => made.folderWith(files)

function request(contextDir: string, dockerfileText: string): BuildRequest {
  const tag = made.tag('slipway-test-session')
  // No builder: the default.
  return { dockerfileText, dockerfilePath: path.join(contextDir, 'Dockerfile'), contextDir, tags: [tag], buildArgs: [], target: null, noCache: true, pull: false }
}

describe.skipIf(!daemon)('the listing and the build agree on what is sent', () => {
  it('<Dockerfile>.dockerignore excluding a.txt: BuildKit leaves it out of both, the classic builder sends it in both', async () => {
    const docker = daemon!.docker
    const dir = await contextWith({ 'a.txt': 'a\n', 'b.txt': 'b\n', 'Dockerfile.dockerignore': 'a.txt\n' })
    const text = `FROM ${BUSYBOX_IMAGE}\nCOPY a.txt /a.txt\n`
    for (const builder of buildersUnderTest('<Dockerfile>.dockerignore').reverse()) {
      const listing = await inspectContext(dir, { builder, dockerfilePath: path.join(dir, 'Dockerfile'), dockerfileDirReadable: true })
      const built = await runBuild(docker, { ...request(dir, text), builder }, new AbortController().signal)
      if (builder === 'buildkit') {
        expect(listing.ignored).toEqual(['a.txt'])
        expect(listing.ignoreFile?.name).toBe('Dockerfile.dockerignore')
        expect(built.status).toBe('failed')
        expect(built.error).toMatch(/a\.txt/)
      } else {
        expect(listing.files).toContain('a.txt')
        expect(listing.ignoreFile).toBeNull()
        expect(built.status, built.error).toBe('succeeded')
      }
    }
  }, 60_000)
})

describe.skipIf(!daemon || skipWithoutBuildKit('BuildKit through a session: cancel and a stopping engine'))('BuildKit through a session: cancel and a stopping engine', () => {
  it('cancels during a long RUN: the step stops on the engine within 2 s, the build says cancelled, no tag is set', async () => {
    const docker = daemon!.docker
    // BuildKit's RUN containers are not in /containers/json: the step calls this server every 100 ms instead,
    // so the calls stopping tells that the step stopped.
    let calls = 0
    const server = createServer((_req, res) => {
      calls++
      res.end('ok\n')
    })
    await new Promise<void>((resolve) => server.listen(0, '0.0.0.0', resolve))
    const port = (server.address() as AddressInfo).port
    try {
      const marker = `slipway-cancel-${unique()}`
      const loop = `gw=$(ip route | awk '/^default/ {print $3}') && echo ${marker} && while true; do wget -q -O /dev/null http://$gw:${port}/beat; sleep 0.1; done`
      const req = request(await contextWith({}), `FROM ${BUSYBOX_IMAGE}\nRUN ${loop}\n`)
      const controller = new AbortController()
      const outcome = runBuild(docker, req, controller.signal)
      await expect.poll(() => calls, { timeout: 20_000 }).toBeGreaterThan(3)
      const cancelledAt = Date.now()
      controller.abort()
      const ended = await outcome
      expect(ended.status).toBe('cancelled')
      expect(Date.now() - cancelledAt).toBeLessThan(5_000)
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, 2_000 - (Date.now() - cancelledAt))))
      const after = calls
      await new Promise((resolve) => setTimeout(resolve, 1_000))
      expect(calls - after, 'calls from the RUN step more than 2 s after cancel').toBe(0)
      expect(await tagExists(docker, req.tags[0]!)).toBe(false)
      expect(ended.tracker.snapshotSteps()[1]!.state).toBe('waiting')
    } finally {
      server.close()
    }
  }, 60_000)

  it('an engine that stops during the build: failed with what happened and what to do, at the running step; the context folder as it was', async () => {
    const engine = await startPrivateDockerd({ networking: 'none', name: 'session-build-stop' })
    try {
      const docker = dockerodeFor(engine.dockerHost)
      await ensureBusyboxImage(docker)
      const dir = await contextWith({ 'a.txt': 'a' })
      const before = await readdir(dir)
      const marker = `started-${unique()}`
      let sawStart!: () => void
      const started = new Promise<void>((resolve) => (sawStart = resolve))
      const running = runBuild(docker, request(dir, `FROM ${BUSYBOX_IMAGE}\nCOPY a.txt /a.txt\nRUN echo ${marker} && sleep 60\n`), new AbortController().signal, {
        onProgress: (lines) => lines.some((l) => l.endsWith(` ${marker}`)) && sawStart()
      })
      await started
      await engine.stop()
      const outcome = await running
      expect(outcome.status).toBe('failed')
      expect(outcome.error).toBe(ENGINE_STOPPED_MESSAGE)
      expect(outcome.tracker.snapshotSteps()[2]).toMatchObject({ state: 'failed', error: ENGINE_STOPPED_MESSAGE })
      expect(await readdir(dir)).toEqual(before)
    } finally {
      await engine.destroy()
    }
  }, 180_000)
})
