// Modern Dockerfiles through the build service's default builder (BuildKit through a session) on the
// real engine: RUN --mount=type=cache|secret|ssh|bind, COPY --chmod, COPY --link, multi-stage with a
// target, heredocs. A feature the engine's built-in Dockerfile frontend lacks is skipped with why.
import { execFile } from 'node:child_process'
import path from 'node:path'
import { promisify } from 'node:util'
import type Dockerode from 'dockerode'
import { beforeAll, describe, expect, it } from 'vitest'
import type { BuildRequest } from '../../src/shared/ipc/channels/build'
import { runBuild, type BuildOutcome } from '../../src/main/docker/build/run-build'
import { BUSYBOX_IMAGE, DEBIAN_IMAGE } from '../support/base-images'
import { requireDaemon } from '../support/daemon'
import { scratch } from '../support/scratch'
import { runIn } from '../support/run-in'
import { onPodman, skipWithoutBuildKit } from '../support/engines/under-test'

const daemon = requireDaemon()
const made = scratch(daemon, 'slipway-modern-')
const unique = () => Math.random().toString(36).slice(2, 10)
let engineMajor = 0

const contextWith = (files: Record<string, string>) => made.folderWith(files)

async function build(docker: Dockerode, contextDir: string, dockerfileText: string, extra: Partial<BuildRequest> = {}): Promise<BuildOutcome & { tag: string }> {
  const tag = made.tag('slipway-test-modern')
  // No builder: the service's default.
  const request: BuildRequest = { dockerfileText, dockerfilePath: path.join(contextDir, 'Dockerfile'), contextDir, tags: [tag], buildArgs: [], target: null, noCache: false, pull: false, ...extra }
  return { ...(await runBuild(docker, request, new AbortController().signal)), tag }
}

/** Skips (saying why) when the engine's built-in Dockerfile frontend is older than what the feature needs. */
function needsEngine(major: number, feature: string, skip: (note?: string) => void): void {
  // Podman's version is not Docker's: its builder (Buildah 1.39) reads heredocs, but not COPY --link.
  if (engineMajor >= major || (onPodman() && feature !== 'COPY --link')) return
  if (onPodman()) {
    const why = `${feature} is not supported by Podman's builder (Buildah 1.39 fails the step with "COPY --link is not supported")`
    console.log(`[skipped] ${why}`)
    skip(why)
    return
  }
  const why = `${feature} needs the Dockerfile frontend of Docker ${major}+; this engine is Docker ${engineMajor}, whose built-in frontend does not read it (and a # syntax= image cannot be pulled here)`
  console.log(`[skipped] ${why}`)
  skip(why)
}

