import type Dockerode from 'dockerode'
import type { DockerEvent } from '../../shared/docker/events'
import type { EngineConnection } from './engine-connection'
import { JsonLineSplitter, toDockerEvent } from './event-stream'

export type EventListener = (events: DockerEvent[]) => void

/**
 * Follows the connected engine's /events stream and hands events on in small batches, so views stay
 * fresh without polling. When the stream breaks, the engine connection hears of it and reconnects; on
 * every (re)connect a synthetic `engine reconnected` event tells views to reload what they show.
 */
export class EventFollower {
  private abort: AbortController | null = null
  private readonly listeners = new Set<EventListener>()
  private pending: DockerEvent[] = []
  private flushTimer: NodeJS.Timeout | null = null
  private readonly unsubscribeState: () => void

  constructor(
    private readonly engine: EngineConnection,
    private readonly batchMs = 40
  ) {
    this.unsubscribeState = engine.onState((state) => {
      if (state.status === 'connected') this.follow(engine.docker())
      else this.stop()
    })
    if (engine.state.status === 'connected') this.follow(engine.docker())
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  dispose(): void {
    this.unsubscribeState()
    this.stop()
    this.listeners.clear()
  }

  private stop(): void {
    this.abort?.abort()
    this.abort = null
  }

  private queue(event: DockerEvent): void {
    this.pending.push(event)
    this.flushTimer ??= setTimeout(() => {
      this.flushTimer = null
      const batch = this.pending
      this.pending = []
      for (const listener of this.listeners) listener(batch)
    }, this.batchMs)
  }

  private follow(docker: Dockerode): void {
    this.stop()
    const abort = new AbortController()
    this.abort = abort
    this.queue({ type: 'engine', action: 'reconnected', id: '', attributes: {}, time: Date.now() })
    docker.getEvents({ abortSignal: abort.signal }).then(
      (stream) => {
        const splitter = new JsonLineSplitter()
        stream.on('data', (chunk: Buffer) => {
          for (const raw of splitter.push(chunk)) this.queue(toDockerEvent(raw as Parameters<typeof toDockerEvent>[0]))
        })
        const ended = (error?: unknown) => {
          if (abort.signal.aborted) return
          this.engine.reportFailure(error ?? new Error('The engine closed its event stream'))
        }
        stream.on('error', ended)
        stream.on('end', () => ended())
        stream.on('close', () => ended())
      },
      (error: unknown) => {
        if (!abort.signal.aborted) this.engine.reportFailure(error)
      }
    )
  }
}
