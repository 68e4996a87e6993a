// One build against one engine: send the context (BuildKit: through a session that
// serves what the engine asks for; classic: the walked context as a tar), follow the
// engine's progress into the step model, and say how it ended.
import { realpath } from 'node:fs/promises'
import type { IncomingMessage } from 'node:http'
import path from 'node:path'
import type Dockerode from 'dockerode'
import { AppError } from '../../../shared/ipc/errors'
import type { BuildRequest, BuildStatus } from '../../../shared/ipc/channels/build'
import { registryKeyOfReference } from '../../../shared/docker/registry-host'
import { engineMessage, isEngineUnreachable } from '../errors'
import { BuildkitStreamParser } from './buildkit-stream'
import { ClassicStreamParser, type EngineMessage } from './classic-stream'
import { checkContextDir, packContext, walkContext } from './context'
import { isInside } from '../../grants'
import { ENGINE_STOPPED_MESSAGE, engineStoppedDuringBuild } from './engine-stopped'
import { readJsonMessages } from './json-stream'
import { prepareBuild, type PreparedBuild } from './request'
import { engineDefaultBuilder } from './builder-choice'
import { readEngineInfo } from '../engine-connection'
import { plainHttpAdvice } from '../../registry/plain-http'
import { startSessionBuild, type SessionBuild } from './session/session-build'
import type { SecretSource } from './session/secrets'
import { DEFAULT_SSH_ID } from './session/ssh-forward'
import { StepTracker } from './steps'

/** What the classic builder is about to upload. */
export interface ContextToSend {
  files: number
  bytes: number
  warnings: string[]
}

export interface BuildObserver {
  /** The steps are planned; the tracker changes as the build goes. */
  onPlan?(tracker: StepTracker): void
  /** Classic builder: the context was measured and is about to be sent. */
  onContext?(context: ContextToSend): void
  /** The engine is building (classic: the upload finished; BuildKit: it accepted the build and asks the session for files). */
  onRunning?(): void
  /** Log lines and step changes (read them from the tracker). */
  onProgress?(lines: string[]): void
}

export interface BuildOutcome {
  status: Extract<BuildStatus, 'succeeded' | 'failed' | 'cancelled'>
  imageId?: string
  error?: string
  tracker: StepTracker
  /** Classic: the tar's files and bytes. BuildKit: what the session sent when the engine asked. */
  contextBytes?: number
  contextFiles?: number
  warnings: string[]
}

/** Adds what to do to the engine's message for the failures newcomers meet most. */
export function explainBuildError(message: string, baseImages: string[]): string {
  const plainHttp = baseImages.map((image) => plainHttpAdvice(image, message)).find((advice) => advice !== null)
  if (plainHttp) return plainHttp
  if (/pull access denied|repository does not exist|manifest unknown|no such host|dial tcp|i\/o timeout|TLS handshake|connection refused|failed to resolve source metadata|failed to do request/i.test(message)) {
    const which = baseImages.length ? baseImages.join(', ') : 'the base image'
    return `The base image ${which} is not on this engine and could not be pulled from its registry (${message.trim()}). Check the image name, build or load that image first (the Images view lists what this engine has), or connect to the network and try again.`
  }
  // Docker: "COPY failed: forbidden path outside the build context: ../x ()"; Podman (buildah): "building at
  // STEP "COPY ../x /app/": checking on sources under …: possible escaping context directory error: …".
  const outside =
    /^(COPY|ADD) failed: forbidden path outside the build context: (\S+)/.exec(message) ??
    /building at STEP "(COPY|ADD)(?: --\S+)* (\S+) [^"]*": .*possible escaping context directory/.exec(message)
  if (outside) {
    return `${outside[1]} ${outside[2]} reads from outside the build context: a build can only use the files inside the context folder. Move the file into the context folder (or pick a context folder that holds it), then build again.`
  }
  return message
}

function dialBuild(docker: Dockerode, query: Record<string, unknown>, body: NodeJS.ReadableStream, signal: AbortSignal, registryConfig?: RegistryConfig): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    docker.modem.dial(
      {
        path: '/build?',
        method: 'POST',
        file: body,
        options: query,
        // docker-modem sends it as the X-Registry-Config header (base64 JSON).
        ...(registryConfig ? { registryconfig: registryConfig } : {}),
        abortSignal: signal,
        isStream: true,
        statusCodes: { 200: true, 400: 'bad parameter', 500: 'server error' }
      } as never,
      (error: unknown, response: unknown) => (error ? reject(error) : resolve(response as IncomingMessage))
    )
  })
}

/** A build the engine accepted: its progress stream, and what to say about the context. */
interface Started {
  response: IncomingMessage
  context: () => Pick<BuildOutcome, 'contextBytes' | 'contextFiles' | 'warnings'>
  /** Throws the error that stopped the upload (a file of the context that could not be read), if any. */
  uploadError: () => unknown
  /** Resolves when the session (BuildKit) is closed. */
  done: Promise<void>
}

type StartResult = { started: Started } | { ended: Omit<BuildOutcome, 'tracker'> }

