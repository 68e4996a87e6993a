// Stages and what they are built on: another stage of the same file (FROM
// <stage name>), the empty image (scratch), or an image the linter cannot see.
import type { InstructionBlockOf, StatementBlock } from '../types'
import { instructionsOf } from './util'

export interface StageInfo {
  index: number
  from: InstructionBlockOf<'FROM'>
  /** The earlier stage this one is built on. */
  parent?: StageInfo
  /** Built on an image from a registry (its ENV, SHELL, WORKDIR are unknown here). */
  externalBase: boolean
  /** The stage's statements after its FROM, in order. */
  statements: StatementBlock[]
}

const cache = new WeakMap<readonly StatementBlock[], StageInfo[]>()

export function stagesOf(statements: readonly StatementBlock[]): StageInfo[] {
  let stages = cache.get(statements)
  if (stages) return stages
  stages = []
  const byName = new Map<string, StageInfo>()
  for (const from of instructionsOf(statements, 'FROM')) {
    const base = from.args.image.toLowerCase()
    const parent = from.args.tag === undefined && from.args.digest === undefined ? byName.get(base) : undefined
    const stage: StageInfo = {
      index: from.stageIndex,
      from,
      ...(parent ? { parent } : {}),
      externalBase: parent ? parent.externalBase : base !== 'scratch',
      statements: []
    }
    stages.push(stage)
    if (from.args.stageName) byName.set(from.args.stageName.toLowerCase(), stage)
  }
  const byIndex = new Map(stages.map((s) => [s.index, s]))
  for (const b of statements) {
    if (b.kind === 'instruction' && b.keyword === 'FROM') continue
    byIndex.get(b.stageIndex)?.statements.push(b)
  }
  cache.set(statements, stages)
  return stages
}

/** The stage and the stages it is built on, nearest first. */
export function lineage(stage: StageInfo): StageInfo[] {
  const out: StageInfo[] = []
  for (let s: StageInfo | undefined = stage; s && !out.includes(s); s = s.parent) out.push(s)
  return out
}
