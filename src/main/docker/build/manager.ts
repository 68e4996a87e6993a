// Keeps the builds of the app: running ones (each with its abort switch and live
// log) and the history; sends progress in batches so a flood of output never
// blocks the window.
import { randomBytes } from 'node:crypto'
import type Dockerode from 'dockerode'
import { AppError } from '../../../shared/ipc/errors'
import type { BuildDetail, BuildProgress, BuildRecord, BuildRequest } from '../../../shared/ipc/channels/build'
import { checkContextDir } from './context'
import { BuildHistory } from './build-history'
import { asPrepared, type PreparedBuild } from './request'
import { runBuild } from './run-build'
import type { StepTracker } from './steps'
import { formatBytes } from '../../../shared/format'
import { maskSecretValues, secretValues, withoutSecretValues } from '../../../shared/docker/secrets'

/** Lines kept in memory for a running build (the view shows them all; history keeps the last part). */
const LIVE_LOG_LINES = 500_000
const BATCH_MS = 100

interface RunningBuild {
  /** As given, secret values included: only the engine sees it. */
  prepared: PreparedBuild
  /** Secret build-arg values, masked in every line of output this build shows or stores. */
  secrets: string[]
  /** What is shown and stored: the request without secret values. */
  record: BuildRecord
  controller: AbortController
  log: string[]
  pending: string[]
  dirty: boolean
  tracker: StepTracker | null
  done: Promise<BuildRecord>
}

export interface BuildManagerOptions {
  docker: () => Dockerode
  history: BuildHistory
  emit: (progress: BuildProgress) => void
}

export class BuildManager {
  private readonly running = new Map<string, RunningBuild>()
  private timer: NodeJS.Timeout | null = null

  constructor(private readonly options: BuildManagerOptions) {}

  /** Starts a prepared build (request.ts); refuses (with what to do) a missing context or a tag another running build is making. */
  async start(input: PreparedBuild | BuildRequest): Promise<BuildRecord> {
    const prepared = asPrepared(input)
    const { request } = prepared
    await checkContextDir(request.contextDir)
    prepared.contextChecked = true
    const tags = new Set(prepared.tags)
    for (const other of this.running.values()) {
      const clash = other.prepared.tags.find((t) => tags.has(t))
      if (clash) {
        throw new AppError('conflict', `Another build is already making ${clash}. Wait for it to finish or cancel it in the Builds view, or choose another tag.`)
      }
    }
    const docker = this.options.docker()
    const record: BuildRecord = {
      id: `${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`,
      request: { ...withoutSecretValues(request), builder: prepared.builder },
      builder: prepared.builder,
      status: 'preparing',
      startedAt: Date.now(),
      warnings: [],
      steps: [],
      layers: []
    }
    const build: RunningBuild = { prepared, secrets: secretValues(request), record, controller: new AbortController(), log: [], pending: [], dirty: true, tracker: null, done: Promise.resolve(record) }
    this.running.set(record.id, build)
    this.append(build, [`Building ${request.tags.join(', ')} with ${prepared.builder === 'buildkit' ? 'BuildKit' : 'the classic builder'}, context ${request.contextDir}`])
    build.done = this.run(build, docker)
    this.ensureTimer()
    return { ...record }
  }

  /** Resolves when the build has ended (for tests and the bench). */
  async wait(id: string): Promise<BuildRecord> {
    const build = this.running.get(id)
    if (build) return build.done
    const found = (await this.options.history.list()).find((r) => r.id === id)
    if (!found) throw new AppError('not-found', 'That build is no longer in the history (only the last 50 are kept).')
    return found
  }

  cancel(id: string): void {
    const build = this.running.get(id)
    if (!build) return
    this.append(build, ['Cancelling the build…'])
    build.controller.abort()
  }

  /** Running builds first, then the history; newest first. */
  async list(): Promise<BuildRecord[]> {
    const live = [...this.running.values()].map((b) => this.snapshot(b)).sort((a, b) => b.startedAt - a.startedAt)
    const past = (await this.options.history.list()).filter((r) => !this.running.has(r.id))
    return [...live, ...past]
  }

  async get(id: string): Promise<BuildDetail> {
    const build = this.running.get(id)
    if (build) return { record: this.snapshot(build), log: [...build.log], logTruncated: build.log.length >= LIVE_LOG_LINES }
    const record = (await this.options.history.list()).find((r) => r.id === id)
    if (!record) throw new AppError('not-found', 'That build is no longer in the history (only the last 50 are kept).')
    const stored = await this.options.history.readLog(id)
    return { record, log: stored.lines, logTruncated: stored.truncated }
  }