// On Podman the default builder is Buildah through the classic API (no sessions), which reads these Dockerfiles itself.
describe.skipIf(!daemon)('modern Dockerfiles with the default builder (BuildKit through a session; Buildah on Podman)', () => {
  const docker = daemon?.docker as Dockerode
  beforeAll(async () => {
    engineMajor = Number((await docker.version()).Version.split('.')[0])
  })

  it('RUN --mount=type=cache keeps the cache folder between builds, and not in the image', async () => {
    const dir = await contextWith({})
    const id = `slipway-test-${unique()}`
    const text = (n: number) => `FROM ${BUSYBOX_IMAGE}\nRUN --mount=type=cache,id=${id},target=/cache echo build-${n} >> /cache/log && wc -l < /cache/log > /count\n`
    const first = await build(docker, dir, text(1))
    expect(first.status, first.error).toBe('succeeded')
    const second = await build(docker, dir, text(2))
    expect(second.status, second.error).toBe('succeeded')
    expect((await runIn(docker, second.tag, 'cat /count; ls /cache 2>/dev/null | wc -l')).split('\n').map((l) => l.trim())).toEqual(['2', '0', ''])
  })

  it.skipIf(skipWithoutBuildKit('RUN --mount=type=secret'))('RUN --mount=type=secret reads a file and an environment variable given as --secret; neither stays in the image', async () => {
    const dir = await contextWith({})
    const secretFile = path.join(await contextWith({ 'token.txt': 'from-a-file' }), 'token.txt')
    process.env.SLIPWAY_TEST_SECRET = 'from-the-env'
    try {
      const check = (fileValue: string) =>
        `FROM ${BUSYBOX_IMAGE}\nRUN --mount=type=secret,id=tok --mount=type=secret,id=envtok test "$(cat /run/secrets/tok)" = "${fileValue}" && test "$(cat /run/secrets/envtok)" = from-the-env && echo ok > /checked\n`
      const secrets = [
        { id: 'tok', file: secretFile },
        { id: 'envtok', env: 'SLIPWAY_TEST_SECRET' }
      ]
      const built = await build(docker, dir, check('from-a-file'), { secrets, noCache: true })
      expect(built.status, built.error).toBe('succeeded')
      expect(await runIn(docker, built.tag, 'cat /checked; ls /run/secrets 2>/dev/null | wc -l')).toBe('ok\n0\n')
      // The same step with another expected value fails: the values really are compared.
      const wrong = await build(docker, dir, check('something-else'), { secrets, noCache: true })
      expect(wrong.status).toBe('failed')
    } finally {
      delete process.env.SLIPWAY_TEST_SECRET
    }
  })

  it.skipIf(skipWithoutBuildKit('RUN --mount=type=ssh'))('RUN --mount=type=ssh reaches the ssh agent given as --ssh default; without an agent the request is refused with what to do', async () => {
    const run = promisify(execFile)
    const dir = await contextWith({})
    const socket = path.join(dir, 'agent.sock')
    const { stdout } = await run('ssh-agent', ['-a', socket, '-s'])
    const agentPid = Number(/SSH_AGENT_PID=(\d+)/.exec(stdout)?.[1])
    const saved = process.env.SSH_AUTH_SOCK
    try {
      await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'slipway-test', '-f', path.join(dir, 'key')])
      await run('ssh-add', [path.join(dir, 'key')], { env: { ...process.env, SSH_AUTH_SOCK: socket } })
      process.env.SSH_AUTH_SOCK = socket
      const ask = `perl -MIO::Socket::UNIX -e '$s = IO::Socket::UNIX->new(Peer => $ENV{SSH_AUTH_SOCK}) or die "no agent: $!"; print $s pack("NC", 1, 11); read($s, $l, 4); read($s, $b, unpack("N", $l)); ($t, $n) = unpack("CN", $b); print "answer=$t keys=$n\\n"' > /agent-answer`
      const built = await build(docker, dir, `FROM ${DEBIAN_IMAGE}\nRUN --mount=type=ssh ${ask}\n`, { ssh: true, noCache: true })
      expect(built.status, built.error).toBe('succeeded')
      expect((await runIn(docker, built.tag, 'cat /agent-answer')).trim()).toBe('answer=12 keys=1')
      delete process.env.SSH_AUTH_SOCK
      await expect(build(docker, dir, `FROM ${BUSYBOX_IMAGE}\nRUN --mount=type=ssh true\n`, { ssh: true })).rejects.toThrow(/SSH_AUTH_SOCK is not set for Slipway/)
    } finally {
      if (saved === undefined) delete process.env.SSH_AUTH_SOCK
      else process.env.SSH_AUTH_SOCK = saved
      if (agentPid) process.kill(agentPid)
    }
  })

  it('RUN --mount=type=bind reads a context file without copying it into the image', async () => {
    const dir = await contextWith({ 'config/app.conf': 'answer=42\n' })
    const built = await build(docker, dir, `FROM ${BUSYBOX_IMAGE}\nRUN --mount=type=bind,source=config/app.conf,target=/mnt/app.conf cp /mnt/app.conf /copied\n`)
    expect(built.status, built.error).toBe('succeeded')
    expect(await runIn(docker, built.tag, 'cat /copied; test -e /mnt/app.conf && echo left || echo gone')).toBe('answer=42\ngone\n')
  })

  it('multi-stage with a target builds up to that stage only', async () => {
    const dir = await contextWith({ 'a.txt': 'a\n' })
    const text = `FROM ${BUSYBOX_IMAGE} AS base\nCOPY a.txt /a.txt\n\nFROM base AS test\nRUN echo tested > /test-marker\n\nFROM base AS final\nRUN echo final > /final-marker\n`
    const built = await build(docker, dir, text, { target: 'test' })
    expect(built.status, built.error).toBe('succeeded')
    expect(await runIn(docker, built.tag, 'cat /a.txt /test-marker; test -e /final-marker && echo final || echo no-final')).toBe('a\ntested\nno-final\n')
    expect(built.tracker.steps.filter((s) => s.instruction.includes('final-marker')).map((s) => s.state)).toEqual([])
  })

  it('COPY --chmod sets the mode of the copied file', async () => {
    const dir = await contextWith({ 'run.sh': 'echo hi\n' })
    const built = await build(docker, dir, `FROM ${BUSYBOX_IMAGE}\nCOPY --chmod=0750 run.sh /run.sh\n`)
    expect(built.status, built.error).toBe('succeeded')
    expect((await runIn(docker, built.tag, 'ls -l /run.sh')).slice(0, 10)).toBe('-rwxr-x---')
  })

  it('COPY --link copies into an independent layer', async (ctx) => {
    needsEngine(23, 'COPY --link', ctx.skip)
    const dir = await contextWith({ 'a.txt': 'linked\n' })
    const built = await build(docker, dir, `FROM ${BUSYBOX_IMAGE}\nCOPY --link a.txt /a.txt\n`)
    expect(built.status, built.error).toBe('succeeded')
    expect(await runIn(docker, built.tag, 'cat /a.txt')).toBe('linked\n')
  })

  it('a heredoc RUN runs its script', async (ctx) => {
    needsEngine(23, 'A heredoc (RUN <<EOF)', ctx.skip)
    const dir = await contextWith({})
    const built = await build(docker, dir, `FROM ${BUSYBOX_IMAGE}\nRUN <<EOF\necho from-heredoc > /h\necho second-line >> /h\nEOF\n`)
    expect(built.status, built.error).toBe('succeeded')
    expect(await runIn(docker, built.tag, 'cat /h')).toBe('from-heredoc\nsecond-line\n')
  })
})
