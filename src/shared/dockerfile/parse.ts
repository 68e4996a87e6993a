// Text → document. syntax.ts reads the text as BuildKit's parser does
// (directives, comments, instructions with their continuations and
// here-documents); this module cuts it into blocks along whole lines so that
// the blocks' texts, concatenated, are the source again.
//
// The same cutting works on a part of the text (a "segment" starting where a
// block starts), which is how reparseDockerfile re-reads only what an edit
// touched (see incremental.ts).
import { readInstructionArgs } from './args'
import { withText } from './serialize'
import { rememberNode } from './syntax-memo'
import { readSyntax, type Line, type SyntaxItem, type SyntaxNode } from './syntax'
import { commentContent, detectLineEnding, trailingLineEnd } from './text'
import {
  INSTRUCTION_KEYWORDS,
  type Block,
  type DockerfileDocument,
  type EscapeCharacter,
  type Flag,
  type Keyword,
  type RawBlock,
  type SourceRange,
  type StatementBlock
} from './types'

const KEYWORDS: ReadonlySet<string> = new Set(INSTRUCTION_KEYWORDS)

export function parseDockerfile(text: string): DockerfileDocument {
  return parseBlocks(text, 1)
}

/** Parses text into blocks with ids `b<firstId>`, `b<firstId+1>`, …; `nextId` is the next free number. */
export function parseBlocks(text: string, firstId: number): DockerfileDocument {
  const eol = detectLineEnding(text)
  const segment = parseSegment(text, 0, text.length, null)
  placeInStages(segment.blocks, 0, initialStageState())
  let nextId = firstId
  for (const block of segment.blocks) block.id = `b${nextId++}`
  return withText({ blocks: segment.blocks, eol, escapeChar: segment.escapeChar, nextId }, text)
}

export interface Segment {
  /** Blocks with placeholder ids and without their stage (see placeInStages); ranges are in the whole text. */
  blocks: Block[]
  escapeChar: EscapeCharacter
}

/**
 * Cuts `source[from, to)` into blocks. `escapeChar` null means the segment is
 * the top of the file (directives and the escape character are read from it);
 * otherwise `from` must be where a block starts, and the segment is read with
 * that escape character and no directives.
 */
