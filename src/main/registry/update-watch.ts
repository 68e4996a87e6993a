// Keeps the "newer image available" results: a check on request, and for a local engine one in the background
// at a modest pace (a first look a while after connecting, then every half hour, one registry request at a time).
import type { ImageUpdate } from '../../shared/ipc/channels/registries'
import type { EngineConnection } from '../docker/engine-connection'
import { engineIsLocal } from '../docker/engine-locality'
import type { DockerCredentials } from './credentials'
import { checkUpdates, updateCandidates } from './updates'

export interface UpdateWatchOptions {
  engine: EngineConnection
  credentials: DockerCredentials
  emit: (updates: ImageUpdate[]) => void
  firstDelayMs?: number
  intervalMs?: number
  /** Between two registry requests of a background check. */
  pauseMs?: number
}

export class UpdateWatch {
  private readonly results = new Map<string, ImageUpdate>()
  private timer: NodeJS.Timeout | null = null
  private running: Promise<ImageUpdate[]> | null = null
  private readonly controller = new AbortController()
  private readonly unsubscribe: () => void

  constructor(private readonly options: UpdateWatchOptions) {
    this.unsubscribe = options.engine.onState((state) => {
      if (state.status === 'connected' && engineIsLocal(state)) this.schedule(options.firstDelayMs ?? 60_000)
      else this.stopTimer()
    })
  }

  /** The last result of every checked tag. */
  list(): ImageUpdate[] {
    return [...this.results.values()]
  }

  /** Checks now (the named tags, or every pulled one), and keeps and sends the results. */
  async check(references?: readonly string[], background = false): Promise<ImageUpdate[]> {
    if (!references && this.running) return this.running
    const work = (async () => {
      const docker = this.options.engine.docker()
      const candidates = await updateCandidates(docker, references)
      const results = await checkUpdates(docker, this.options.credentials, candidates, {
        ...(background ? { pauseMs: this.options.pauseMs ?? 2_000 } : {}),
        signal: this.controller.signal
      })
      if (!references) this.results.clear()
      for (const result of results) this.results.set(result.reference, result)
      if (results.length > 0) this.options.emit(results)
      return results
    })()
    if (!references) this.running = work.finally(() => (this.running = null))
    return work
  }

  dispose(): void {
    this.controller.abort()
    this.stopTimer()
    this.unsubscribe()
  }

  private schedule(delayMs: number): void {
    this.stopTimer()
    this.timer = setTimeout(() => {
      this.check(undefined, true)
        .catch(() => undefined)
        .finally(() => {
          if (!this.controller.signal.aborted) this.schedule(this.options.intervalMs ?? 30 * 60_000)
        })
    }, delayMs)
    this.timer.unref?.()
  }

  private stopTimer(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
  }
}
