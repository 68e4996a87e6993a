import { describe, expect, it } from 'vitest'
import protobuf from 'protobufjs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { ClassicStreamParser } from '../../src/main/docker/build/classic-stream'
import { BuildkitStreamParser, decodeStatusResponse } from '../../src/main/docker/build/buildkit-stream'
import { planSteps, StepTracker } from '../../src/main/docker/build/steps'
import { cutLog } from '../../src/main/docker/build/build-history'

const dockerfile = ['ARG V=1', 'FROM busybox AS base', '# comment', 'RUN apt-get update \\', '    -y', 'COPY . /app', 'FROM base', 'CMD ["sh"]', ''].join('\n')

describe('planSteps', () => {
  it('counts ARGs before the first FROM, each FROM and each instruction, in file order', () => {
    const plan = planSteps(dockerfile)
    expect(plan.steps.map((s) => [s.index, s.line, s.instruction, s.stageIndex, s.indexInStage])).toEqual([
      [1, 1, 'ARG V=1', -1, 0],
      [2, 2, 'FROM busybox AS base', 0, 1],
      [3, 4, 'RUN apt-get update -y', 0, 2],
      [4, 6, 'COPY . /app', 0, 3],
      [5, 7, 'FROM base', 1, 1],
      [6, 8, 'CMD ["sh"]', 1, 2]
    ])
    expect(plan.stageNames).toEqual(['base', undefined])
  })

  it('stops at the end of the target stage', () => {
    expect(planSteps(dockerfile, 'BASE').steps.map((s) => s.index)).toEqual([1, 2, 3, 4])
  })
})

function classic(text = dockerfile, clock = { t: 1000 }) {
  const tracker = new StepTracker(planSteps(text))
  return { tracker, parser: new ClassicStreamParser(tracker, () => clock.t), clock }
}

describe('ClassicStreamParser', () => {
  it('moves steps through running, cached and done with durations, and takes the image ID from aux', () => {
    const { tracker, parser, clock } = classic()
    const log: string[] = []
    const feed = (m: object) => log.push(...parser.handle(m))
    feed({ stream: 'Step 1/6 : ARG V=1\n' })
    clock.t = 1010
    feed({ stream: 'Step 2/6 : FROM busybox AS base\n' })
    feed({ stream: ' ---> abc\n' })
    clock.t = 1100
    feed({ stream: 'Step 3/6 : RUN apt-get update -y\n' })
    expect(tracker.step(3)!.state).toBe('running')
    feed({ stream: ' ---> Running in 123\n' })
    feed({ stream: 'Get:1 http://deb' })
    feed({ stream: 'ian bookworm\n' })
    clock.t = 1600
    feed({ stream: 'Step 4/6 : COPY . /app\n' })
    feed({ stream: ' ---> Using cache\n' })
    clock.t = 1700
    feed({ stream: 'Step 5/6 : FROM base\n' })
    feed({ stream: 'Step 6/6 : CMD ["sh"]\n' })
    clock.t = 1800
    feed({ aux: { ID: 'sha256:feed' } })
    feed({ stream: 'Successfully built feed\n' })
    tracker.settle('succeeded', 1800)
    expect(tracker.snapshotSteps().map((s) => [s.state, s.durationMs])).toEqual([
      ['done', 10],
      ['done', 90],
      ['done', 500],
      ['cached', 0],
      ['done', 0],
      ['done', 100]
    ])
    expect(tracker.imageId).toBe('sha256:feed')
    expect(log).toContain('Get:1 http://debian bookworm')
  })

  it('marks the running step failed with the engine message and its last output lines', () => {
    const { tracker, parser } = classic()
    parser.handle({ stream: 'Step 2/6 : FROM busybox AS base\n' })
    parser.handle({ stream: 'Step 3/6 : RUN apt-get update -y\n' })
    parser.handle({ stream: 'E: Unable to locate package\n' })
    const lines = parser.handle({ errorDetail: { message: "The command '/bin/sh -c apt-get update -y' returned a non-zero code: 100", code: 100 }, error: 'x' })
    expect(lines).toContain("The command '/bin/sh -c apt-get update -y' returned a non-zero code: 100")
    const failed = tracker.step(3)!
    expect(failed.state).toBe('failed')
    expect(failed.error).toContain('returned a non-zero code: 100')
    expect(failed.lastLines).toEqual(['E: Unable to locate package'])
    expect(tracker.step(2)!.state).toBe('done')
  })

  it('keeps pull progress per layer and logs only its state changes', () => {
    const { tracker, parser } = classic()
    expect(parser.handle({ status: 'Pulling fs layer', id: 'l1' })).toEqual(['l1: Pulling fs layer'])
    expect(parser.handle({ status: 'Downloading', id: 'l1', progressDetail: { current: 50, total: 100 } })).toEqual([])
    expect(tracker.layers.get('l1')).toEqual({ id: 'l1', status: 'Downloading', current: 50, total: 100 })
  })
})

