// Tells "the engine stopped during the build" from an ordinary failing build.
// A stopping engine first kills the running step's container (exit 137/143) and reports
// that like any failing RUN, while it still answers for a moment: so a failure that looks
// like a kill is followed by a short watch of whether the engine goes away.
import type Dockerode from 'dockerode'

export const ENGINE_STOPPED_MESSAGE =
  'The Docker engine stopped during the build. The build did not finish and no tag was set; your files and images are unchanged. Start the engine again (Slipway reconnects by itself), then build again.'

export interface EngineStopTiming {
  /** How long one ping may take before the engine counts as gone. */
  pingTimeoutMs: number
  /** How long a kill-like failure is watched for the engine going away. */
  watchMs: number
  /** Between pings while watching. */
  intervalMs: number
}

export const defaultEngineStopTiming: EngineStopTiming = { pingTimeoutMs: 1_500, watchMs: 3_000, intervalMs: 250 }

const lostConnectionCodes = new Set(['ECONNRESET', 'EPIPE', 'ECONNREFUSED', 'ENOENT', 'ECONNABORTED', 'ERR_STREAM_PREMATURE_CLOSE'])

/** The build's connection broke (the engine went away or reset it), as opposed to an answer from the engine. */
export function isConnectionLost(error: unknown): boolean {
  if (!error) return false
  const code = (error as NodeJS.ErrnoException).code
  if (typeof code === 'string' && lostConnectionCodes.has(code)) return true
  return /socket hang up|aborted|premature close|other side closed|socket closed|ECONNRESET|EPIPE/i.test(String((error as Error).message ?? error))
}

/** Failures a stopping engine produces: the step's container killed, or the engine's own shutdown errors. */
export function looksLikeShutdown(engineError: string): boolean {
  return /non-zero code: 1(37|43)\b|exit code: 1(37|43)\b|signal: (killed|terminated)|context canceled|shutting down|transport is closing|connection reset|broken pipe|EOF$/i.test(engineError.trim())
}

/** Whether the engine answers a ping within the timeout. */
export async function engineAnswers(docker: Dockerode, timeoutMs: number): Promise<boolean> {
  try {
    await docker.ping({ abortSignal: AbortSignal.timeout(timeoutMs) } as never)
    return true
  } catch {
    return false
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Decides, after a build stream ended in an error or broke, whether the engine stopped during it.
 * `streamError` is what reading the stream threw (if anything); `engineError` the engine's own error message (if any).
 */
export async function engineStoppedDuringBuild(
  docker: Dockerode,
  failure: { streamError?: unknown; engineError?: string; watchEveryFailure?: boolean },
  timing: EngineStopTiming = defaultEngineStopTiming
): Promise<boolean> {
  if (isConnectionLost(failure.streamError)) return true
  if (!(await engineAnswers(docker, timing.pingTimeoutMs))) return true
  // An HTTP answer (e.g. 500 bad parameter) came from a working engine: no need to watch it.
  const answered = typeof (failure.streamError as { statusCode?: unknown } | undefined)?.statusCode === 'number'
  // BuildKit (Docker 20.10) reports a step stopped by the engine's shutdown as an ordinary exit code, so its failures are watched.
  const killLike =
    failure.engineError !== undefined ? failure.watchEveryFailure === true || looksLikeShutdown(failure.engineError) : failure.streamError !== undefined && !answered
  if (!killLike) return false
  const until = Date.now() + timing.watchMs
  while (Date.now() < until) {
    await sleep(timing.intervalMs)
    if (!(await engineAnswers(docker, timing.pingTimeoutMs))) return true
  }
  return false
}