export function parseSegment(
  source: string,
  from: number,
  to: number,
  escapeChar: EscapeCharacter | null,
  firstLine = 1
): Segment {
  const { lines, items, escapeChar: escape } = readSyntax(source, from, to, escapeChar)
  const lineShift = firstLine - 1
  const rangeOf = (first: number, last: number): SourceRange => ({
    startOffset: (lines[first] as Line).start,
    endOffset: (lines[last] as Line).next,
    startLine: first + 1 + lineShift,
    endLine: last + 1 + lineShift
  })
  const sliceLines = (first: number, last: number) => source.slice((lines[first] as Line).start, (lines[last] as Line).next)
  const lineText = (i: number) => source.slice((lines[i] as Line).start, (lines[i] as Line).end)

  const blocks: Block[] = []
  for (let k = 0; k < items.length; k++) {
    const item = items[k] as SyntaxItem
    if (item.kind === 'directive') {
      const { line, name, value } = item
      blocks.push({ kind: 'directive', id: '', text: sliceLines(line, line), range: rangeOf(line, line), name, value })
    } else if (item.kind === 'instruction') {
      blocks.push(buildStatement(item, item.line))
    } else if (item.kind === 'stray') {
      blocks.push(strayLines(item.line, item.last))
    } else if (item.kind === 'blank') {
      let end = k
      while (items[end + 1]?.kind === 'blank') end++
      const first = item.line
      const last = (items[end] as SyntaxItem).line
      blocks.push({ kind: 'blank', id: '', text: sliceLines(first, last), range: rangeOf(first, last) })
      k = end
    } else {
      let end = k
      while (items[end + 1]?.kind === 'comment') end++
      const next = items[end + 1]
      if (next?.kind === 'instruction') {
        blocks.push(buildStatement(next, item.line))
        k = end + 1
      } else {
        const first = item.line
        const last = (items[end] as SyntaxItem).line
        const commentLines = []
        for (let n = first; n <= last; n++) commentLines.push(commentContent(lineText(n)))
        blocks.push({ kind: 'comment', id: '', text: sliceLines(first, last), range: rangeOf(first, last), lines: commentLines })
        k = end
      }
    }
  }
  return { blocks, escapeChar: escape }

  /** Lines that are only line continuations: kept, with what to do about them. */
  function strayLines(first: number, last: number): RawBlock {
    const blockText = sliceLines(first, last)
    const lineEnd = trailingLineEnd(blockText)
    return {
      kind: 'raw',
      id: '',
      text: blockText,
      range: rangeOf(first, last),
      commentText: '',
      comments: [],
      instructionText: blockText.slice(0, blockText.length - lineEnd.length),
      lineEnd,
      instructionLine: first + 1 + lineShift,
      stageIndex: -1,
      flags: [],
      problem: `A line continuation (${escape}) with no instruction; remove it`
    }
  }

  /** One instruction with the comment lines directly above it (from line `first`). */
  function buildStatement(item: Extract<SyntaxItem, { kind: 'instruction' }>, first: number): StatementBlock {
    const keywordLine = item.line
    const node: SyntaxNode = item.node
    const blockText = sliceLines(first, item.last)
    const lineEnd = trailingLineEnd(blockText)
    const commentText = first < keywordLine ? sliceLines(first, keywordLine - 1) : ''
    const comments: string[] = []
    for (let n = first; n < keywordLine; n++) comments.push(commentContent(lineText(n)))
    const instructionText = blockText.slice(commentText.length, blockText.length - lineEnd.length)
    const keyword = node.keyword.toUpperCase()
    rememberNode(escape, instructionText, node)
    const range = rangeOf(first, item.last)
    const instructionLine = keywordLine + 1 + lineShift
    // Object literals with every key in one order: the editor reparses on every keystroke.
    const raw = (flags: Flag[], problem: string | undefined): RawBlock =>
      problem === undefined
        ? { id: '', text: blockText, range, commentText, comments, instructionText, lineEnd, instructionLine, stageIndex: -1, kind: 'raw', keyword, flags }
        : { id: '', text: blockText, range, commentText, comments, instructionText, lineEnd, instructionLine, stageIndex: -1, kind: 'raw', keyword, flags, problem }
    if (!KEYWORDS.has(keyword)) {
      return raw([], `Unknown instruction "${node.keyword}"; check the spelling, or make it a comment with #`)
    }
    try {
      const result = readInstructionArgs({ keyword: keyword as Keyword, escapeChar: escape, node })
      if (result.ok) {
        const { args, flags } = result
        return { id: '', text: blockText, range, commentText, comments, instructionText, lineEnd, instructionLine, stageIndex: -1, kind: 'instruction', keyword, args, flags } as StatementBlock
      }
      return raw(result.flags, result.problem || undefined)
    } catch (error) {
      return raw([], `Could not read this ${keyword}: ${String(error)}`)
    }
  }
}

export interface StageState {
  stageIndex: number
  stageName: string | undefined
}

export function initialStageState(): StageState {
  return { stageIndex: -1, stageName: undefined }
}

function stageNameOf(block: StatementBlock): string | undefined {
  return block.kind === 'instruction' && block.keyword === 'FROM' ? block.args.stageName : undefined
}

/**
 * Sets stageIndex/stageName on the statements of `blocks[from…]` (in place),
 * starting from `state`; returns the state after the last block.
 */
export function placeInStages(blocks: Block[], from: number, state: StageState): StageState {
  let { stageIndex, stageName } = state
  for (let i = from; i < blocks.length; i++) {
    const block = blocks[i]
    if (!block || (block.kind !== 'instruction' && block.kind !== 'raw')) continue
    // A line that is not an instruction at all takes the stage index but not its name.
    if (block.keyword === undefined) {
      block.stageIndex = stageIndex
      continue
    }
    if (block.keyword === 'FROM') {
      stageIndex++
      stageName = stageNameOf(block)
    }
    block.stageIndex = stageIndex
    if (stageName !== undefined) block.stageName = stageName
  }
  return { stageIndex, stageName }
}
