// Every edit is a text change followed by a reparse; this module keeps block
// ids stable across that reparse so the editor's keys and selections survive.
import { parseIncrementally } from './incremental'
import { parseBlocks } from './parse'
import { detectLineEnding } from './text'
import { serializeDockerfile, withText } from './serialize'
import type { Block, DockerfileDocument } from './types'

export interface TextChange {
  start: number
  end: number
  text: string
}

export interface ReparseHints {
  /** Ids to give, in order, to new blocks that match no old block by text. */
  preferIds?: readonly string[]
}

/** Applies non-overlapping text changes and reparses, keeping the ids of unchanged blocks. */
export function applyTextChanges(
  doc: DockerfileDocument,
  changes: readonly TextChange[],
  hints: ReparseHints = {}
): DockerfileDocument {
  const source = serializeDockerfile(doc)
  const sorted = [...changes].sort((a, b) => a.start - b.start)
  let text = ''
  let cursor = 0
  for (const change of sorted) {
    text += source.slice(cursor, change.start) + change.text
    cursor = change.end
  }
  text += source.slice(cursor)
  return reparseDockerfile(doc, text, hints)
}

/**
 * Parses new text for a document that already exists (e.g. after typing in the
 * text view): blocks whose text did not change keep their ids, and a block
 * edited in place keeps its id too.
 */
export function reparseDockerfile(previous: DockerfileDocument, text: string, hints: ReparseHints = {}): DockerfileDocument {
  // Only the part the edit touched is read again; unchanged blocks are kept (shifted).
  const incremental = parseIncrementally(previous, serializeDockerfile(previous), text)
  const parsed = incremental ? { ...incremental, eol: detectLineEnding(text) } : parseBlocks(text, previous.nextId)
  const oldBlocks = previous.blocks
  const newBlocks = parsed.blocks
  const ids: (string | undefined)[] = new Array(newBlocks.length).fill(undefined)
  const same = (a: Block | undefined, b: Block | undefined) => a !== undefined && b !== undefined && a.kind === b.kind && a.text === b.text

  let prefix = 0
  while (prefix < oldBlocks.length && prefix < newBlocks.length && same(oldBlocks[prefix], newBlocks[prefix])) {
    ids[prefix] = oldBlocks[prefix]?.id
    prefix++
  }
  let suffix = 0
  while (
    suffix < oldBlocks.length - prefix &&
    suffix < newBlocks.length - prefix &&
    same(oldBlocks[oldBlocks.length - 1 - suffix], newBlocks[newBlocks.length - 1 - suffix])
  ) {
    ids[newBlocks.length - 1 - suffix] = oldBlocks[oldBlocks.length - 1 - suffix]?.id
    suffix++
  }

  const oldMiddle = oldBlocks.slice(prefix, oldBlocks.length - suffix)
  const newMiddleEnd = newBlocks.length - suffix
  const used = new Set<string>()
  for (const id of ids) if (id) used.add(id)
  // Identical text elsewhere in the changed region: the same block, moved.
  const oldByText = new Map<string, Block[]>()
  for (const o of oldMiddle) {
    const list = oldByText.get(o.text)
    if (list) list.push(o)
    else oldByText.set(o.text, [o])
  }
  for (let i = prefix; i < newMiddleEnd; i++) {
    const block = newBlocks[i]
    const match = block && oldByText.get(block.text)?.find((o) => !used.has(o.id) && same(o, block))
    if (match) {
      ids[i] = match.id
      used.add(match.id)
    }
  }
  const preferred = (hints.preferIds ?? []).filter((id) => !used.has(id))
  const unmatchedOld = oldMiddle.filter((o) => !used.has(o.id))
  const unmatchedNew: number[] = []
  for (let i = prefix; i < newMiddleEnd; i++) if (ids[i] === undefined) unmatchedNew.push(i)
  // An edit in place: the same number of blocks changed, so they pair up in order.
  const pairInOrder = preferred.length === 0 && unmatchedOld.length === unmatchedNew.length
  unmatchedNew.forEach((index, k) => {
    const candidate = pairInOrder ? unmatchedOld[k]?.id : preferred[k]
    if (candidate !== undefined && !used.has(candidate)) {
      ids[index] = candidate
      used.add(candidate)
    }
  })

  let nextId = previous.nextId
  // A preferred id may be a fresh one chosen by the caller: never hand it out again.
  for (const id of ids) {
    const n = id !== undefined && /^b\d+$/.test(id) ? Number(id.slice(1)) : -1
    if (n >= nextId) nextId = n + 1
  }
  // Blocks in the common prefix and suffix kept their text; the others can only have the ids of the old middle, or new ones.
  const oldById = new Map(oldMiddle.map((o) => [o.id, o]))
  const changed: string[] = []
  const blocks = newBlocks.map((block, i) => {
    const id = ids[i] ?? `b${nextId++}`
    const kept = i < prefix || i >= newMiddleEnd
    const old = kept ? undefined : oldById.get(id)
    if (!kept && (!old || old.text !== block.text)) changed.push(id)
    // A kept block that keeps its id is the same block: share it.
    return block.id === id ? block : ({ ...block, id } as Block)
  })
  return withText({ blocks, eol: parsed.eol, escapeChar: parsed.escapeChar, nextId, changedBlockIds: changed }, text)
}
