// Re-reading only what an edit touched. The parser's state at the start of an
// instruction is always the same (only the escape character carries over), so
// after an edit the blocks before it and the blocks from the first instruction
// that the edit cannot reach are kept as they were (shifted), and only the
// text in between goes through the parser again.
import { parseSegment, placeInStages, initialStageState, type StageState } from './parse'
import type { Block, DockerfileDocument, EscapeCharacter, StatementBlock } from './types'

export interface IncrementalParse {
  /** The new text's blocks; kept blocks keep their objects (and ids), re-read ones have empty ids. */
  blocks: Block[]
  escapeChar: EscapeCharacter
}

/** How many times the re-read window grows before the rest of the text is read in one go. */
const WINDOW_TRIES = 3

function isStatement(block: Block | undefined): block is StatementBlock {
  return block !== undefined && (block.kind === 'instruction' || block.kind === 'raw')
}

/** Index of the block that contains `offset` (the last block for the end of the text). */
function blockIndexAt(blocks: readonly Block[], offset: number): number {
  let lo = 0
  let hi = blocks.length - 1
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if ((blocks[mid]?.range.startOffset ?? 0) <= offset) lo = mid
    else hi = mid - 1
  }
  return lo
}

/**
 * The blocks of `text`, given that `previous` (whose text is `oldText`) was
 * parsed from nearly the same text. Null when the edit reaches the parser
 * directives or the document holds text the parser could not read; the
 * caller then parses everything.
 */
export function parseIncrementally(previous: DockerfileDocument, oldText: string, text: string): IncrementalParse | null {
  const old = previous.blocks
  if (old.length === 0 || text.length === 0) return null
  for (const block of old) if (isStatement(block) && block.keyword === undefined) return null

  const oldLength = oldText.length
  const delta = text.length - oldLength
  const prefix = commonPrefix(old, oldText, text)
  if (prefix === oldLength && prefix === text.length) return { blocks: [...old], escapeChar: previous.escapeChar }
  const changedEnd = oldLength - commonSuffix(old, oldText, text, Math.min(oldLength, text.length) - prefix)

  // Start one block early (a comment or blank run decides its end by the line after it), at an instruction.
  let first = blockIndexAt(old, prefix) - 1
  while (first > 0 && !isStatement(old[first])) first--
  let directives = 0
  while (old[directives]?.kind === 'directive') directives++
  if (first < 0 || (directives > 0 && first <= directives)) first = 0
  const start = old[first]?.range.startOffset ?? 0
  const atTop = start === 0
  const firstLine = old[first]?.range.startLine ?? 1

  // End at an instruction after the change that the re-read text also starts an instruction at.
  let next = blockIndexAt(old, changedEnd > prefix ? changedEnd - 1 : prefix) + 1
  for (let attempt = 0; ; attempt++) {
    while (next < old.length && !isStatement(old[next])) next++
    const resync = attempt < WINDOW_TRIES ? old[next] : undefined
    const end = resync ? resync.range.endOffset + delta : text.length
    const segment = parseSegment(text, start, end, atTop ? null : previous.escapeChar, firstLine)
    if ('error' in segment || segment.escapeChar !== previous.escapeChar) return null
    if (!resync) return assemble(old, first, segment.blocks, old.length, 0, 0)
    const resyncAt = resync.range.startOffset + delta
    const index = segment.blocks.findIndex((b) => b.range.startOffset === resyncAt)
    const landed = segment.blocks[index]
    if (isStatement(landed)) {
      return assemble(old, first, segment.blocks.slice(0, index), next, delta, landed.range.startLine - resync.range.startLine)
    }
    // The edit runs on (an open continuation or here-document): look further.
    next += 1 + (next - first) * (attempt + 1)
  }

  function assemble(
    oldBlocks: readonly Block[],
    keepBefore: number,
    middle: Block[],
    keepFrom: number,
    offsetShift: number,
    lineShift: number
  ): IncrementalParse {
    let state: StageState = initialStageState()
    for (let i = keepBefore - 1; i >= 0; i--) {
      const block = oldBlocks[i]
      if (isStatement(block)) {
        state = { stageIndex: block.stageIndex, stageName: block.stageName }
        break
      }
    }
    state = placeInStages(middle, 0, state)
    const blocks: Block[] = oldBlocks.slice(0, keepBefore)
    for (const block of middle) blocks.push(block)
    let { stageIndex, stageName } = state
    for (let i = keepFrom; i < oldBlocks.length; i++) {
      const block = oldBlocks[i] as Block
      if (!isStatement(block)) {
        blocks.push(offsetShift === 0 && lineShift === 0 ? block : shift(block, offsetShift, lineShift))
        continue
      }
      if (block.keyword === 'FROM') {
        stageIndex++
        stageName = block.kind === 'instruction' && block.keyword === 'FROM' ? block.args.stageName : undefined
      }
      const sameStage = block.stageIndex === stageIndex && block.stageName === stageName
      if (sameStage && offsetShift === 0 && lineShift === 0) blocks.push(block)
      else blocks.push(restage(shift(block, offsetShift, lineShift) as StatementBlock, stageIndex, stageName))
    }
    return { blocks, escapeChar: previous.escapeChar }
  }
}

/** Length of the text both start with: whole blocks compared natively first, then characters. */
function commonPrefix(blocks: readonly Block[], oldText: string, text: string): number {
  let at = 0
  for (const block of blocks) {
    if (!text.startsWith(block.text, at)) break
    at += block.text.length
  }
  const limit = Math.min(oldText.length, text.length)
  while (at < limit && oldText.charCodeAt(at) === text.charCodeAt(at)) at++
  return at
}

/** Length of the text both end with, at most `limit`. */
function commonSuffix(blocks: readonly Block[], oldText: string, text: string, limit: number): number {
  let length = 0
  for (let i = blocks.length - 1; i >= 0; i--) {
    const blockText = (blocks[i] as Block).text
    if (length + blockText.length > limit || !text.endsWith(blockText, text.length - length)) break
    length += blockText.length
  }
  while (length < limit && oldText.charCodeAt(oldText.length - 1 - length) === text.charCodeAt(text.length - 1 - length)) length++
  return length
}

function shift(block: Block, offsetShift: number, lineShift: number): Block {
  const { range } = block
  const moved = {
    startOffset: range.startOffset + offsetShift,
    endOffset: range.endOffset + offsetShift,
    startLine: range.startLine + lineShift,
    endLine: range.endLine + lineShift
  }
  // Copy, then set: the copy keeps the object's shape (and is faster than a spread with overrides).
  const copy = { ...block }
  copy.range = moved
  if (isStatement(copy)) copy.instructionLine += lineShift
  return copy
}

/** The block with its stage set the way the parser sets it (stageName present only when there is one). */
function restage(block: StatementBlock, stageIndex: number, stageName: string | undefined): StatementBlock {
  if (block.stageIndex === stageIndex && block.stageName === stageName) return block
  const { stageName: _old, ...rest } = block
  const restaged = { ...rest, stageIndex } as StatementBlock
  if (stageName !== undefined) restaged.stageName = stageName
  return restaged
}
