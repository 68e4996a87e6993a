// Pure edits for the visual editor. Each returns a new document; only the
// text of the blocks it touches changes, every other byte stays.
import { applyTextChanges, reparseDockerfile, type TextChange } from './document'
import { defaultArgs, renderInstruction } from './render'
import { serializeDockerfile } from './serialize'
import { trailingLineEnd } from './text'
import {
  INSTRUCTION_KEYWORDS,
  type ArgsByKeyword,
  type Block,
  type DockerfileDocument,
  type InstructionArgs,
  type Keyword,
  type StatementBlock
} from './types'

export type InsertPosition = number | { afterId: string } | { beforeId: string }

export function findBlock(doc: DockerfileDocument, id: string): Block | undefined {
  return doc.blocks.find((b) => b.id === id)
}

export function isStatement(block: Block | undefined): block is StatementBlock {
  return block !== undefined && (block.kind === 'instruction' || block.kind === 'raw')
}

function isKeyword(word: string | undefined): word is Keyword {
  return word !== undefined && (INSTRUCTION_KEYWORDS as readonly string[]).includes(word)
}

/** Offsets of the instruction's own text (after its comments, before its line end). */
export function instructionSpan(block: StatementBlock): { start: number; end: number } {
  const start = block.range.startOffset + block.commentText.length
  return { start, end: start + block.instructionText.length }
}

/** Line breaks typed in a text box become the document's own. */
function withLineEnding(text: string, doc: DockerfileDocument): string {
  return text.replace(/\r\n|\r|\n/g, doc.eol)
}

function freshId(doc: DockerfileDocument): string {
  return `b${doc.nextId}`
}

/** Rewrites an instruction from typed arguments; its comments and every other block stay as they are. */
export function updateInstruction<K extends Keyword>(doc: DockerfileDocument, id: string, args: ArgsByKeyword[K]): DockerfileDocument
export function updateInstruction(doc: DockerfileDocument, id: string, args: InstructionArgs): DockerfileDocument {
  const block = findBlock(doc, id)
  if (!isStatement(block) || !isKeyword(block.keyword)) return doc
  const text = renderInstruction(block.keyword, args, { eol: doc.eol, escapeChar: doc.escapeChar })
  return replaceInstructionText(doc, block, text)
}

/**
 * Replaces a block's text as typed by a person and reparses it. For an
 * instruction this is the instruction's own text (its comments above stay);
 * for a comment, blank or directive block it is the whole text but its final
 * line end. Empty text removes the instruction.
 */
export function setBlockText(doc: DockerfileDocument, id: string, text: string): DockerfileDocument {
  const block = findBlock(doc, id)
  if (!block) return doc
  const newText = withLineEnding(text, doc)
  if (isStatement(block)) {
    if (newText === '') {
      const { start, end } = instructionSpan(block)
      return applyTextChanges(doc, [{ start, end: end + block.lineEnd.length, text: '' }])
    }
    return replaceInstructionText(doc, block, newText)
  }
  const lineEnd = trailingLineEnd(block.text)
  const change: TextChange = { start: block.range.startOffset, end: block.range.endOffset - lineEnd.length, text: newText }
  return applyTextChanges(doc, [change], { preferIds: [block.id] })
}

function replaceInstructionText(doc: DockerfileDocument, block: StatementBlock, text: string): DockerfileDocument {
  if (text === block.instructionText) return doc
  const { start, end } = instructionSpan(block)
  return applyTextChanges(doc, [{ start, end, text }], { preferIds: [block.id] })
}

function indexOfPosition(doc: DockerfileDocument, at: InsertPosition): number {
  if (typeof at === 'number') return at
  if ('afterId' in at) {
    const i = doc.blocks.findIndex((b) => b.id === at.afterId)
    return i === -1 ? doc.blocks.length : i + 1
  }
  const i = doc.blocks.findIndex((b) => b.id === at.beforeId)
  return i === -1 ? doc.blocks.length : i
}

