// The build service against the real daemon: context packing, .dockerignore,
// build args and targets, step mapping, cancel, the tutorial's Flask app, bad inputs.
import { readdir, symlink } from 'node:fs/promises'
import path from 'node:path'
import type Dockerode from 'dockerode'
import { describe, expect, it } from 'vitest'
import type { BuildRequest } from '../../src/shared/ipc/channels/build'
import { ENGINE_STOPPED_MESSAGE } from '../../src/main/docker/build/engine-stopped'
import { BuildHistory } from '../../src/main/docker/build/build-history'
import { BuildManager } from '../../src/main/docker/build/manager'
import { PODMAN_CANCEL_NOTE, runBuild, type BuildOutcome } from '../../src/main/docker/build/run-build'
import { BUSYBOX_IMAGE, DEBIAN_IMAGE, ensureBusyboxImage } from '../support/base-images'
import { dockerodeFor, requireDaemon, startPrivateDockerd } from '../support/daemon'
import { scratch, tagExists } from '../support/scratch'
import { runIn } from '../support/run-in'
import { onPodman, skipWithoutBuildKit } from '../support/engines/under-test'

const daemon = requireDaemon()
const made = scratch(daemon, 'slipway-build-')
const unique = () => Math.random().toString(36).slice(2, 10)

const contextWith = (files: Record<string, string>) => made.folderWith(files)

function request(contextDir: string, dockerfileText: string, extra: Partial<BuildRequest> = {}): BuildRequest {
  const tag = made.tag('slipway-test-build')
  return {
    dockerfileText,
    dockerfilePath: path.join(contextDir, 'Dockerfile'),
    contextDir,
    tags: [tag],
    buildArgs: [],
    target: null,
    noCache: false,
    pull: false,
    builder: 'classic',
    ...extra
  }
}

const build = (docker: Dockerode, req: BuildRequest, signal = new AbortController().signal): Promise<BuildOutcome> => runBuild(docker, req, signal)

