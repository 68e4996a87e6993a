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
/** Podman's builder (Buildah) counts within a stage, and names the stage when there are several: `[2/2] STEP 3/4: RUN …`. */
const BUILDAH_STEP = /^(?:\[(\d+)\/\d+\] )?STEP (\d+)\/\d+: /
/** Buildah's lines about the step itself, not its output: `--> Using cache <id>`, `--> <id>`, `COMMIT <name>`, the image ID. */
const BUILDAH_NOTE = /^(?:\[\d+\/\d+\] )?(?:--> |COMMIT\b)|^[0-9a-f]{64}$/

/**
 * A RUN that failed, as Docker's classic builder says it ("The command '…' returned a non-zero code: 3");
 * Buildah says `building at STEP "RUN …": while running runtime: exit status 3` (and ends it with a newline).
 */
function inDockerWords(message: string): string {
  const run = /^building at STEP "RUN (.*)": while running runtime: exit status (\d+)$/s.exec(message)
  return run ? `The command '${run[1]}' returned a non-zero code: ${run[2]}` : message
}

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
      const text = inDockerWords((message.errorDetail?.message ?? message.error ?? 'The build failed.').trim())
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

  /** The step a `Step N/M` or Buildah `STEP` line starts, or 0 when the line starts none. */
  private stepOf(line: string): number {
    const step = STEP.exec(line)
    if (step) return Number(step[1])
    const buildah = BUILDAH_STEP.exec(line)
    if (!buildah) return 0
    const stageIndex = buildah[1] ? Number(buildah[1]) - 1 : 0
    const indexInStage = Number(buildah[2])
    // Buildah reads the ARGs before the first FROM without a STEP of their own: they are done once it starts.
    for (const arg of this.tracker.steps) {
      if (arg.stageIndex >= 0 || arg.state !== 'waiting') continue
      this.tracker.start(arg.index, this.now())
      this.tracker.finish(arg.index, this.now())
    }
    return this.tracker.steps.find((s) => s.stageIndex === stageIndex && s.indexInStage === indexInStage)?.index ?? 0
  }

  private handleLine(line: string): string[] {
    const index = this.stepOf(line)
    if (index > 0) {
      const at = this.now()
      if (this.current > 0 && this.current !== index) this.tracker.finish(this.current, at)
      this.current = index
      this.tracker.start(index, at)
      return [line]
    }
    if (this.current > 0) {
      if (line.trim() === '---> Using cache' || /^(?:\[\d+\/\d+\] )?--> Using cache /.test(line)) this.tracker.cached(this.current, this.now())
      else if (!line.startsWith(' ---> ') && !BUILDAH_NOTE.test(line)) this.tracker.recordOutput(this.current, [line])
    }
    if (this.handleBuildahPull(line)) return [line]
    const built = /^Successfully built ([0-9a-f]+)/.exec(line)
    if (built) {
      if (this.current > 0) this.tracker.finish(this.current, this.now())
      this.tracker.imageId ??= built[1]
    }
    return [line]
  }

  /**
   * Buildah pulls a base image with text lines, one per blob and no byte counts: `Copying blob sha256:…`, then
   * `Copying config sha256:…` once every blob is in. Layers are named as Docker names them (12 hex digits).
   */
  private handleBuildahPull(line: string): boolean {
    const blob = /^Copying blob sha256:([0-9a-f]{12})[0-9a-f]{52}/.exec(line)
    if (blob) {
      this.tracker.setLayer({ id: blob[1]!, status: 'Copying' })
      return true
    }
    if (!/^Copying config sha256:/.test(line)) return false
    for (const layer of this.tracker.layers.values()) if (layer.status === 'Copying') this.tracker.setLayer({ id: layer.id, status: 'Pull complete' })
    return true
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