  dispose(): void {
    for (const build of this.running.values()) build.controller.abort()
    if (this.timer) clearInterval(this.timer)
    this.timer = null
  }

  private async run(build: RunningBuild, docker: Dockerode): Promise<BuildRecord> {
    const { record } = build
    try {
      const outcome = await runBuild(docker, build.prepared, build.controller.signal, {
        onPlan: (tracker) => {
          build.tracker = tracker
          build.dirty = true
        },
        onContext: (context) => {
          record.status = 'sending'
          record.contextBytes = context.bytes
          record.contextFiles = context.files
          record.warnings = context.warnings
          this.append(build, [`Sending build context: ${context.files} files, ${formatBytes(context.bytes)}`, ...context.warnings.map((w) => `Note: ${w}`)])
        },
        onRunning: () => {
          record.status = 'running'
          build.dirty = true
        },
        onProgress: (lines) => this.append(build, lines)
      })
      build.tracker = outcome.tracker
      record.status = outcome.status
      if (build.prepared.builder === 'buildkit' && outcome.contextBytes !== undefined) {
        record.contextBytes = outcome.contextBytes
        record.contextFiles = outcome.contextFiles ?? 0
        this.append(build, [`BuildKit asked for ${outcome.contextFiles ?? 0} files of the build context: ${formatBytes(outcome.contextBytes)} sent`])
      }
      if (outcome.imageId) record.imageId = outcome.imageId
      if (outcome.error) record.error = outcome.error
      if (outcome.status === 'cancelled') {
        const notes = outcome.warnings.filter((w) => !record.warnings.includes(w))
        record.warnings = [...record.warnings, ...notes]
        this.append(build, ['Build cancelled. No tag was set.', ...notes.map((w) => `Note: ${w}`)])
      }
      if (outcome.status === 'failed' && outcome.error) this.append(build, [`Build failed: ${outcome.error}`])
      if (outcome.status === 'succeeded') this.append(build, [`Built ${outcome.imageId} and tagged it ${record.request.tags.join(', ')}`])
    } catch (error) {
      record.status = 'failed'
      record.error = error instanceof Error ? error.message : String(error)
      this.append(build, [`Build failed: ${record.error}`])
    }
    record.durationMs = Date.now() - record.startedAt
    const final = this.snapshot(build)
    this.flush(build)
    // Still answered from memory until the history holds it: a `get` in between would find it nowhere.
    await this.options.history.add(final, build.log).catch(() => undefined)
    this.running.delete(record.id)
    if (this.running.size === 0 && this.timer) {
      clearInterval(this.timer)
      this.timer = null
    }
    return final
  }

  private append(build: RunningBuild, lines: string[]): void {
    build.dirty = true
    if (lines.length === 0) return
    for (const raw of lines) {
      const line = build.secrets.length ? maskSecretValues(raw, build.secrets) : raw
      build.log.push(line)
      build.pending.push(line)
    }
    if (build.log.length > LIVE_LOG_LINES) build.log.splice(0, build.log.length - LIVE_LOG_LINES)
  }

  private snapshot(build: RunningBuild): BuildRecord {
    const tracker = build.tracker
    const record = build.record
    const steps = tracker ? tracker.snapshotSteps() : record.steps
    const mask = (text: string) => maskSecretValues(text, build.secrets)
    return {
      ...record,
      ...(record.error && build.secrets.length ? { error: mask(record.error) } : {}),
      steps: build.secrets.length ? steps.map((step) => ({ ...step, ...(step.error ? { error: mask(step.error) } : {}), ...(step.lastLines ? { lastLines: step.lastLines.map(mask) } : {}) })) : steps,
      layers: tracker ? [...tracker.layers.values()] : record.layers
    }
  }

  private ensureTimer(): void {
    if (this.timer) return
    this.timer = setInterval(() => {
      for (const build of this.running.values()) if (build.dirty) this.flush(build)
    }, BATCH_MS)
    this.timer.unref?.()
  }

  private flush(build: RunningBuild): void {
    build.dirty = false
    const logLines = build.pending
    build.pending = []
    this.options.emit({ record: this.snapshot(build), logLines })
  }
}
