// Which container stops Slipway itself asked for, so their exits are not reported as crashes.
// Docker's die event looks the same for a crash and for `docker stop`; only the one who asked knows.
import type Dockerode from 'dockerode'
import type { ExitCause, StopReason } from '../../../shared/ipc/channels/containers'

/** Docker's wait between SIGTERM and SIGKILL that Slipway asks for (`docker stop -t 10`). */
export const STOP_TIMEOUT_SECONDS = 10

/** How long after a requested stop ended its die event still counts as asked for (events can lag on a loaded engine). */
const SETTLED_GRACE_MS = 30_000
const MAX_REMEMBERED = 500

interface StopRequest {
  reason: StopReason
  /** Epoch ms when the stop returned; null while it runs. */
  settledAt: number | null
  /** Docker sent SIGKILL after the timeout because the process ignored SIGTERM. */
  killedAfterTimeout: boolean
}

const requests = new Map<string, StopRequest>()

const SHORT_ID = 12

function find(id: string): [string, StopRequest] | undefined {
  const exact = requests.get(id)
  if (exact) return [id, exact]
  // A short ID (docker ps shows 12 hex digits) names the same container; anything shorter names none.
  if (id.length < SHORT_ID) return undefined
  for (const entry of requests) if (entry[0].length >= SHORT_ID && (entry[0].startsWith(id) || id.startsWith(entry[0]))) return entry
  return undefined
}

/** Runs `work` (which stops or removes container `id`) with its exit marked as asked for, for `reason`. */
export async function whileStopping<T>(id: string, reason: StopReason, work: () => Promise<T>): Promise<T> {
  const request: StopRequest = { reason, settledAt: null, killedAfterTimeout: false }
  requests.delete(id)
  requests.set(id, request)
  if (requests.size > MAX_REMEMBERED) requests.delete(requests.keys().next().value!)
  try {
    return await work()
  } finally {
    request.settledAt = Date.now()
  }
}

/** After a requested stop: records whether Docker had to kill the process (exit 137 without running out of memory). */
export async function noteHowItStopped(docker: Dockerode, id: string): Promise<void> {
  const state = (await docker.getContainer(id).inspect().catch(() => undefined))?.State
  const entry = find(id)
  if (state && entry) entry[1].killedAfterTimeout = !state.Running && state.ExitCode === 137 && !state.OOMKilled
}

/** A start forgets the last requested stop: the next exit is the app's own again. */
export function forgetStopRequest(id: string): void {
  const entry = find(id)
  if (entry) requests.delete(entry[0])
}

/** Whether the container's latest exit was asked for by Slipway (while stopping, or just after). */
export function exitCauseOf(id: string, now = Date.now()): ExitCause {
  const request = find(id)?.[1]
  if (!request || (request.settledAt !== null && now - request.settledAt > SETTLED_GRACE_MS)) return { requested: false }
  return { requested: true, reason: request.reason, killedAfterTimeout: request.killedAfterTimeout }
}

/** For the list: a container stopped by Slipway's Stop, and how (null when it stopped some other way). */
export function stoppedOnRequest(id: string): { killedAfterTimeout: boolean } | null {
  const request = find(id)?.[1]
  return request?.reason === 'stop' ? { killedAfterTimeout: request.killedAfterTimeout } : null
}