describe.skipIf(!daemon)('build service (classic builder)', () => {
  const docker = daemon?.docker as Dockerode

  it('builds the busybox image, each step done, and tags it', async () => {
    const dir = await contextWith({})
    const req = request(dir, `FROM ${BUSYBOX_IMAGE}\nRUN echo built > /built.txt\nCMD ["cat", "/built.txt"]\n`, { noCache: true })
    const outcome = await build(docker, req)
    expect(outcome.error).toBeUndefined()
    expect(outcome.status).toBe('succeeded')
    expect(outcome.imageId).toMatch(/^sha256:[0-9a-f]{64}$/)
    expect((await docker.getImage(req.tags[0]!).inspect()).Id).toBe(outcome.imageId)
    const steps = outcome.tracker.snapshotSteps()
    expect(steps.map((s) => [s.index, s.line, s.instruction, s.state])).toEqual([
      [1, 1, `FROM ${BUSYBOX_IMAGE}`, 'done'],
      [2, 2, 'RUN echo built > /built.txt', 'done'],
      [3, 3, 'CMD ["cat", "/built.txt"]', 'done']
    ])
    expect(steps.every((s) => typeof s.durationMs === 'number')).toBe(true)
    expect(await runIn(docker, req.tags[0]!, 'cat /built.txt')).toContain('built')
  })

  it('marks a cached step as cached on the second build', async () => {
    const dir = await contextWith({})
    const text = `FROM ${BUSYBOX_IMAGE}\nRUN echo ${unique()} > /x\n`
    expect((await build(docker, request(dir, text))).status).toBe('succeeded')
    const again = await build(docker, request(dir, text))
    expect(again.tracker.snapshotSteps()[1]!.state).toBe('cached')
  })

  it('honours .dockerignore: an excluded file is absent from the image, and so is the generated Dockerfile', async () => {
    const dir = await contextWith({ 'keep.txt': 'keep', 'secret.txt': 'secret', 'logs/a.log': 'x', 'logs/keep.log': 'y', '.dockerignore': 'secret.txt\nlogs\n!logs/keep.log\n' })
    const req = request(dir, `FROM ${BUSYBOX_IMAGE}\nCOPY . /app\n`)
    const outcome = await build(docker, req)
    expect(outcome.status, outcome.error).toBe('succeeded')
    const listing = await runIn(docker, req.tags[0]!, 'cd /app && find . -type f | sort')
    expect(listing).toContain('./keep.txt')
    expect(listing).toContain('./logs/keep.log')
    expect(listing).not.toContain('secret.txt')
    expect(listing).not.toContain('a.log')
    expect(listing).not.toContain('.slipway.Dockerfile')
  })

  it('builds when .dockerignore lists the Dockerfile itself, which then is not in the image', async () => {
    const text = `FROM ${BUSYBOX_IMAGE}\nCOPY . /app\n`
    const dir = await contextWith({ Dockerfile: text, 'app.txt': 'app', '.dockerignore': 'Dockerfile\n.dockerignore\n' })
    const req = request(dir, text)
    const outcome = await build(docker, req)
    expect(outcome.status, outcome.error).toBe('succeeded')
    const listing = await runIn(docker, req.tags[0]!, 'ls -a /app')
    expect(listing).toContain('app.txt')
    expect(listing).not.toContain('Dockerfile')
    expect(listing).not.toContain('.dockerignore')
  })

  it('builds the editor text of a Dockerfile kept outside the context, writing nothing into the context folder', async () => {
    const dir = await contextWith({ 'app.txt': 'app' })
    const elsewhere = await contextWith({})
    const before = await readdir(dir)
    const req = request(dir, `FROM ${BUSYBOX_IMAGE}\nCOPY app.txt /app.txt\n`, { dockerfilePath: path.join(elsewhere, 'Dockerfile.unsaved') })
    const outcome = await build(docker, req)
    expect(outcome.status, outcome.error).toBe('succeeded')
    expect(await readdir(dir)).toEqual(before)
    expect(await runIn(docker, req.tags[0]!, 'cat /app.txt')).toContain('app')
  })

  it('applies a build argument and stops at the target stage', async () => {
    const dir = await contextWith({})
    const text = [
      'ARG GREETING=hello',
      `FROM ${BUSYBOX_IMAGE} AS base`,
      'ARG GREETING',
      'RUN echo "$GREETING" > /greeting',
      'FROM base AS extra',
      'RUN touch /extra',
      'FROM base AS final',
      'RUN touch /final',
      ''
    ].join('\n')
    const req = request(dir, text, { target: 'extra', buildArgs: [{ name: 'GREETING', value: 'bonjour' }] })
    const outcome = await build(docker, req)
    expect(outcome.status, outcome.error).toBe('succeeded')
    // The classic builder counts up to the target stage only: ARG, FROM, ARG, RUN, FROM, RUN.
    expect(outcome.tracker.snapshotSteps().map((s) => s.line)).toEqual([1, 2, 3, 4, 5, 6])
    const output = await runIn(docker, req.tags[0]!, 'cat /greeting; ls /')
    expect(output).toContain('bonjour')
    expect(output).toContain('extra')
    expect(output).not.toMatch(/\bfinal\b/)
  })

  it('reports a failing RUN on the right step, mapped to its line, with the engine message and the last lines', async () => {
    const dir = await contextWith({})
    const text = [
      '# syntax comment',
      'ARG BASE=' + BUSYBOX_IMAGE,
      'FROM $BASE',
      '',
      '# prepare',
      'RUN echo one \\',
      '    && echo two',
      'ENV A=1',
      'RUN echo "about to fail" && exit 3',
      'CMD ["sh"]',
      ''
    ].join('\n')
    const outcome = await build(docker, request(dir, text, { noCache: true }))
    expect(outcome.status).toBe('failed')
    const steps = outcome.tracker.snapshotSteps()
    const failed = steps.filter((s) => s.state === 'failed')
    expect(failed).toHaveLength(1)
    expect(failed[0]!.index).toBe(5)
    expect(failed[0]!.line).toBe(9)
    // Buildah's "… while running runtime: exit status 3" is said in Docker's words on Podman too.
    expect(failed[0]!.error).toContain('returned a non-zero code: 3')
    expect(failed[0]!.lastLines).toContain('about to fail')
    expect(outcome.error).toContain('returned a non-zero code: 3')
    expect(steps.slice(0, 4).every((s) => s.state === 'done')).toBe(true)
    expect(steps[5]!.state).toBe('waiting')
  })

  it('cancels during RUN sleep 60: the daemon stops within 2 s (Podman cannot: the build says so) and no tag is set', async () => {
    const dir = await contextWith({})
    const marker = unique()
    const req = request(dir, `FROM ${BUSYBOX_IMAGE}\nRUN echo ${marker} && sleep 60\n`, { noCache: true })
    const controller = new AbortController()
    let sawSleep!: () => void
    const sleeping = new Promise<void>((resolve) => (sawSleep = resolve))
    const running = runBuild(docker, req, controller.signal, { onProgress: (lines) => lines.some((l) => l === marker) && sawSleep() })
    await sleeping
    const sleepContainers = async () =>
      (await docker.listContainers({ all: false })).filter((c) => c.Command.includes(marker))
    if (onPodman()) {
      // Podman lists no build containers and cannot stop a build's running step: the app says so.
      controller.abort()
      const outcome = await running
      expect(outcome.status).toBe('cancelled')
      expect(outcome.warnings).toContain(PODMAN_CANCEL_NOTE)
      expect(await tagExists(docker, req.tags[0]!)).toBe(false)
      return
    }
    await expect.poll(async () => (await sleepContainers()).length, { timeout: 10_000 }).toBe(1)
    const cancelledAt = Date.now()
    controller.abort()
    const outcome = await running
    expect(outcome.status).toBe('cancelled')
    expect(outcome.warnings).not.toContain(PODMAN_CANCEL_NOTE)
    let gone = false
    while (Date.now() - cancelledAt < 2000) {
      if ((await sleepContainers()).length === 0) {
        gone = true
        break
      }
      await new Promise((r) => setTimeout(r, 100))
    }
    expect(gone, 'the RUN container still runs 2 s after cancel').toBe(true)
    expect(await tagExists(docker, req.tags[0]!)).toBe(false)
    expect(outcome.tracker.snapshotSteps()[1]!.state).toBe('waiting')
  })

  it("builds the tutorial's Flask app, whose image exposes 5000/tcp", async () => {
    const appPy = [
      'from flask import Flask',
      'app = Flask(__name__)',
      '',
      "@app.route('/')",
      'def hello():',
      "    return 'Hello from Slipway'",
      '',
      "if __name__ == '__main__':",
      "    app.run(host='0.0.0.0', port=5000)",
      ''
    ].join('\n')
    const text = [
      `FROM ${DEBIAN_IMAGE}`,
      'RUN apt-get update && apt-get install -y --no-install-recommends python3-flask',
      'COPY app.py /usr/src/app/',
      'EXPOSE 5000',
      'CMD ["python3", "/usr/src/app/app.py"]',
      ''
    ].join('\n')
    const dir = await contextWith({ 'app.py': appPy, Dockerfile: text })
    const req = request(dir, text)
    const outcome = await build(docker, req)
    expect(outcome.status, outcome.error).toBe('succeeded')
    const info = await docker.getImage(req.tags[0]!).inspect()
    expect(Object.keys(info.Config.ExposedPorts ?? {})).toContain('5000/tcp')
    expect(outcome.tracker.snapshotSteps().every((s) => s.state === 'done' || s.state === 'cached')).toBe(true)
    expect(await runIn(docker, req.tags[0]!, "python3 -c 'import flask; print(\"flask ok\")'")).toContain('flask ok')
  }, 600_000)
})

