// How a DL rule is written and reports: rule id `hadolint/DL3008`, the DL id
// at the end of the message (so people can look it up), the wiki page in data.
import type { InstructionBlockOf, StatementBlock } from '../../../types'
import type { Diagnostic, Fix, Rule, RuleInput, Severity } from '../../types'
import { diagnose, instructionsOf } from '../../util'

export type Report = (block: StatementBlock, severity: Severity, message: string, fix?: Fix) => void

export function wikiUrl(code: string): string {
  return `https://github.com/hadolint/hadolint/wiki/${code}`
}

/** A DL rule: `check` calls `report` for each finding. */
export function dlRule(code: string, check: (input: RuleInput, report: Report) => void): Rule {
  const id = `hadolint/${code}`
  return {
    id,
    check(input) {
      const out: Diagnostic[] = []
      check(input, (block, severity, message, fix) => {
        out.push({ ...diagnose(block, severity, id, `${message} (hadolint ${code})`, fix), data: { url: wikiUrl(code) } })
      })
      return out
    }
  }
}

export interface StageInfo {
  index: number
  from: InstructionBlockOf<'FROM'>
  /** The stage name, lower-cased (BuildKit compares them so). */
  name?: string
  /** The earlier stage this one is built on (`FROM builder`), if any. */
  parent?: number
}

const stagesCache = new WeakMap<readonly StatementBlock[], StageInfo[]>()

/** The build stages with their FROM and the stage each builds on. */
export function stagesOf(statements: readonly StatementBlock[]): StageInfo[] {
  let stages = stagesCache.get(statements)
  if (!stages) {
    stages = []
    const byName = new Map<string, number>()
    for (const from of instructionsOf(statements, 'FROM')) {
      const name = from.args.stageName?.toLowerCase()
      const parent = from.args.tag === undefined && from.args.digest === undefined ? byName.get(from.args.image.toLowerCase()) : undefined
      stages.push({ index: from.stageIndex, from, ...(name !== undefined ? { name } : {}), ...(parent !== undefined ? { parent } : {}) })
      if (name !== undefined && !byName.has(name)) byName.set(name, from.stageIndex)
    }
    stagesCache.set(statements, stages)
  }
  return stages
}

const byIndexCache = new WeakMap<readonly StageInfo[], Map<number, StageInfo>>()

/** The stage with that index (the first, as a search in order finds it). */
function stageAt(stages: readonly StageInfo[], index: number): StageInfo | undefined {
  let byIndex = byIndexCache.get(stages)
  if (!byIndex) {
    byIndex = new Map()
    for (const s of stages) if (!byIndex.has(s.index)) byIndex.set(s.index, s)
    byIndexCache.set(stages, byIndex)
  }
  return byIndex.get(index)
}

const chainCache = new WeakMap<readonly StageInfo[], Map<number, readonly StageInfo[]>>()

/** The stage and the stages it is built on, nearest first (worked out once per stage: rules ask for each instruction). */
export function stageChain(stages: readonly StageInfo[], index: number): readonly StageInfo[] {
  let chains = chainCache.get(stages)
  if (!chains) {
    chains = new Map()
    chainCache.set(stages, chains)
  }
  let chain = chains.get(index)
  if (!chain) {
    chain = readChain(stages, index)
    chains.set(index, chain)
  }
  return chain
}

function readChain(stages: readonly StageInfo[], index: number): StageInfo[] {
  const chain: StageInfo[] = []
  const seen = new Set<number>()
  let current = stageAt(stages, index)
  while (current && !seen.has(current.index)) {
    chain.push(current)
    seen.add(current.index)
    const parent = current.parent
    current = parent === undefined ? undefined : stageAt(stages, parent)
  }
  return chain
}

/** Is the image reference built on Alpine or BusyBox (whose /bin/sh is ash, with no bash)? */
export function isAlpineLike(stages: readonly StageInfo[], index: number): boolean {
  const root = rootImage(stages, index)
  if (!root) return false
  return /(^|\/)(alpine|busybox)$/i.test(root.image) || /alpine|busybox/i.test(root.tag ?? '')
}

/** The image at the root of a stage's chain (`FROM debian:12` for a stage built on a stage built on it). */
export function rootImage(stages: readonly StageInfo[], index: number): StageInfo['from']['args'] | undefined {
  const chain = stageChain(stages, index)
  return chain[chain.length - 1]?.from.args
}

/** Windows base images (users are names there, paths have drive letters). */
export function isWindowsBased(stages: readonly StageInfo[], index: number): boolean {
  const root = rootImage(stages, index)
  return root !== undefined && /windows|nanoserver|servercore/i.test(`${root.image}:${root.tag ?? ''}`)
}
