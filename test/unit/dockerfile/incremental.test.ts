import fc from 'fast-check'
import { DockerfileParser } from 'dockerfile-ast'
import { validate } from 'dockerfile-utils'
import { describe, expect, it } from 'vitest'
import {
  lintDockerfile,
  parseDockerfile,
  reparseDockerfile,
  serializeDockerfile,
  type Diagnostic,
  type DockerfileDocument
} from '../../../src/shared/dockerfile'
import { clearValidationCache, lintDockerfileByBlocks, lintDockerfileWhole } from '../../../src/shared/dockerfile/lint'
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

/** dockerfile-utils throws on a few texts (then the whole-text reference has nothing to compare with). */
function validateThrows(text: string): boolean {
  try {
    validate(text)
    return false
  } catch {
    return true
  }
}

/**
 * dockerfile-utils reads the text with dockerfile-ast, which cuts a few texts
 * into instructions differently from BuildKit (and so from the model), e.g. a
 * line holding only `\`. Validating such text block by block cannot give what
 * validating it whole gives, and the model's reading is the one BuildKit has.
 */
function sameInstructions(text: string, doc: DockerfileDocument): boolean {
  const theirs = DockerfileParser.parse(text)
    .getInstructions()
    .map((i) => `${i.getRange().start.line + 1} ${i.getKeyword().toUpperCase()}`)
  const ours = doc.blocks.flatMap((b) => (b.kind === 'instruction' || b.kind === 'raw' ? [`${b.instructionLine} ${b.keyword ?? ''}`] : []))
  return theirs.join('\n') === ours.join('\n')
}

/** What a fresh start gives: parse, and lint with nothing remembered and dockerfile-utils run on the whole text. */
function cold(text: string) {
  clearValidationCache()
  const doc = parseDockerfile(text)
  return { doc, diagnostics: validateThrows(text) || !sameInstructions(text, doc) ? null : comparable(doc, lintDockerfileWhole(doc)) }
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
          if (reference.diagnostics) expect(diagnostics).toStrictEqual(reference.diagnostics)
        }
      }),
      { numRuns: 250 }
    )
  }, 120_000)

  it('block-by-block validation with nothing remembered equals validating the whole text', () => {
    fc.assert(
      fc.property(generatedDockerfile, ({ text }) => {
        fc.pre(!validateThrows(text))
        clearValidationCache()
        const doc = parseDockerfile(text)
        fc.pre(sameInstructions(text, doc))
        expect(lintDockerfileByBlocks(doc)).toStrictEqual(lintDockerfileWhole(doc))
        expect(lintDockerfile(doc)).toStrictEqual(lintDockerfileWhole(doc))
      }),
      { numRuns: 300 }
    )
  }, 60_000)

  it('still lints text that makes dockerfile-utils throw', () => {
    const text = ' EXPOSE $PORT\nFROM debian\nRUN apt-get install curl\n'
    expect(validateThrows(text)).toBe(true)
    const rules = lintDockerfile(parseDockerfile(text)).map((d) => d.rule)
    expect(rules).toContain('apt-install-yes')
    expect(rules).toContain('from-no-tag')
  })

  it('validates the whole text when a block alone makes dockerfile-utils throw but the whole text does not', () => {
    const text = 'ARG PORT=8080\n --platform=$BUILDPLATFORM $BASE AS a\nEXPOSE 80\n'
    expect(validateThrows(text)).toBe(false)
    clearValidationCache()
    const doc = parseDockerfile(text)
    expect(lintDockerfileByBlocks(doc)).toStrictEqual(lintDockerfileWhole(doc))
    expect(lintDockerfile(doc).map((d) => d.rule)).toContain('dockerfile-utils/no-source-image')
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
