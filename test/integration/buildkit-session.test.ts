// BuildKit builds through our session against the real engine: the context and the
// Dockerfile served by FileSync (BuildKit's .dockerignore handling, a Dockerfile
// outside the context, symlinks as links), cache and secret mounts, ssh
// forwarding, rebuilds that send only what changed, and cancel.
import { execFile } from 'node:child_process'
import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { promisify } from 'node:util'
import type Dockerode from 'dockerode'
import { describe, expect, it } from 'vitest'
import { BuildkitStreamParser } from '../../src/main/docker/build/buildkit-stream'
import type { EngineMessage } from '../../src/main/docker/build/classic-stream'
import { readJsonMessages } from '../../src/main/docker/build/json-stream'
import { startSessionBuild, type SessionBuildOptions } from '../../src/main/docker/build/session/session-build'
import type { TransferCounter } from '../../src/main/docker/build/session/file-sync'
import { planSteps, StepTracker } from '../../src/main/docker/build/steps'
import { BUSYBOX_IMAGE, DEBIAN_IMAGE } from '../support/base-images'
import { requireDaemon } from '../support/daemon'
import { scratch } from '../support/scratch'
import { runIn } from '../support/run-in'
import { skipWithoutBuildKit } from '../support/engines/under-test'

const daemon = requireDaemon()
const made = scratch(daemon, 'slipway-session-')
const unique = () => Math.random().toString(36).slice(2, 10)

const folderWith = (files: Record<string, string>, links: Record<string, string> = {}) => made.folderWith(files, links)

interface Built {
  imageId?: string
  error?: string
  lines: string[]
  transfer: TransferCounter
  tag: string
}

async function build(docker: Dockerode, options: Partial<SessionBuildOptions> & { contextDir: string; dockerfileText: string }, signal?: AbortSignal): Promise<Built> {
  const tag = made.tag('slipway-test-session')
  const tracker = new StepTracker(planSteps(options.dockerfileText, options.target ?? null))
  const parser = new BuildkitStreamParser(tracker)
  const started = await startSessionBuild(docker, { dockerfileName: 'Dockerfile', dockerfileDir: null, tags: [tag], ...options }, signal)
  const lines: string[] = []
  let streamError: string | undefined
  try {
    for await (const message of readJsonMessages<EngineMessage>(started.response)) lines.push(...parser.handle(message))
  } catch (error) {
    streamError = String(error)
  }
  await started.done
  const error = tracker.error ?? streamError
  return { ...(tracker.imageId ? { imageId: tracker.imageId } : {}), ...(error ? { error } : {}), lines, transfer: started.transfer, tag }
}

/** Every path under /src in the image, with `-> target` for links. */
const listing = (docker: Dockerode, image: string): Promise<string[]> =>
  runIn(docker, image, 'cd /src && find . | sort | while read f; do if [ -L "$f" ]; then echo "$f -> $(readlink "$f")"; else echo "$f"; fi; done').then((out) =>
    out.split('\n').filter((l) => l !== '')
  )