async function failedToStart(docker: Dockerode, error: unknown, signal: AbortSignal, tracker: StepTracker, prepared: PreparedBuild, base: Omit<BuildOutcome, 'tracker' | 'status'>): Promise<StartResult> {
  if (signal.aborted) return { ended: { status: 'cancelled', ...base } }
  if (isEngineUnreachable(error) || (await engineStoppedDuringBuild(docker, { streamError: error }))) {
    tracker.interrupt(ENGINE_STOPPED_MESSAGE, Date.now())
    return { ended: { status: 'failed', error: ENGINE_STOPPED_MESSAGE, ...base } }
  }
  if (error instanceof AppError) throw error
  return { ended: { status: 'failed', error: explainBuildError(engineMessage(error), prepared.baseImages), ...base } }
}

/** What a cancel could not do on this engine: Podman's API has no way to stop a build (closing the request stops it only after the running step). */
export const PODMAN_CANCEL_NOTE =
  'Podman does not stop a build when asked: the step that was running goes on until it ends (its API has no way to stop it), then Podman drops the build. Nothing was tagged.'

async function cancelNotes(docker: Dockerode): Promise<string[]> {
  const engine = await readEngineInfo(docker, 5_000).catch(() => null)
  return engine?.name === 'Podman Engine' ? [PODMAN_CANCEL_NOTE] : []
}

/** The X-Registry-Config header's content: server address → login. */
type RegistryConfig = Record<string, { username: string; password: string; serveraddress: string }>

/**
 * The logins the classic builder pulls base images with. The docker CLI sends every stored login with a classic
 * build; Slipway sends only those of the registries the stages start from, so no other secret leaves the machine.
 */
async function classicRegistryConfig(prepared: PreparedBuild): Promise<RegistryConfig | undefined> {
  const lookup = prepared.credentials
  if (!lookup) return undefined
  const config: RegistryConfig = {}
  for (const image of prepared.baseImages) {
    const key = registryKeyOfReference(image)
    if (!key || key in config) continue
    const found = await lookup(key)
    if (found) config[key] = { username: found.username, password: found.secret, serveraddress: key }
  }
  return Object.keys(config).length > 0 ? config : undefined
}

/** The classic builder: the walked context as a tar in the request's body, the Dockerfile inside it under a generated name. */
async function startWithTar(docker: Dockerode, prepared: PreparedBuild, tracker: StepTracker, signal: AbortSignal, observer: BuildObserver): Promise<StartResult> {
  const { request } = prepared
  const walked = await walkContext(request.contextDir, { builder: 'classic', contextChecked: true })
  observer.onContext?.({ files: walked.files, bytes: walked.bytes, warnings: walked.warnings })
  const base = { contextBytes: walked.bytes, contextFiles: walked.files, warnings: walked.warnings }
  if (signal.aborted) return { ended: { status: 'cancelled', ...base } }

  const packed = packContext(walked, request.dockerfileText)
  const query: Record<string, unknown> = {
    t: request.tags,
    dockerfile: packed.dockerfileName,
    rm: true,
    forcerm: true,
    nocache: request.noCache,
    pull: request.pull,
    version: '1'
  }
  if (request.buildArgs.length > 0) query.buildargs = Object.fromEntries(request.buildArgs.map((a) => [a.name, a.value]))
  if (request.target) query.target = request.target

  // The upload stops when the person cancels, or when a file of the context cannot be read.
  const upload = new AbortController()
  signal.addEventListener('abort', () => upload.abort(), { once: true })
  let packError: unknown = null
  packed.done.catch((error: unknown) => {
    packError = error
    upload.abort()
  })
  try {
    const response = await dialBuild(docker, query, packed.stream, upload.signal, await classicRegistryConfig(prepared))
    return { started: { response, context: () => base, uploadError: () => packError, done: Promise.resolve() } }
  } catch (error) {
    packed.stream.destroy()
    if (packError) throw packError
    return failedToStart(docker, error, signal, tracker, prepared, base)
  }
}

/** Whether `<Dockerfile>.dockerignore` may be read: the Dockerfile's folder is inside the context (the handler also allows a granted one). */
async function dockerfileDirInsideContext(request: BuildRequest): Promise<boolean> {
  if (!request.dockerfilePath) return false
  const real = (p: string) => realpath(p).catch(() => path.resolve(p))
  return isInside(await real(path.dirname(request.dockerfilePath)), await real(request.contextDir))
}

function sshAgents(request: BuildRequest, env: NodeJS.ProcessEnv): Record<string, string> | undefined {
  if (!request.ssh) return undefined
  const socket = env.SSH_AUTH_SOCK
  if (!socket) {
    throw new AppError('invalid-input', 'Forwarding the ssh agent (--ssh default) needs a running agent, and SSH_AUTH_SOCK is not set for Slipway. Start ssh-agent and add your key (ssh-add) before starting Slipway, or turn ssh forwarding off.')
  }
  return { [DEFAULT_SSH_ID]: socket }
}

