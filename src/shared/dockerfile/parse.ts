// Text → document. dockerfile-ast finds the instructions, directives and the
// escape character; this module cuts the text into blocks along whole lines so
// that the blocks' texts, concatenated, are the source again.
//
// The same cutting works on a part of the text (a "segment" starting where a
// block starts), which is how reparseDockerfile re-reads only what an edit
// touched (see incremental.ts).
import { DockerfileParser, type Instruction } from 'dockerfile-ast'
import { parseDocument } from './ast-memo'
import { readInstructionArgs } from './args'
import { withText } from './serialize'
import { commentContent, detectLineEnding, isBlank, isCommentLine, splitLines, trailingLineEnd, type SourceLine } from './text'
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
  if ('error' in segment) {
    const blocks = text.length === 0 ? [] : [wholeTextAsRaw(text, `b${firstId}`, segment.error)]
    return withText({ blocks, eol, escapeChar: '\\', nextId: firstId + blocks.length }, text)
  }
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
): Segment | { error: unknown } {
  const atTop = escapeChar === null
  // A blank line stops directive parsing, so a comment at the segment's start stays a comment.
  const prefix = atTop ? '' : `${escapeChar === '`' ? '# escape=`\n' : ''}\n`
  const prefixLines = atTop ? 0 : escapeChar === '`' ? 2 : 1
  const text = prefix + (from === 0 && to === source.length ? source : source.slice(from, to))
  let parsed: ReturnType<typeof DockerfileParser.parse>
  try {
    parsed = atTop && text === source ? parseDocument(text) : DockerfileParser.parse(text)
  } catch (error) {
    return { error }
  }
  const escape: EscapeCharacter = parsed.getEscapeCharacter() === '`' ? '`' : '\\'
  const lines = splitLines(text)
  /** Offset in `text` → offset in `source`. */
  const shift = from - prefix.length
  const lineShift = firstLine - 1 - prefixLines
  const lineText = (i: number) => {
    const line = lines[i]
    return line ? text.slice(line.start, line.end) : ''
  }
  const rangeOf = (first: number, last: number): SourceRange => ({
    startOffset: (lines[first]?.start ?? text.length) + shift,
    endOffset: (lines[last]?.next ?? text.length) + shift,
    startLine: first + 1 + lineShift,
    endLine: last + 1 + lineShift
  })
  const offsetOf = (line: number, character: number) => (lines[line]?.start ?? text.length) + character

  const directives = new Map<number, ReturnType<typeof parsed.getDirectives>[number]>()
  if (atTop) for (const d of parsed.getDirectives()) directives.set(d.getRange().start.line, d)
  const instructionsByLine = new Map<number, Instruction>()
  for (const instruction of parsed.getInstructions()) {
    instructionsByLine.set(instruction.getRange().start.line, instruction)
  }

  const blocks: Block[] = []
  let i = prefixLines
  while (i < lines.length) {
    const directive = directives.get(i)
    const instruction = instructionsByLine.get(i)
    if (directive) {
      blocks.push({
        kind: 'directive',
        id: '',
        text: sliceLines(text, lines, i, i),
        range: rangeOf(i, i),
        name: directive.getName(),
        value: directive.getValue()
      })
      i++
    } else if (instruction) {
      const last = Math.min(instruction.getRange().end.line, lines.length - 1)
      blocks.push(buildStatement(instruction, i, i, last))
      i = last + 1
    } else if (isBlank(lineText(i))) {
      let last = i
      while (last + 1 < lines.length && !directives.has(last + 1) && !instructionsByLine.has(last + 1) && isBlank(lineText(last + 1))) last++
      blocks.push({ kind: 'blank', id: '', text: sliceLines(text, lines, i, last), range: rangeOf(i, last) })
      i = last + 1
    } else if (isCommentLine(lineText(i))) {
      let last = i
      while (last + 1 < lines.length && !directives.has(last + 1) && !instructionsByLine.has(last + 1) && isCommentLine(lineText(last + 1))) last++
      const next = instructionsByLine.get(last + 1)
      if (next) {
        const end = Math.min(next.getRange().end.line, lines.length - 1)
        blocks.push(buildStatement(next, i, last + 1, end))
        i = end + 1
      } else {
        const commentLines = []
        for (let k = i; k <= last; k++) commentLines.push(commentContent(lineText(k)))
        blocks.push({ kind: 'comment', id: '', text: sliceLines(text, lines, i, last), range: rangeOf(i, last), lines: commentLines })
        i = last + 1
      }
    } else {
      // Not expected from dockerfile-ast, but never lose text.
      blocks.push(rawLines(i, i, 'This line is not an instruction, a comment or a parser directive'))
      i++
    }
  }
  return { blocks, escapeChar: escape }

  function rawLines(first: number, last: number, problem: string): RawBlock {
    const blockText = sliceLines(text, lines, first, last)
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
      problem
    }
  }

  /** One instruction (lines keywordLine..last) with its comments (lines first..keywordLine-1). */
  function buildStatement(node: Instruction, first: number, keywordLine: number, last: number): StatementBlock {
    const blockText = sliceLines(text, lines, first, last)
    const lineEnd = trailingLineEnd(blockText)
    const commentText = first < keywordLine ? sliceLines(text, lines, first, keywordLine - 1) : ''
    const comments: string[] = []
    for (let k = first; k < keywordLine; k++) comments.push(commentContent(lineText(k)))
    const instructionText = blockText.slice(commentText.length, blockText.length - lineEnd.length)
    const keyword = node.getKeyword().toUpperCase()
    const range = rangeOf(first, last)
    const instructionLine = keywordLine + 1 + lineShift
    // Object literals with every key in one order: the editor reparses on every keystroke.
    const raw = (flags: Flag[], problem: string | undefined): RawBlock =>
      problem === undefined
        ? { id: '', text: blockText, range, commentText, comments, instructionText, lineEnd, instructionLine, stageIndex: -1, kind: 'raw', keyword, flags }
        : { id: '', text: blockText, range, commentText, comments, instructionText, lineEnd, instructionLine, stageIndex: -1, kind: 'raw', keyword, flags, problem }
    if (!KEYWORDS.has(keyword)) {
      return raw([], `Unknown instruction "${node.getInstruction()}"; check the spelling, or make it a comment with #`)
    }
    const keywordEnd = node.getInstructionRange().end
    const blockStart = lines[first]?.start ?? 0
    const argumentText = blockText.slice(offsetOf(keywordEnd.line, keywordEnd.character) - blockStart, blockText.length - lineEnd.length)
    try {
      const result = readInstructionArgs({ keyword: keyword as Keyword, argumentText, escapeChar: escape, node })
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

function sliceLines(text: string, lines: SourceLine[], first: number, last: number): string {
  return text.slice(lines[first]?.start ?? text.length, lines[last]?.next ?? text.length)
}

function wholeTextAsRaw(text: string, id: string, error: unknown): RawBlock {
  const lineEnd = trailingLineEnd(text)
  const lineCount = Math.max(1, splitLines(text).length)
  return {
    kind: 'raw',
    id,
    text,
    range: { startOffset: 0, endOffset: text.length, startLine: 1, endLine: lineCount },
    commentText: '',
    comments: [],
    instructionText: text.slice(0, text.length - lineEnd.length),
    lineEnd,
    instructionLine: 1,
    stageIndex: -1,
    flags: [],
    problem: `The Dockerfile could not be read: ${String(error)}`
  }
}