describe.skipIf(!daemon || skipWithoutBuildKit('BuildKit through a session'))('BuildKit through a session', () => {
  const docker = daemon?.docker as Dockerode

  it('sends the context as BuildKit asks: .dockerignore applied by the engine, symlinks as links, the Dockerfile from outside the context and never in it', async () => {
    const context = await folderWith(
      {
        'app.py': 'print("hi")\n',
        'notes/readme.md': 'notes\n',
        'notes/draft.md': 'draft\n',
        'node_modules/left/index.js': 'x\n',
        'logs/run.log': 'log\n',
        'deep/a/b/c.txt': 'c\n',
        'deep/a/b/skip.tmp': 't\n',
        '.dockerignore': 'node_modules\n**/*.log\n**/*.tmp\nnotes\n!notes/readme.md\n'
      },
      { 'current.py': 'app.py', 'dangling': 'nowhere/at/all' }
    )
    const dockerfileDir = await folderWith({ 'Dockerfile': 'never read: the editor text is built\n' })
    const built = await build(docker, { contextDir: context, dockerfileDir, dockerfileText: `FROM ${BUSYBOX_IMAGE}\nCOPY . /src\n` })
    expect(built.error).toBeUndefined()
    expect(await listing(docker, built.tag)).toEqual([
      '.',
      './.dockerignore',
      './app.py',
      './current.py -> app.py',
      './dangling -> nowhere/at/all',
      './deep',
      './deep/a',
      './deep/a/b',
      './deep/a/b/c.txt',
      './logs',
      './notes',
      './notes/readme.md'
    ])
    expect(built.transfer.bytes).toBeGreaterThan(0)
  })

  it('lets <Dockerfile>.dockerignore beside the Dockerfile replace the context’s .dockerignore, as BuildKit decides', async () => {
    const context = await folderWith({ 'a.txt': 'a\n', 'b.txt': 'b\n', '.dockerignore': 'a.txt\n' })
    const dockerfileDir = await folderWith({ 'app.Dockerfile': 'unused\n', 'app.Dockerfile.dockerignore': 'b.txt\n' })
    const built = await build(docker, { contextDir: context, dockerfileDir, dockerfileName: 'app.Dockerfile', dockerfileText: `FROM ${BUSYBOX_IMAGE}\nCOPY . /src\n` })
    expect(built.error).toBeUndefined()
    expect(await listing(docker, built.tag)).toEqual(['.', './.dockerignore', './a.txt'])
  })

  it('keeps exclude patterns apart even when one holds ", " (HTTP/2 joins repeated headers with it)', async () => {
    const context = await folderWith({ 'a, b.txt': '1\n', 'a': '2\n', 'b.txt': '3\n', 'c.txt': '4\n', '.dockerignore': 'a, b.txt\nc.txt\n' })
    const built = await build(docker, { contextDir: context, dockerfileText: `FROM ${BUSYBOX_IMAGE}\nCOPY . /src\n` })
    expect(built.error).toBeUndefined()
    expect(await listing(docker, built.tag)).toEqual(['.', './.dockerignore', './a', './b.txt'])
  })

  it('runs RUN --mount=type=cache, keeping the cache between builds', async () => {
    const context = await folderWith({ 'x.txt': 'x\n' })
    const id = `slipway-test-${unique()}`
    // Two different RUN lines (so the second is not a cached step) sharing one cache mount.
    const dockerfileFor = (run: number) => `FROM ${BUSYBOX_IMAGE}\nRUN --mount=type=cache,id=${id},target=/cache echo run-${run} >> /cache/runs && cat /cache/runs > /runs-seen\n`
    const first = await build(docker, { contextDir: context, dockerfileText: dockerfileFor(1) })
    expect(first.error).toBeUndefined()
    const second = await build(docker, { contextDir: context, dockerfileText: dockerfileFor(2) })
    expect(second.error).toBeUndefined()
    expect((await runIn(docker, first.tag, 'cat /runs-seen')).trim()).toBe('run-1')
    expect((await runIn(docker, second.tag, 'cat /runs-seen')).trim()).toBe('run-1\nrun-2')
  })

  it('serves secrets from a file and from the environment, and they stay out of the image', async () => {
    const value = `s3cret-${unique()}`
    const secrets = await folderWith({ token: value })
    const context = await folderWith({ 'x.txt': 'x\n' })
    process.env.SLIPWAY_TEST_SECRET = `${value}-env`
    const dockerfileText = [
      `FROM ${BUSYBOX_IMAGE}`,
      'RUN --mount=type=secret,id=tok --mount=type=secret,id=fromenv \\',
      `    test "$(cat /run/secrets/tok)" = "${value}" && test "$(cat /run/secrets/fromenv)" = "${value}-env" && echo read > /secret-read`,
      ''
    ].join('\n')
    const built = await build(docker, {
      contextDir: context,
      dockerfileText,
      secrets: { tok: { file: path.join(secrets, 'token') }, fromenv: { env: 'SLIPWAY_TEST_SECRET' } }
    })
    delete process.env.SLIPWAY_TEST_SECRET
    expect(built.error).toBeUndefined()
    expect((await runIn(docker, built.tag, 'cat /secret-read; ls /run/secrets 2>&1; grep -rl s3cret / --exclude-dir=proc --exclude-dir=sys 2>/dev/null | head -3')).trim()).toMatch(
      /^read(\nls: \/run\/secrets: No such file or directory)?$/
    )
  })

  it('says which secret is missing when a required one is not given', async () => {
    const context = await folderWith({ 'x.txt': 'x\n' })
    const built = await build(docker, { contextDir: context, dockerfileText: `FROM ${BUSYBOX_IMAGE}\nRUN --mount=type=secret,id=nothere,required cat /run/secrets/nothere\n` })
    expect(built.imageId).toBeUndefined()
    expect(built.error).toMatch(/nothere/)
  })

  it('forwards the ssh agent for RUN --mount=type=ssh', async () => {
    const run = promisify(execFile)
    const dir = await folderWith({})
    const socket = path.join(dir, 'agent.sock')
    const { stdout } = await run('ssh-agent', ['-a', socket, '-s'])
    const agentPid = Number(/SSH_AGENT_PID=(\d+)/.exec(stdout)?.[1])
    try {
      await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'slipway-test', '-f', path.join(dir, 'key')])
      await run('ssh-add', [path.join(dir, 'key')], { env: { ...process.env, SSH_AUTH_SOCK: socket } })
      // Asks the agent for its identities (SSH_AGENTC_REQUEST_IDENTITIES) and writes the answer's type and key count.
      const ask = `perl -MIO::Socket::UNIX -e '$s = IO::Socket::UNIX->new(Peer => $ENV{SSH_AUTH_SOCK}) or die "no agent: $!"; print $s pack("NC", 1, 11); read($s, $l, 4); read($s, $b, unpack("N", $l)); ($t, $n) = unpack("CN", $b); print "answer=$t keys=$n\\n"' > /agent-answer`
      // No cache: a cached step would not ask this agent at all.
      const built = await build(docker, { contextDir: dir, dockerfileText: `FROM ${DEBIAN_IMAGE}\nRUN --mount=type=ssh ${ask}\n`, ssh: { default: socket }, noCache: true })
      expect(built.error).toBeUndefined()
      expect((await runIn(docker, built.tag, 'cat /agent-answer')).trim()).toBe('answer=12 keys=1')
    } finally {
      if (agentPid) process.kill(agentPid)
    }
  })

  it('sends only what changed on a rebuild of a context with many files', async () => {
    const files: Record<string, string> = {}
    for (let i = 0; i < 400; i++) files[`src/part-${Math.floor(i / 40)}/file-${i}.txt`] = `${i}\n`.repeat(600)
    const context = await folderWith(files)
    const dockerfileText = `FROM ${BUSYBOX_IMAGE}\nCOPY . /src\nRUN cat /src/src/part-3/file-123.txt | head -1\n`
    const first = await build(docker, { contextDir: context, dockerfileText })
    expect(first.error).toBeUndefined()
    await writeFile(path.join(context, 'src/part-3/file-123.txt'), 'changed\n')
    const second = await build(docker, { contextDir: context, dockerfileText })
    expect(second.error).toBeUndefined()
    expect((await runIn(docker, second.tag, 'cat /src/src/part-3/file-123.txt')).trim()).toBe('changed')
    expect(second.transfer.filesSent).toBeLessThanOrEqual(2)
    expect(second.transfer.bytes).toBeLessThan(first.transfer.bytes * 0.05)
  })

  it('cancels a running build on the engine and closes the session', async () => {
    const context = await folderWith({ 'x.txt': 'x\n' })
    const controller = new AbortController()
    const started = Date.now()
    const running = build(docker, { contextDir: context, dockerfileText: `FROM ${BUSYBOX_IMAGE}\nRUN echo started && sleep 45\n`, noCache: true }, controller.signal)
    setTimeout(() => controller.abort(), 3000)
    const built = await running
    expect(built.imageId).toBeUndefined()
    expect(built.error).toMatch(/cancel/i)
    expect(Date.now() - started).toBeLessThan(20_000)
  })
})