/** BuildKit through a session: the engine asks for the context and the Dockerfile; nothing is uploaded up front. */
async function startWithSession(docker: Dockerode, prepared: PreparedBuild, tracker: StepTracker, signal: AbortSignal): Promise<StartResult> {
  const { request } = prepared
  const readable = prepared.dockerfileDirReadable ?? (await dockerfileDirInsideContext(request))
  const secrets: Record<string, SecretSource> = {}
  for (const secret of request.secrets ?? []) secrets[secret.id] = 'file' in secret ? { file: secret.file } : { env: secret.env }
  const ssh = sshAgents(request, process.env)
  const base = { warnings: [] as string[] }
  if (signal.aborted) return { ended: { status: 'cancelled', ...base } }
  let session: SessionBuild
  try {
    session = await startSessionBuild(
      docker,
      {
        contextDir: path.resolve(request.contextDir),
        dockerfileText: request.dockerfileText,
        dockerfileName: request.dockerfilePath ? path.basename(request.dockerfilePath) : 'Dockerfile',
        dockerfileDir: readable && request.dockerfilePath ? path.dirname(request.dockerfilePath) : null,
        tags: request.tags,
        buildArgs: Object.fromEntries(request.buildArgs.map((a) => [a.name, a.value])),
        target: request.target,
        noCache: request.noCache,
        pull: request.pull,
        secrets,
        ...(ssh ? { ssh } : {}),
        ...(prepared.credentials ? { credentials: prepared.credentials } : {})
      },
      signal
    )
  } catch (error) {
    return failedToStart(docker, error, signal, tracker, prepared, base)
  }
  const transfer = session.transfer
  return {
    started: {
      response: session.response,
      context: () => ({ contextBytes: transfer.bytes, contextFiles: transfer.filesSent, warnings: [] }),
      uploadError: () => null,
      done: session.done
    }
  }
}

/**
 * Runs one build. Inputs a person can fix are refused before anything is sent (AppError);
 * after that the outcome says how it ended, and nothing of the person's is changed.
 */
export async function runBuild(docker: Dockerode, build: PreparedBuild | BuildRequest, signal: AbortSignal, observer: BuildObserver = {}): Promise<BuildOutcome> {
  // A bare request without a builder (tests, the bench) builds with the engine's default, as the app does.
  const prepared = 'plan' in build ? build : prepareBuild(build, build.builder ?? (await engineDefaultBuilder(docker)))
  const tracker = new StepTracker(prepared.plan)
  observer.onPlan?.(tracker)
  if (!prepared.contextChecked) await checkContextDir(path.resolve(prepared.request.contextDir))
  const start = prepared.builder === 'buildkit' ? await startWithSession(docker, prepared, tracker, signal) : await startWithTar(docker, prepared, tracker, signal, observer)
  if ('ended' in start) return { ...start.ended, tracker }
  const { response, context, uploadError, done } = start.started
  observer.onRunning?.()

  const parser = prepared.builder === 'buildkit' ? new BuildkitStreamParser(tracker) : new ClassicStreamParser(tracker)
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
  } else {
    // BuildKit also reports the manifest and config it fetches by digest: downloaded, never extracted, they are not layers.
    for (const [id, layer] of tracker.layers) if (layer.status === 'Download complete') tracker.layers.delete(id)
  }
  // The session's last transfers are counted once it has closed (it closes when the response ends).
  await Promise.race([done, new Promise((resolve) => setTimeout(resolve, 2_000).unref())])
  const outcomeBase = { tracker, ...context() }
  const at = Date.now()
  if (signal.aborted) {
    tracker.settle('cancelled', at)
    return { status: 'cancelled', ...outcomeBase, warnings: [...outcomeBase.warnings, ...(await cancelNotes(docker))] }
  }
  if (uploadError()) throw uploadError()
  if (tracker.error || streamError || !tracker.imageId) {
    const stopped = await engineStoppedDuringBuild(docker, {
      streamError: streamError ?? undefined,
      ...(tracker.error !== undefined ? { engineError: tracker.error } : {}),
      watchEveryFailure: prepared.builder === 'buildkit'
    })
    if (stopped) {
      // The engine's last words (often the step's container killed: exit 137) stay in the log, not in the verdict.
      observer.onProgress?.([`The Docker engine stopped during the build${tracker.error ? ` (its last message: ${tracker.error.trim()})` : ''}.`])
      tracker.interrupt(ENGINE_STOPPED_MESSAGE, Date.now())
      return { status: 'failed', error: ENGINE_STOPPED_MESSAGE, ...outcomeBase }
    }
    const error = tracker.error
      ? explainBuildError(tracker.error, prepared.baseImages)
      : streamError
        ? engineMessage(streamError)
        : 'The engine ended the build without saying why, and no image was made. Look at the log for the last thing it did, then build again.'
    const failedStep = tracker.steps.find((s) => s.state === 'failed')
    if (failedStep) failedStep.error = error
    tracker.settle('failed', at, error)
    return { status: 'failed', error, ...outcomeBase }
  }
  tracker.settle('succeeded', at)
  return { status: 'succeeded', imageId: tracker.imageId, ...outcomeBase }
}
