// One build against one engine: check the inputs, walk and stream the context,
// follow the engine's progress into the step model, and say how it ended.
import type { IncomingMessage } from 'node:http'
import type Dockerode from 'dockerode'
import { parseDockerfile } from '../../../shared/dockerfile'
import { checkBuildTag } from '../../../shared/docker/build-tag'
import { AppError } from '../../../shared/ipc/errors'
import type { BuildRequest, BuildStatus } from '../../../shared/ipc/channels/build'
import { engineMessage, isEngineUnreachable } from '../errors'
import { BuildkitStreamParser } from './buildkit-stream'
import { ClassicStreamParser, type EngineMessage } from './classic-stream'
import { packContext, walkContext, type WalkedContext } from './context'
import { ENGINE_STOPPED_MESSAGE, engineStoppedDuringBuild } from './engine-stopped'
import { readJsonMessages } from './json-stream'
import { planSteps, StepTracker } from './steps'

export interface BuildObserver {
  /** The steps are planned; the tracker changes as the build goes. */
  onPlan?(tracker: StepTracker): void
  /** The context was measured and is about to be sent. */
  onContext?(walked: WalkedContext): void
  /** The upload finished and the engine is building. */
  onRunning?(): void
  /** Log lines and step changes (read them from the tracker). */
  onProgress?(lines: string[]): void
}

export interface BuildOutcome {
  status: Extract<BuildStatus, 'succeeded' | 'failed' | 'cancelled'>
  imageId?: string
  error?: string
  tracker: StepTracker
  contextBytes?: number
  contextFiles?: number
  warnings: string[]
}

/** Refuses what the engine would refuse, with a message that says what to change. */
export function checkBuildRequest(request: BuildRequest): void {
  if (request.tags.length === 0) throw new AppError('invalid-input', 'Give the image a tag, such as myname/myfirstapp:1.0, so you can find and run it afterwards.')
  for (const tag of request.tags) {
    const check = checkBuildTag(tag)
    if (!check.ok) throw new AppError('invalid-input', check.message)
  }
  const doc = parseDockerfile(request.dockerfileText)
  let sawFrom = false
  for (const block of doc.blocks) {
    if (block.kind === 'raw') {
      const keyword = block.keyword ?? block.instructionText.split(/\s/)[0] ?? ''
      const known = ['FROM', 'RUN', 'CMD', 'LABEL', 'MAINTAINER', 'EXPOSE', 'ENV', 'ADD', 'COPY', 'ENTRYPOINT', 'VOLUME', 'USER', 'WORKDIR', 'ARG', 'ONBUILD', 'STOPSIGNAL', 'HEALTHCHECK', 'SHELL']
      if (!known.includes(keyword.toUpperCase())) {
        throw new AppError('invalid-input', `Line ${block.instructionLine}: "${keyword}" is not a Dockerfile instruction. Fix the spelling (e.g. RUN, COPY, FROM) or remove the line.`)
      }
    }
    if ((block.kind === 'instruction' || block.kind === 'raw') && block.keyword === 'FROM') sawFrom = true
    if ((block.kind === 'instruction' || block.kind === 'raw') && !sawFrom && block.keyword !== 'ARG') {
      throw new AppError('invalid-input', `Line ${block.instructionLine}: a Dockerfile must start with FROM (only ARG may come before it). Add a FROM line with the base image first.`)
    }
  }
  if (!sawFrom) throw new AppError('invalid-input', 'The Dockerfile has no FROM instruction. Start it with the base image, e.g. FROM python:3.12-slim.')
  if (request.target) {
    const names = planSteps(request.dockerfileText).stageNames
    if (!names.includes(request.target.toLowerCase())) {
      throw new AppError('invalid-input', `There is no stage named "${request.target}" in this Dockerfile. Name a stage with FROM … AS ${request.target}, or pick one of the stages listed.`)
    }
  }
}

/** Adds what to do to the engine's message for the failures newcomers meet most. */
export function explainBuildError(message: string, baseImages: string[]): string {
  if (/pull access denied|repository does not exist|manifest unknown|no such host|dial tcp|i\/o timeout|TLS handshake|connection refused|failed to resolve source metadata|failed to do request/i.test(message)) {
    const which = baseImages.length ? baseImages.join(', ') : 'the base image'
    return `The base image ${which} is not on this engine and could not be pulled from its registry (${message.trim()}). Check the image name, build or load that image first (the Images view lists what this engine has), or connect to the network and try again.`
  }
  return message
}

function dialBuild(docker: Dockerode, query: Record<string, unknown>, body: NodeJS.ReadableStream, signal: AbortSignal): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    docker.modem.dial(
      {
        path: '/build?',
        method: 'POST',
        file: body,
        options: query,
        abortSignal: signal,
        isStream: true,
        statusCodes: { 200: true, 400: 'bad parameter', 500: 'server error' }
      } as never,
      (error: unknown, response: unknown) => (error ? reject(error) : resolve(response as IncomingMessage))
    )
  })
}