/** Parser directives must stay at the very top, so nothing goes above them. */
function firstMovableIndex(blocks: readonly Block[]): number {
  let i = 0
  while (blocks[i]?.kind === 'directive') i++
  return i
}

function clampIndex(blocks: readonly Block[], index: number): number {
  return Math.max(firstMovableIndex(blocks), Math.min(blocks.length, Math.trunc(index)))
}

/** Inserts block text (without a final line end) before the block at `index`. */
function insertText(doc: DockerfileDocument, index: number, text: string, id: string): DockerfileDocument {
  const at = clampIndex(doc.blocks, index)
  const next = doc.blocks[at]
  if (next) {
    return applyTextChanges(doc, [{ start: next.range.startOffset, end: next.range.startOffset, text: text + doc.eol }], { preferIds: [id] })
  }
  const source = serializeDockerfile(doc)
  const needsBreak = source.length > 0 && trailingLineEnd(source) === ''
  const change = needsBreak ? doc.eol + text : text + doc.eol
  return applyTextChanges(doc, [{ start: source.length, end: source.length, text: change }], { preferIds: [id] })
}

/** Adds an instruction; without `args` it starts with sensible defaults for its keyword. The new block's id is in `changedBlockIds`. */
export function insertInstruction<K extends Keyword>(
  doc: DockerfileDocument,
  at: InsertPosition,
  keyword: K,
  args?: ArgsByKeyword[K]
): DockerfileDocument {
  const text = renderInstruction(keyword, args ?? defaultArgs(keyword), { eol: doc.eol, escapeChar: doc.escapeChar })
  return insertText(doc, indexOfPosition(doc, at), text, freshId(doc))
}

export function removeBlock(doc: DockerfileDocument, id: string): DockerfileDocument {
  const block = findBlock(doc, id)
  if (!block) return doc
  return applyTextChanges(doc, [{ start: block.range.startOffset, end: block.range.endOffset, text: '' }])
}

/** Puts a copy of the block (with its comments) right after it. */
export function duplicateBlock(doc: DockerfileDocument, id: string): DockerfileDocument {
  const index = doc.blocks.findIndex((b) => b.id === id)
  const block = doc.blocks[index]
  if (!block) return doc
  const lineEnd = trailingLineEnd(block.text)
  return insertText(doc, index + 1, block.text.slice(0, block.text.length - lineEnd.length), freshId(doc))
}

/**
 * Moves a block (with the comments attached to it) so that it ends up at
 * `toIndex` in the new block list.
 */
export function moveBlock(doc: DockerfileDocument, id: string, toIndex: number): DockerfileDocument {
  const from = doc.blocks.findIndex((b) => b.id === id)
  const moving = doc.blocks[from]
  if (!moving) return doc
  const rest = doc.blocks.filter((b) => b.id !== id)
  const to = clampIndex(rest, toIndex)
  if (to === from) return doc
  const order = [...rest.slice(0, to), moving, ...rest.slice(to)]
  let text = ''
  order.forEach((block, i) => {
    text += block.text
    if (i < order.length - 1 && trailingLineEnd(block.text) === '') text += doc.eol
  })
  return reparseDockerfile(doc, text, { preferIds: [id] })
}

/** Keyboard move: swaps an instruction with the previous or next instruction, skipping comments and blank lines. */
export function moveInstruction(doc: DockerfileDocument, id: string, direction: 'up' | 'down'): DockerfileDocument {
  const from = doc.blocks.findIndex((b) => b.id === id)
  if (from === -1) return doc
  if (direction === 'up') {
    for (let i = from - 1; i >= 0; i--) if (isStatement(doc.blocks[i])) return moveBlock(doc, id, i)
  } else {
    for (let i = from + 1; i < doc.blocks.length; i++) if (isStatement(doc.blocks[i])) return moveBlock(doc, id, i)
  }
  return doc
}