describe.skipIf(!daemon)('build service: bad input and faults', () => {
  const docker = daemon?.docker as Dockerode

  it('refuses a missing context folder, saying what to do', async () => {
    const req = request('/nonexistent/slipway/context', `FROM ${BUSYBOX_IMAGE}\n`)
    await expect(build(docker, req)).rejects.toMatchObject({ code: 'not-found', message: expect.stringContaining('does not exist') })
  })

  it('refuses an upper-case repository name and an unknown instruction before sending anything', async () => {
    const dir = await contextWith({})
    await expect(build(docker, { ...request(dir, `FROM ${BUSYBOX_IMAGE}\n`), tags: ['MyApp:1.0'] })).rejects.toMatchObject({
      code: 'invalid-input',
      message: expect.stringContaining('must be lowercase')
    })
    await expect(build(docker, request(dir, `FROM ${BUSYBOX_IMAGE}\nRUNN echo\n`))).rejects.toMatchObject({ message: expect.stringContaining('Line 2: "RUNN" is not a Dockerfile instruction') })
  })

  it('notes a symlink pointing outside the context, and sends the link itself as Docker does', async () => {
    const dir = await contextWith({ 'real.txt': 'real' })
    await symlink('/etc/hostname', path.join(dir, 'outside-link'))
    await symlink('real.txt', path.join(dir, 'inside-link'))
    const req = request(dir, `FROM ${BUSYBOX_IMAGE}\nCOPY . /app\n`)
    const outcome = await build(docker, req)
    expect(outcome.status, outcome.error).toBe('succeeded')
    expect(outcome.warnings).toHaveLength(1)
    expect(outcome.warnings[0]).toContain('outside-link is a symbolic link to /etc/hostname, outside the build context')
    const links = await runIn(docker, req.tags[0]!, 'readlink /app/outside-link; cat /app/inside-link')
    expect(links).toContain('/etc/hostname')
    expect(links).toContain('real')
  })

  it('fails with a clear message for an unknown base image when no registry is reachable', async () => {
    const dir = await contextWith({})
    const base = `slipway-test/does-not-exist-${unique()}:1`
    const outcome = await build(docker, request(dir, `FROM ${base}\nRUN true\n`))
    expect(outcome.status).toBe('failed')
    expect(outcome.error).toContain(`The base image ${base} is not on this engine`)
    expect(outcome.tracker.snapshotSteps()[0]!.state).toBe('failed')
  }, 180_000)

  it('refuses a second build of the same tag while the first runs, and keeps both in the history across restarts', async () => {
    const dataDir = await contextWith({})
    const manager = new BuildManager({ docker: () => docker, history: new BuildHistory(dataDir), emit: () => undefined })
    const dir = await contextWith({})
    const req = request(dir, `FROM ${BUSYBOX_IMAGE}\nRUN sleep 2\n`, { noCache: true })
    const first = await manager.start(req)
    await expect(manager.start({ ...req, tags: [req.tags[0]!.replace(/:1$/, ':1')] })).rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining('Another build is already making') })
    const done = await manager.wait(first.id)
    expect(done.status).toBe('succeeded')
    const history = await new BuildHistory(dataDir).list()
    expect(history[0]).toMatchObject({ id: first.id, status: 'succeeded', imageId: done.imageId })
    const restarted = new BuildManager({ docker: () => docker, history: new BuildHistory(dataDir), emit: () => undefined })
    const detail = await restarted.get(first.id)
    expect(detail.log.join('\n')).toContain('Successfully tagged')
    expect(detail.record.steps.map((s) => s.state)).toEqual(['done', 'done'])
    manager.dispose()
  })
})

