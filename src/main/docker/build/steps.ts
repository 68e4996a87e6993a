// The step model: one step per instruction, in the order the classic builder
// counts them ("Step N/M"), with the state a build moves each one through.
import { getStages, parseDockerfile, type DockerfileDocument, type StatementBlock } from '../../../shared/dockerfile'
import type { BuildStep, LayerProgress } from '../../../shared/ipc/channels/build'

/** A planned step, plus where BuildKit places it: `[stage i/n]` counts FROM as 1 within its stage. */
export interface PlannedStep extends BuildStep {
  /** 0-based stage, or -1 for an ARG before the first FROM. */
  stageIndex: number
  /** 1-based position within its stage (FROM is 1); 0 before the first FROM. */
  indexInStage: number
}

export interface StepPlan {
  steps: PlannedStep[]
  /** Stage names (lower case) by index, as BuildKit prefixes its vertex names. */
  stageNames: (string | undefined)[]
}

const oneLine = (text: string, escapeChar: string): string =>
  text
    .split(/\r?\n/)
    .map((line) => (line.endsWith(escapeChar) ? line.slice(0, -1) : line).trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .join(' ')

/**
 * Plans the steps of a Dockerfile as the classic builder numbers them: the ARGs
 * before the first FROM, then each FROM and each instruction in file order,
 * up to the end of the target stage when one is given.
 */
export function planSteps(dockerfile: DockerfileDocument | string, target: string | null = null): StepPlan {
  const doc = typeof dockerfile === 'string' ? parseDockerfile(dockerfile) : dockerfile
  const stages = getStages(doc)
  const stageNames = stages.map((s) => s.name?.toLowerCase())
  let lastStage = stages.length - 1
  if (target) {
    const found = stageNames.indexOf(target.toLowerCase())
    if (found >= 0) lastStage = found
  }
  const steps: PlannedStep[] = []
  const perStage = new Map<number, number>()
  for (const block of doc.blocks) {
    if (block.kind !== 'instruction' && block.kind !== 'raw') continue
    const statement = block as StatementBlock
    if (statement.stageIndex > lastStage) break
    const inStage = statement.stageIndex < 0 ? 0 : (perStage.get(statement.stageIndex) ?? 0) + 1
    if (statement.stageIndex >= 0) perStage.set(statement.stageIndex, inStage)
    steps.push({
      index: steps.length + 1,
      line: statement.instructionLine,
      instruction: oneLine(statement.instructionText, doc.escapeChar),
      state: 'waiting',
      stageIndex: statement.stageIndex,
      indexInStage: inStage
    })
  }
  return { steps, stageNames }
}

const LAST_LINES = 12

/** Holds the live state of one build's steps, fed by either stream parser. */
export class StepTracker {
  readonly steps: PlannedStep[]
  readonly stageNames: (string | undefined)[]
  readonly layers = new Map<string, LayerProgress>()
  imageId: string | undefined
  error: string | undefined
  private readonly output = new Map<number, string[]>()
  /** Steps that have seen any progress, by stage (BuildKit skips stages a target does not need). */
  readonly touchedStages = new Set<number>()

  constructor(plan: StepPlan) {
    this.steps = plan.steps
    this.stageNames = plan.stageNames
  }

  step(index: number): PlannedStep | undefined {
    return this.steps[index - 1]
  }

  get running(): PlannedStep[] {
    return this.steps.filter((s) => s.state === 'running')
  }

  start(index: number, at: number): void {
    const step = this.step(index)
    if (!step || step.state === 'running') return
    step.state = 'running'
    step.startedAt = at
    delete step.durationMs
    this.touchedStages.add(step.stageIndex)
  }

  cached(index: number, at: number): void {
    const step = this.step(index)
    if (!step) return
    step.state = 'cached'
    step.durationMs = step.startedAt !== undefined ? Math.max(0, at - step.startedAt) : 0
    this.touchedStages.add(step.stageIndex)
  }

  finish(index: number, at: number): void {
    const step = this.step(index)
    if (!step || step.state === 'cached' || step.state === 'failed') return
    step.state = 'done'
    step.durationMs = step.startedAt !== undefined ? Math.max(0, at - step.startedAt) : 0
    this.touchedStages.add(step.stageIndex)
  }

  fail(index: number, at: number, message: string): void {
    const step = this.step(index)
    if (!step) return
    step.state = 'failed'
    step.error = message
    if (step.startedAt !== undefined) step.durationMs = Math.max(0, at - step.startedAt)
    step.lastLines = [...(this.output.get(index) ?? [])]
  }

  /** Keeps the last lines a step printed, for its failure note. */
  recordOutput(index: number, lines: string[]): void {
    const kept = this.output.get(index) ?? []
    for (const line of lines) if (line.trim() !== '') kept.push(line)
    if (kept.length > LAST_LINES) kept.splice(0, kept.length - LAST_LINES)
    this.output.set(index, kept)
  }

  setLayer(progress: LayerProgress): void {
    this.layers.set(progress.id, progress)
  }

  /**
   * The engine went away mid-build: the step that was running (or that the engine failed as it
   * stopped, e.g. its container killed) is marked failed with why, not with the engine's exit code.
   */
  interrupt(message: string, at: number): void {
    const hit = this.steps.filter((s) => s.state === 'running' || s.state === 'failed')
    for (const step of hit) {
      if (step.state === 'running') this.fail(step.index, at, message)
      else step.error = message
    }
    this.error = message
  }

  /** After the stream ended: steps still marked running are closed according to how the build ended. */
  settle(outcome: 'succeeded' | 'failed' | 'cancelled', at: number, error?: string): void {
    for (const step of this.steps) {
      if (step.state === 'running') {
        if (outcome === 'succeeded') this.finish(step.index, at)
        else if (outcome === 'failed') this.fail(step.index, at, error ?? 'The build failed.')
        else step.state = 'waiting'
      } else if (step.state === 'failed' && outcome === 'cancelled' && /cancel/i.test(step.error ?? '')) {
        // BuildKit fails the step it stops ("context canceled"): that step did not fail, it was cancelled.
        step.state = 'waiting'
        delete step.error
        delete step.lastLines
        delete step.durationMs
      } else if (step.state === 'waiting' && outcome === 'succeeded') {
        // BuildKit reports no vertex for metadata-only instructions (ENV, EXPOSE, CMD…) nor for unused stages.
        step.state = step.stageIndex < 0 || this.touchedStages.has(step.stageIndex) ? 'done' : 'skipped'
        if (step.state === 'done') step.durationMs = 0
      }
    }
  }

  snapshotSteps(): BuildStep[] {
    return this.steps.map((s) => {
      const { stageIndex: _stage, indexInStage: _inStage, ...step } = s
      return { ...step, ...(s.lastLines ? { lastLines: [...s.lastLines] } : {}) }
    })
  }
}
