// A BuildKit build through a session, as `docker build` does it: the session
// serves the context and the Dockerfile (FileSync), credentials, secrets and the
// ssh agent; `POST /build?version=2&remote=client-session&session=…` carries no
// body; cancelling posts `/build/cancel`; the session closes when the build's
// response ends. The response is the engine's JSON progress (BuildkitStreamParser reads it).
import type { IncomingMessage } from 'node:http'
import path from 'node:path'
import { randomBytes } from 'node:crypto'
import type Dockerode from 'dockerode'
import { readIgnoreFile } from '../context/ignore-file'
import { authService, type CredentialsLookup } from './auth'
import { fileSyncService, newTransferCounter, type TransferCounter } from './file-sync'
import type { SessionService } from './proto'
import { secretsService, type SecretSource } from './secrets'
import { openSession, sharedKeyFor } from './session'
import { sshForwardService } from './ssh-forward'
import { diskDir, memoryDir, type MemoryFile } from './synced-dir'

/** The CLI's `remote` for a context served by the session (moby's builder-next knows it by this name). */
export const CLIENT_SESSION_REMOTE = 'client-session'

export interface SessionBuildOptions {
  contextDir: string
  /** The Dockerfile as the editor has it, saved or not. It is served apart from the context, never inside it. */
  dockerfileText: string
  /** The name BuildKit asks for: the saved file's name, or `Dockerfile`. */
  dockerfileName: string
  /**
   * The saved Dockerfile's folder, where `<name>.dockerignore` may be; null for an unsaved one, and
   * for a folder Slipway may not read (outside the context and not picked by the person).
   */
  dockerfileDir: string | null
  tags: string[]
  buildArgs?: Record<string, string>
  target?: string | null
  noCache?: boolean
  pull?: boolean
  /** id → file or environment variable, as `--secret id=…,src=…|env=…`. */
  secrets?: Record<string, SecretSource>
  /** id → agent socket, as `--ssh default=$SSH_AUTH_SOCK`. */
  ssh?: Record<string, string>
  /** Registry credentials for pulls; anonymous when absent. */
  credentials?: CredentialsLookup
  /** Defaults to sharedKeyFor(contextDir). */
  sharedKey?: string
}

export interface SessionBuild {
  /** The engine's progress stream (JSON messages, BuildKit's as `moby.buildkit.trace` aux). */
  response: IncomingMessage
  sessionId: string
  buildId: string
  /** What the session sent, growing while the build runs. */
  transfer: TransferCounter
  /** Resolves when the response has ended and the session is closed. */
  done: Promise<void>
}

async function dockerfileFiles(options: SessionBuildOptions): Promise<MemoryFile[]> {
  const files: MemoryFile[] = [{ name: options.dockerfileName, data: Buffer.from(options.dockerfileText) }]
  if (options.dockerfileDir) {
    const ignoreName = `${options.dockerfileName}.dockerignore`
    // Read as the listing reads it: never through a link leading out of the context or the Dockerfile's folder.
    const ignore = await readIgnoreFile(path.join(options.dockerfileDir, ignoreName), [options.contextDir, options.dockerfileDir]).catch(() => null)
    if (ignore?.kind === 'read') files.push({ name: ignoreName, data: Buffer.from(ignore.text) })
  }
  return files
}

function postBuild(docker: Dockerode, query: Record<string, unknown>): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    docker.modem.dial(
      {
        path: '/build?',
        method: 'POST',
        options: query,
        // No context in the body: BuildKit asks the session for it.
        file: Buffer.alloc(0),
        headers: { 'Content-Type': 'application/x-tar' },
        isStream: true,
        statusCodes: { 200: true, 400: 'bad parameter', 500: 'server error' }
      } as never,
      (error: unknown, response: unknown) => (error ? reject(error) : resolve(response as IncomingMessage))
    )
  })
}

/** Asks the engine to stop a running BuildKit build (`docker build` does this on Ctrl-C). */
export function cancelBuild(docker: Dockerode, buildId: string): Promise<void> {
  return new Promise((resolve, reject) => {
    docker.modem.dial(
      { path: '/build/cancel?', method: 'POST', options: { id: buildId }, statusCodes: { 200: true, 204: true, 404: 'no such build', 500: 'server error' } } as never,
      (error: unknown) => (error ? reject(error) : resolve())
    )
  })
}

/**
 * Opens a session and starts the build. Resolves with the progress stream once the
 * engine accepted the build; aborting `signal` cancels the build on the engine.
 */
export async function startSessionBuild(docker: Dockerode, options: SessionBuildOptions, signal?: AbortSignal): Promise<SessionBuild> {
  const transfer = newTransferCounter()
  const services: SessionService[] = [
    fileSyncService({ context: diskDir(options.contextDir, { resetOwner: true }), dockerfile: memoryDir(await dockerfileFiles(options)) }, transfer),
    authService(options.credentials),
    secretsService(options.secrets ?? {})
  ]
  if (options.ssh && Object.keys(options.ssh).length > 0) services.push(sshForwardService(options.ssh))
  const session = await openSession(docker, {
    name: path.basename(options.contextDir),
    sharedKey: options.sharedKey ?? sharedKeyFor(options.contextDir),
    services
  })

  const buildId = randomBytes(16).toString('hex')
  const query: Record<string, unknown> = {
    version: '2',
    session: session.id,
    buildid: buildId,
    remote: CLIENT_SESSION_REMOTE,
    dockerfile: options.dockerfileName,
    t: options.tags,
    nocache: options.noCache ?? false,
    pull: options.pull ?? false
  }
  if (options.buildArgs && Object.keys(options.buildArgs).length > 0) query.buildargs = options.buildArgs
  if (options.target) query.target = options.target

  let response: IncomingMessage
  try {
    if (signal?.aborted) throw signal.reason ?? new Error('The build was cancelled.')
    response = await postBuild(docker, query)
  } catch (error) {
    session.close()
    throw error
  }

  const cancel = (): void => {
    // The engine ends the response when the build has stopped; a cancel it could not take leaves nothing to stop.
    cancelBuild(docker, buildId).catch(() => undefined)
  }
  if (signal?.aborted) cancel()
  else signal?.addEventListener('abort', cancel, { once: true })

  const done = new Promise<void>((resolve) => {
    const finish = (): void => {
      signal?.removeEventListener('abort', cancel)
      session.close()
      void session.closed.then(resolve)
    }
    response.once('end', finish)
    response.once('close', finish)
    response.once('error', finish)
  })
  return { response, sessionId: session.id, buildId, transfer, done }
}