describe.skipIf(!daemon || skipWithoutBuildKit('build service (BuildKit)'))('build service (BuildKit)', () => {
  const docker = daemon?.docker as Dockerode

  it('builds, and maps a failing RUN to its step and line from the BuildKit trace', async () => {
    const dir = await contextWith({ 'a.txt': 'a' })
    const ok = request(dir, `FROM ${BUSYBOX_IMAGE}\nCOPY a.txt /a.txt\nRUN cat /a.txt\nENV X=1\n`, { builder: 'buildkit' })
    const built = await build(docker, ok)
    expect(built.status, built.error).toBe('succeeded')
    expect(built.imageId).toMatch(/^sha256:/)
    expect(built.tracker.snapshotSteps().map((s) => s.state)).not.toContain('waiting')

    const text = [`FROM ${BUSYBOX_IMAGE} AS build`, `RUN echo ${unique()}`, 'RUN echo "about to fail" && exit 7', `FROM ${BUSYBOX_IMAGE}`, 'RUN true', ''].join('\n')
    const failed = await build(docker, request(dir, text, { builder: 'buildkit', target: 'build', noCache: true }))
    expect(failed.status).toBe('failed')
    const step = failed.tracker.snapshotSteps().find((s) => s.state === 'failed')
    expect(step).toMatchObject({ index: 3, line: 3 })
    expect(step!.error).toContain('returned a non-zero code: 7')
    expect(step!.lastLines).toContain('about to fail')
  })
})

// Needs root to start a private dockerd that this test may stop.
describe.skipIf(!daemon || process.getuid?.() !== 0)('build service: the engine stops mid-build', () => {
  it('marks the build failed with a clear message, and leaves the context folder as it was', async () => {
    const engine = await startPrivateDockerd({ networking: 'none', name: 'build-stop' })
    try {
      const docker = dockerodeFor(engine.dockerHost)
      await ensureBusyboxImage(docker)
      const dir = await contextWith({ 'a.txt': 'a' })
      const before = await readdir(dir)
      let sawStart!: () => void
      const started = new Promise<void>((resolve) => (sawStart = resolve))
      const req = request(dir, `FROM ${BUSYBOX_IMAGE}\nRUN echo started-${unique()} && sleep 60\n`, { noCache: true })
      const running = runBuild(docker, req, new AbortController().signal, { onProgress: (lines) => lines.some((l) => l.startsWith('started-')) && sawStart() })
      await started
      await engine.stop()
      const outcome = await running
      expect(outcome.status).toBe('failed')
      expect(outcome.error).toBe(ENGINE_STOPPED_MESSAGE)
      expect(outcome.tracker.snapshotSteps()[1]).toMatchObject({ state: 'failed', error: ENGINE_STOPPED_MESSAGE })
      expect(await readdir(dir)).toEqual(before)
    } finally {
      await engine.destroy()
    }
  }, 300_000)
})
