// Text → document. dockerfile-ast finds the instructions, directives and the
// escape character; this module cuts the text into blocks along whole lines so
// that the blocks' texts, concatenated, are the source again.
import { DockerfileParser, type Instruction } from 'dockerfile-ast'
import { readInstructionArgs } from './args'
import { commentContent, detectLineEnding, isBlank, isCommentLine, splitLines, trailingLineEnd, type SourceLine } from './text'
import {
  INSTRUCTION_KEYWORDS,
  type Block,
  type DockerfileDocument,
  type EscapeCharacter,
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
  let nextId = firstId
  const newId = () => `b${nextId++}`
  const eol = detectLineEnding(text)
  let parsed: ReturnType<typeof DockerfileParser.parse>
  try {
    parsed = DockerfileParser.parse(text)
  } catch (error) {
    const blocks = text.length === 0 ? [] : [wholeTextAsRaw(text, newId(), error)]
    return { blocks, eol, escapeChar: '\\', nextId }
  }
  const escapeChar: EscapeCharacter = parsed.getEscapeCharacter() === '`' ? '`' : '\\'
  const lines = splitLines(text)
  const lineText = (i: number) => {
    const line = lines[i]
    return line ? text.slice(line.start, line.end) : ''
  }
  const rangeOf = (first: number, last: number): SourceRange => ({
    startOffset: lines[first]?.start ?? text.length,
    endOffset: lines[last]?.next ?? text.length,
    startLine: first + 1,
    endLine: last + 1
  })
  const offsetOf = (line: number, character: number) => (lines[line]?.start ?? text.length) + character

  const directives = new Map(parsed.getDirectives().map((d) => [d.getRange().start.line, d]))
  const instructionsByLine = new Map<number, Instruction>()
  for (const instruction of parsed.getInstructions()) {
    instructionsByLine.set(instruction.getRange().start.line, instruction)
  }

  const blocks: Block[] = []
  let stageIndex = -1
  let stageName: string | undefined
  let i = 0
  while (i < lines.length) {
    const directive = directives.get(i)
    const instruction = instructionsByLine.get(i)
    if (directive) {
      blocks.push({
        kind: 'directive',
        id: newId(),
        text: sliceLines(text, lines, i, i),
        range: rangeOf(i, i),
        name: directive.getName(),
        value: directive.getValue()
      })
      i++
    } else if (instruction) {
      const last = Math.min(instruction.getRange().end.line, lines.length - 1)
      blocks.push(placeInStage(buildStatement(instruction, i, i, last)))
      i = last + 1
    } else if (isBlank(lineText(i))) {
      let last = i
      while (last + 1 < lines.length && !directives.has(last + 1) && !instructionsByLine.has(last + 1) && isBlank(lineText(last + 1))) last++
      blocks.push({ kind: 'blank', id: newId(), text: sliceLines(text, lines, i, last), range: rangeOf(i, last) })
      i = last + 1
    } else if (isCommentLine(lineText(i))) {
      let last = i
      while (last + 1 < lines.length && !directives.has(last + 1) && !instructionsByLine.has(last + 1) && isCommentLine(lineText(last + 1))) last++
      const next = instructionsByLine.get(last + 1)
      if (next) {
        const end = Math.min(next.getRange().end.line, lines.length - 1)
        blocks.push(placeInStage(buildStatement(next, i, last + 1, end)))
        i = end + 1
      } else {
        const commentLines = []
        for (let k = i; k <= last; k++) commentLines.push(commentContent(lineText(k)))
        blocks.push({ kind: 'comment', id: newId(), text: sliceLines(text, lines, i, last), range: rangeOf(i, last), lines: commentLines })
        i = last + 1
      }
    } else {
      // Not expected from dockerfile-ast, but never lose text.
      blocks.push(rawLines(i, i, 'This line is not an instruction, a comment or a parser directive'))
      i++
    }
  }
  return { blocks, eol, escapeChar, nextId }

  function placeInStage(block: StatementBlock): StatementBlock {
    if (block.keyword === 'FROM') {
      stageIndex++
      stageName = block.kind === 'instruction' && block.keyword === 'FROM' ? block.args.stageName : undefined
    }
    block.stageIndex = stageIndex
    if (stageName !== undefined) block.stageName = stageName
    return block
  }

  function rawLines(first: number, last: number, problem: string): RawBlock {
    const blockText = sliceLines(text, lines, first, last)
    const lineEnd = trailingLineEnd(blockText)
    return {
      kind: 'raw',
      id: newId(),
      text: blockText,
      range: rangeOf(first, last),
      commentText: '',
      comments: [],
      instructionText: blockText.slice(0, blockText.length - lineEnd.length),
      lineEnd,
      instructionLine: first + 1,
      stageIndex,
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
    const base = {
      id: newId(),
      text: blockText,
      range: rangeOf(first, last),
      commentText,
      comments,
      instructionText,
      lineEnd,
      instructionLine: keywordLine + 1,
      stageIndex
    }
    if (!KEYWORDS.has(keyword)) {
      return { ...base, kind: 'raw', keyword, flags: [], problem: `Unknown instruction "${node.getInstruction()}"; check the spelling, or make it a comment with #` }
    }
    const keywordEnd = node.getInstructionRange().end
    const blockStart = lines[first]?.start ?? 0
    const argumentText = blockText.slice(offsetOf(keywordEnd.line, keywordEnd.character) - blockStart, blockText.length - lineEnd.length)
    try {
      const result = readInstructionArgs({ keyword: keyword as Keyword, argumentText, escapeChar, node })
      if (result.ok) {
        return { ...base, kind: 'instruction', keyword: keyword as Keyword, args: result.args, flags: result.flags } as StatementBlock
      }
      return { ...base, kind: 'raw', keyword, flags: result.flags, ...(result.problem ? { problem: result.problem } : {}) }
    } catch (error) {
      return { ...base, kind: 'raw', keyword, flags: [], problem: `Could not read this ${keyword}: ${String(error)}` }
    }
  }
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