function encode(status: object): string {
  const require = createRequire(import.meta.url)
  const proto = path.join(path.dirname(require.resolve('dockerode/package.json')), 'lib/proto/buildkit_status.proto')
  const type = protobuf.loadSync(proto).lookupType('moby.buildkit.v1.StatusResponse')
  return Buffer.from(type.encode(type.fromObject(status)).finish()).toString('base64')
}

describe('BuildkitStreamParser', () => {
  it('decodes a real trace message from the engine', () => {
    const real = 'Cm8KR3NoYTI1NjpiNTA2NjM4ZTExNDBkZjM1MjAzYWYzMTI3ZGQyNzY5ZmVlMTc3NGQ5NDkzYmJhOTJkYzk2ZmIzZjQxN2U2MDEwGiRbaW50ZXJuYWxdIGxvYWQgcmVtb3RlIGJ1aWxkIGNvbnRleHQ='
    expect(decodeStatusResponse(real).vertexes![0]!.name).toBe('[internal] load remote build context')
  })

  it('maps [stage i/n] vertices to steps, with cached, logs and errors', () => {
    const tracker = new StepTracker(planSteps(dockerfile))
    const parser = new BuildkitStreamParser(tracker)
    const ts = (s: number) => ({ seconds: s, nanos: 0 })
    const log: string[] = []
    const feed = (status: object) => log.push(...parser.handle({ id: 'moby.buildkit.trace', aux: encode(status) }))
    feed({ vertexes: [{ digest: 'd1', name: '[base 1/3] FROM docker.io/library/busybox', started: ts(10), completed: ts(10), cached: true }] })
    feed({ vertexes: [{ digest: 'd2', name: '[base 2/3] RUN apt-get update -y', started: ts(11) }] })
    expect(tracker.step(3)!.state).toBe('running')
    feed({ logs: [{ vertex: 'd2', msg: Buffer.from('Reading lists\nE: broken\n') }] })
    feed({ vertexes: [{ digest: 'd2', name: '[base 2/3] RUN apt-get update -y', started: ts(11), completed: ts(13), error: 'exit code: 100' }] })
    expect(tracker.step(2)!.state).toBe('cached')
    expect(tracker.step(3)).toMatchObject({ state: 'failed', durationMs: 2000, error: 'exit code: 100', lastLines: ['Reading lists', 'E: broken'] })
    expect(log).toContain('[base 2/3] E: broken')
    expect(log).toContain('ERROR: exit code: 100')
  })

  it('maps stage-N prefixes and takes the image ID', () => {
    const text = 'FROM a\nRUN one\nFROM b\nRUN two\n'
    const tracker = new StepTracker(planSteps(text))
    const parser = new BuildkitStreamParser(tracker)
    parser.handle({ id: 'moby.buildkit.trace', aux: encode({ vertexes: [{ digest: 'x', name: '[stage-1 2/2] RUN two', started: { seconds: 1 }, completed: { seconds: 2 } }] }) })
    parser.handle({ id: 'moby.image.id', aux: { ID: 'sha256:abc' } })
    expect(tracker.step(4)!.state).toBe('done')
    expect(tracker.imageId).toBe('sha256:abc')
    tracker.settle('succeeded', 3000)
    expect(tracker.snapshotSteps().map((s) => s.state)).toEqual(['skipped', 'skipped', 'done', 'done'])
  })
})

describe('cutLog', () => {
  it('keeps the last lines that fit', () => {
    expect(cutLog(['aaaa', 'bbbb', 'cccc'], 10)).toEqual({ lines: ['bbbb', 'cccc'], truncated: true })
    expect(cutLog(['a'], 10)).toEqual({ lines: ['a'], truncated: false })
  })
})

describe('a failing RUN in the same words for both builders', () => {
  it("says BuildKit's executor failure as the classic builder does", async () => {
    const { inClassicWords } = await import('../../src/main/docker/build/buildkit-stream')
    expect(inClassicWords('executor failed running [/bin/sh -c echo "about to fail" && exit 100]: exit code: 100')).toBe(`The command '/bin/sh -c echo "about to fail" && exit 100' returned a non-zero code: 100`)
    expect(inClassicWords('executor failed running [/bin/sh -c a]: exit code: 1 executor failed running [/bin/sh -c a]: exit code: 1')).toBe(`The command '/bin/sh -c a' returned a non-zero code: 1`)
    expect(inClassicWords('failed to solve: process "/bin/sh -c exit 3" did not complete successfully: exit code: 3')).toBe(`The command '/bin/sh -c exit 3' returned a non-zero code: 3`)
    expect(inClassicWords('failed to compute cache key: "/nothere" not found')).toBe('failed to compute cache key: "/nothere" not found')
  })
})
