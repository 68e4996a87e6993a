// Reads the classic builder's JSON messages (`stream`, `status`/`progressDetail`/`id`,
// `aux`, `errorDetail`) into the step model and log lines.
import { LineSplitter } from '../line-splitter'
import type { StepTracker } from './steps'

export interface EngineMessage {
  stream?: string
  status?: string
  id?: string
  progress?: string
  progressDetail?: { current?: number; total?: number }
  aux?: unknown
  error?: string
  errorDetail?: { message?: string; code?: number }
}

const STEP = /^Step (\d+)\/(\d+) : (.*)$/

/** Turns classic-builder messages into step changes and complete log lines. */
export class ClassicStreamParser {
  private current = 0
  private readonly lines = new LineSplitter()

  constructor(
    private readonly tracker: StepTracker,
    private readonly now: () => number = Date.now
  ) {}

  /** Handles one message; returns the complete log lines it produced. */
  handle(message: EngineMessage): string[] {
    if (message.errorDetail || message.error) {
      const lines = this.flush()
      const text = message.errorDetail?.message ?? message.error ?? 'The build failed.'
      this.tracker.error = text
      if (this.current > 0) this.tracker.fail(this.current, this.now(), text)
      return [...lines, text]
    }
    if (message.aux && typeof message.aux === 'object') {
      const id = (message.aux as { ID?: unknown }).ID
      if (typeof id === 'string') this.tracker.imageId = id
      return []
    }
    if (typeof message.stream === 'string') return this.handleText(message.stream)
    if (typeof message.status === 'string') return this.handleStatus(message)
    return []
  }

  /** Whatever partial line is left at the end of the stream. */
  flush(): string[] {
    return this.lines.flush().flatMap((line) => this.handleLine(line))
  }

  private handleText(text: string): string[] {
    return this.lines.push(text).flatMap((line) => this.handleLine(line.replace(/\r$/, '')))
  }

  private handleLine(line: string): string[] {
    const step = STEP.exec(line)
    if (step) {
      const index = Number(step[1])
      const at = this.now()
      if (this.current > 0 && this.current !== index) this.tracker.finish(this.current, at)
      this.current = index
      this.tracker.start(index, at)
      return [line]
    }
    if (this.current > 0) {
      if (line.trim() === '---> Using cache') this.tracker.cached(this.current, this.now())
      else if (!line.startsWith(' ---> ')) this.tracker.recordOutput(this.current, [line])
    }
    const built = /^Successfully built ([0-9a-f]+)/.exec(line)
    if (built) {
      if (this.current > 0) this.tracker.finish(this.current, this.now())
      this.tracker.imageId ??= built[1]
    }
    return [line]
  }

  private handleStatus(message: EngineMessage): string[] {
    const status = message.status ?? ''
    // "<tag>: Pulling from <repository>" names the image being pulled, not a layer.
    if (message.id && !status.startsWith('Pulling from ')) {
      const detail = message.progressDetail ?? {}
      this.tracker.setLayer({
        id: message.id,
        status,
        ...(typeof detail.current === 'number' ? { current: detail.current } : {}),
        ...(typeof detail.total === 'number' ? { total: detail.total } : {})
      })
      // Byte counters arrive many times a second; the log keeps only the state changes.
      return message.progressDetail && typeof detail.current === 'number' ? [] : [`${message.id}: ${status}`]
    }
    return [message.id ? `${message.id}: ${status}` : status]
  }
}
