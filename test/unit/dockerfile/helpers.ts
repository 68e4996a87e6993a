import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect } from 'vitest'
import { parseDockerfile, serializeDockerfile, type Block, type DockerfileDocument, type InstructionBlock, type Keyword } from '../../../src/shared/dockerfile'

export const FIXTURES = fileURLToPath(new URL('../../fixtures/dockerfiles/', import.meta.url))

export function fixtureNames(): string[] {
  return readdirSync(FIXTURES).filter((name) => name.endsWith('.Dockerfile')).sort()
}

/** Read as bytes decoded to a string, so CRLF and a BOM survive. */
export function readFixture(name: string): string {
  return readFileSync(join(FIXTURES, name)).toString('utf8')
}

/** The invariants every document must keep: blocks tile the text, ranges agree, ids are unique. */
export function expectWellFormed(doc: DockerfileDocument, text = serializeDockerfile(doc)): void {
  expect(serializeDockerfile(doc)).toBe(text)
  let offset = 0
  const ids = new Set<string>()
  for (const block of doc.blocks) {
    expect(block.text.length).toBeGreaterThan(0)
    expect(block.range.startOffset).toBe(offset)
    expect(block.range.endOffset).toBe(offset + block.text.length)
    expect(text.slice(block.range.startOffset, block.range.endOffset)).toBe(block.text)
    expect(ids.has(block.id)).toBe(false)
    ids.add(block.id)
    if (block.kind === 'instruction' || block.kind === 'raw') {
      expect(block.commentText + block.instructionText + block.lineEnd).toBe(block.text)
    }
    offset += block.text.length
  }
  expect(offset).toBe(text.length)
}

export function instruction<K extends Keyword>(doc: DockerfileDocument, keyword: K, nth = 0): Extract<InstructionBlock, { keyword: K }> {
  const found = doc.blocks.filter((b): b is InstructionBlock => b.kind === 'instruction' && b.keyword === keyword)[nth]
  if (!found) throw new Error(`no ${keyword} #${nth}`)
  return found as Extract<InstructionBlock, { keyword: K }>
}

export function statements(doc: DockerfileDocument): Block[] {
  return doc.blocks.filter((b) => b.kind === 'instruction' || b.kind === 'raw')
}

export function parse(text: string): DockerfileDocument {
  const doc = parseDockerfile(text)
  expectWellFormed(doc, text)
  return doc
}
