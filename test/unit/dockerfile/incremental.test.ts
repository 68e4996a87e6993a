import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  lintDockerfile,
  parseDockerfile,
  reparseDockerfile,
  serializeDockerfile,
  type Diagnostic,
  type DockerfileDocument
} from '../../../src/shared/dockerfile'
import { clearValidationCache } from '../../../src/shared/dockerfile/lint'
import { applyEdit, generatedDockerfile, textEdit } from './arbitraries'
import { expectWellFormed } from './helpers'

/** The blocks without their ids (which depend on the document's history). */
function contents(doc: DockerfileDocument) {
  return doc.blocks.map(({ id: _id, ...rest }) => rest)
}

/** Diagnostics with block ids replaced by the block's position, so documents with different histories compare. */
function comparable(doc: DockerfileDocument, diagnostics: Diagnostic[]): unknown {
  const index = new Map(doc.blocks.map((b, i) => [b.id, i]))
  return JSON.parse(JSON.stringify(diagnostics, (key, value: unknown) => (key === 'blockId' ? index.get(value as string) : value)))
}

/** What a fresh start gives: parse, and lint with nothing remembered. */
function cold(text: string) {
  clearValidationCache()
  const doc = parseDockerfile(text)
  return { doc, diagnostics: comparable(doc, lintDockerfile(doc)) }
}

describe('incremental reparse and lint', () => {
  it('a reparse after edits, and its lint, equal a cold parse and lint of the same text', () => {
    fc.assert(
      fc.property(generatedDockerfile, fc.array(textEdit, { minLength: 1, maxLength: 4 }), ({ text }, edits) => {
        let doc = parseDockerfile(text)
        lintDockerfile(doc)
        let current = text
        for (const edit of edits) {
          current = applyEdit(current, edit)
          doc = reparseDockerfile(doc, current)
          const diagnostics = comparable(doc, lintDockerfile(doc))
          expectWellFormed(doc, current)
          const reference = cold(current)
          expect(contents(doc)).toStrictEqual(contents(reference.doc))
          expect(diagnostics).toStrictEqual(reference.diagnostics)
        }
      }),
      { numRuns: 250 }
    )
  }, 120_000)

  it('lints text with an instruction before the first FROM', () => {
    const rules = lintDockerfile(parseDockerfile(' EXPOSE $PORT\nFROM debian\nRUN apt-get install curl\n')).map((d) => d.rule)
    expect(rules).toEqual(expect.arrayContaining(['no-source-image', 'hadolint/DL3014', 'hadolint/DL3006']))
  })

  it('keeps the ids of blocks the edit did not touch, and shares them', () => {
    const text = 'FROM debian:bookworm AS build\nWORKDIR /src\nRUN make\n\n# the app\nFROM build\nCOPY . /app/\nCMD ["./app"]\n'
    const doc = parseDockerfile(text)
    const next = reparseDockerfile(doc, text.replace('RUN make', 'RUN make all'))
    expect(next.blocks.map((b) => b.id)).toEqual(doc.blocks.map((b) => b.id))
    expect(next.changedBlockIds).toEqual([doc.blocks[2]?.id])
    expect(next.blocks[0]).toBe(doc.blocks[0])
    expect(next.blocks[5]).toStrictEqual({ ...doc.blocks[5], range: { ...doc.blocks[5]?.range, startOffset: (doc.blocks[5]?.range.startOffset ?? 0) + 4, endOffset: (doc.blocks[5]?.range.endOffset ?? 0) + 4 } })
  })

  it('re-reads to the end when an edit opens a here-document or a continuation', () => {
    const text = 'FROM a:1\nRUN echo one\nCOPY x /y/\nCMD ["sh"]\n'
    const doc = parseDockerfile(text)
    for (const edited of [text.replace('echo one', 'echo one \\'), text.replace('echo one', '<<EOF'), text.replace('FROM a:1', '# escape=`\nFROM a:1')]) {
      const next = reparseDockerfile(doc, edited)
      expect(contents(next)).toStrictEqual(contents(parseDockerfile(edited)))
      expect(serializeDockerfile(next)).toBe(edited)
    }
  })
})