/**
 * Runs one build. Inputs a person can fix are refused before anything is sent (AppError);
 * after that the outcome says how it ended, and nothing of the person's is changed.
 */
export async function runBuild(docker: Dockerode, request: BuildRequest, signal: AbortSignal, observer: BuildObserver = {}): Promise<BuildOutcome> {
  checkBuildRequest(request)
  const plan = planSteps(request.dockerfileText, request.target)
  const tracker = new StepTracker(plan)
  observer.onPlan?.(tracker)
  const baseImages = planSteps(request.dockerfileText).steps.filter((s) => s.instruction.toUpperCase().startsWith('FROM ')).map((s) => s.instruction.split(/\s+/).find((w, i) => i > 0 && !w.startsWith('--')) ?? '')
  const walked = await walkContext(request.contextDir)
  observer.onContext?.(walked)
  const outcomeBase = { tracker, contextBytes: walked.bytes, contextFiles: walked.files, warnings: walked.warnings }
  if (signal.aborted) return { status: 'cancelled', ...outcomeBase }

  const packed = packContext(walked, request.dockerfileText)
  const query: Record<string, unknown> = {
    t: request.tags,
    dockerfile: packed.dockerfileName,
    rm: true,
    forcerm: true,
    nocache: request.noCache,
    pull: request.pull,
    version: request.builder === 'buildkit' ? '2' : '1'
  }
  if (request.buildArgs.length > 0) query.buildargs = Object.fromEntries(request.buildArgs.map((a) => [a.name, a.value]))
  if (request.target) query.target = request.target

  const parser = request.builder === 'buildkit' ? new BuildkitStreamParser(tracker) : new ClassicStreamParser(tracker)
  // The upload stops when the person cancels, or when a file of the context cannot be read.
  const upload = new AbortController()
  signal.addEventListener('abort', () => upload.abort(), { once: true })
  let packError: unknown = null
  packed.done.catch((error: unknown) => {
    packError = error
    upload.abort()
  })

  let response: IncomingMessage
  try {
    response = await dialBuild(docker, query, packed.stream, upload.signal)
  } catch (error) {
    packed.stream.destroy()
    if (packError) throw packError
    if (signal.aborted) return { status: 'cancelled', ...outcomeBase }
    if (isEngineUnreachable(error) || (await engineStoppedDuringBuild(docker, { streamError: error }))) {
      tracker.interrupt(ENGINE_STOPPED_MESSAGE, Date.now())
      return { status: 'failed', error: ENGINE_STOPPED_MESSAGE, ...outcomeBase }
    }
    return { status: 'failed', error: explainBuildError(engineMessage(error), baseImages), ...outcomeBase }
  }
  observer.onRunning?.()

  let streamError: unknown = null
  try {
    for await (const message of readJsonMessages<EngineMessage>(response)) {
      const lines = parser.handle(message)
      if (lines.length > 0 || message.status !== undefined || message.aux !== undefined) observer.onProgress?.(lines)
    }
  } catch (error) {
    streamError = error
  }
  if (parser instanceof ClassicStreamParser) {
    const rest = parser.flush()
    if (rest.length) observer.onProgress?.(rest)
  }
  const at = Date.now()
  if (signal.aborted) {
    tracker.settle('cancelled', at)
    return { status: 'cancelled', ...outcomeBase }
  }
  if (packError) throw packError
  if (tracker.error || streamError || !tracker.imageId) {
    const stopped = await engineStoppedDuringBuild(docker, { streamError: streamError ?? undefined, ...(tracker.error !== undefined ? { engineError: tracker.error } : {}) })
    if (stopped) {
      // The engine's last words (often the step's container killed: exit 137) stay in the log, not in the verdict.
      observer.onProgress?.([`The Docker engine stopped during the build${tracker.error ? ` (its last message: ${tracker.error.trim()})` : ''}.`])
      tracker.interrupt(ENGINE_STOPPED_MESSAGE, Date.now())
      return { status: 'failed', error: ENGINE_STOPPED_MESSAGE, ...outcomeBase }
    }
    const error = tracker.error ? explainBuildError(tracker.error, baseImages) : streamError ? engineMessage(streamError) : 'The engine ended the build without saying why, and no image was made. Look at the log for the last thing it did, then build again.'
    const failedStep = tracker.steps.find((s) => s.state === 'failed')
    if (failedStep) failedStep.error = error
    tracker.settle('failed', at, error)
    return { status: 'failed', error, ...outcomeBase }
  }
  tracker.settle('succeeded', at)
  return { status: 'succeeded', imageId: tracker.imageId, ...outcomeBase }
}
