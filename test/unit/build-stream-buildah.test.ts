// Podman's builder (Buildah) through the classic build API: its `STEP` lines, counted within a stage,
// read into the same step model as Docker's classic builder (output recorded from Podman 5.4.2).
import { describe, expect, it } from 'vitest'
import { ClassicStreamParser } from '../../src/main/docker/build/classic-stream'
import { planSteps, StepTracker } from '../../src/main/docker/build/steps'

function parse(dockerfile: string, lines: string[], error?: string) {
  const tracker = new StepTracker(planSteps(dockerfile))
  const parser = new ClassicStreamParser(tracker, () => 0)
  for (const line of lines) parser.handle({ stream: `${line}\n` })
  if (error) parser.handle({ errorDetail: { message: error }, error })
  parser.flush()
  return tracker
}

describe('ClassicStreamParser on Buildah output', () => {
  it('maps STEP lines to steps, marks "Using cache", keeps --> and COMMIT lines out of a step\'s output', () => {
    const tracker = parse('FROM busybox\nRUN echo hi\nCMD ["sh"]\n', [
      'STEP 1/3: FROM busybox',
      'STEP 2/3: RUN echo hi',
      '--> Using cache 3a4eb436bda743c3686f7ed2e4a6dffc5f4a343c41e211a824c8751476184679',
      '--> 3a4eb436bda7',
      'STEP 3/3: CMD ["sh"]',
      'COMMIT docker.io/library/app',
      '--> 1409db64458d',
      'Successfully tagged docker.io/library/app:latest',
      '1409db64458d1880ef5975d10ab55490b5cdc0bfd8b645e753d4bfdead238904',
      'Successfully built 1409db64458d'
    ])
    expect(tracker.steps.map((s) => s.state)).toEqual(['done', 'cached', 'done'])
    expect(tracker.imageId).toBe('1409db64458d')
  })

  it('counts steps within their stage ([stage/stages] STEP n/m) and pins a failing RUN to its line with its last output', () => {
    const dockerfile = 'FROM busybox AS build\nRUN echo one\nFROM busybox\nCOPY --from=build /x /x\nRUN echo two && false\n'
    const tracker = parse(
      dockerfile,
      ['[1/2] STEP 1/2: FROM busybox AS build', '[1/2] STEP 2/2: RUN echo one', 'one', '--> 5d3c1a2b3c4d', '[2/2] STEP 1/3: FROM busybox', '[2/2] STEP 2/3: COPY --from=build /x /x', '[2/2] STEP 3/3: RUN echo two && false', 'two'],
      'building at STEP "RUN echo two && false": while running runtime: exit status 1'
    )
    expect(tracker.steps.map((s) => s.state)).toEqual(['done', 'done', 'done', 'done', 'failed'])
    const failed = tracker.steps[4]!
    expect(failed.line).toBe(5)
    expect(failed.lastLines).toEqual(['two'])
    expect(failed.error).toBe("The command 'echo two && false' returned a non-zero code: 1")
  })

  it('lists the layers of a base image it pulls (no byte counts: Buildah prints none), complete once the config is copied', () => {
    const blob = (hex: string) => `sha256:${hex.repeat(64 / hex.length)}`
    const tracker = new StepTracker(planSteps('FROM reg/app:1\nRUN true\n'))
    const parser = new ClassicStreamParser(tracker, () => 0)
    const seen: string[] = []
    for (const line of ['STEP 1/2: FROM reg/app:1', 'Trying to pull reg/app:1...', 'Getting image source signatures', `Copying blob ${blob('ab')}`, `Copying blob ${blob('cd')}`]) {
      parser.handle({ stream: `${line}\n` })
      seen.push([...tracker.layers.values()].map((l) => `${l.id}=${l.status}`).join(' '))
    }
    parser.handle({ stream: `Copying config ${blob('ef')}\nWriting manifest to image destination\n` })
    expect(seen.slice(3)).toEqual(['abababababab=Copying', 'abababababab=Copying cdcdcdcdcdcd=Copying'])
    expect([...tracker.layers.values()].map((l) => `${l.id}=${l.status}`)).toEqual(['abababababab=Pull complete', 'cdcdcdcdcdcd=Pull complete'])
    expect(tracker.step(1)!.lastLines ?? []).toEqual([])
  })
})
