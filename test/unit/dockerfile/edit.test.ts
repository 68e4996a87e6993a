import { describe, expect, it } from 'vitest'
import {
  defaultArgs,
  duplicateBlock,
  INSTRUCTION_KEYWORDS,
  insertInstruction,
  moveBlock,
  moveInstruction,
  parseDockerfile,
  removeBlock,
  renderInstruction,
  reparseDockerfile,
  serializeDockerfile,
  setBlockText,
  updateInstruction,
  type DockerfileDocument
} from '../../../src/shared/dockerfile'
import { expectWellFormed, instruction, parse } from './helpers'

const text = (doc: DockerfileDocument) => serializeDockerfile(doc)

describe('updateInstruction', () => {
  it('rewrites only that instruction, keeping its comments and every other byte', () => {
    const source = '# top\nFROM alpine:3.20\n\n# install curl\nRUN apk add curl\nCMD ["sh"]\n'
    const doc = parse(source)
    const run = instruction(doc, 'RUN')
    const next = updateInstruction(doc, run.id, { form: 'shell', commands: ['apk add --no-cache curl', 'echo ok'] })
    expect(text(next)).toBe('# top\nFROM alpine:3.20\n\n# install curl\nRUN apk add --no-cache curl \\\n    && echo ok\nCMD ["sh"]\n')
    expect(instruction(next, 'RUN').id).toBe(run.id)
    expect(next.changedBlockIds).toEqual([run.id])
    expect(next.blocks.map((b) => b.id)).toEqual(doc.blocks.map((b) => b.id))
    expect(text(doc)).toBe(source)
    expectWellFormed(next)
  })

  it('keeps CRLF and the backtick escape character', () => {
    const doc = parse('# escape=`\r\nFROM a:1\r\nRUN echo a\r\nCMD ["sh"]\r\n')
    const next = updateInstruction(doc, instruction(doc, 'RUN').id, { form: 'shell', commands: ['echo a', 'echo b'] })
    expect(text(next)).toBe('# escape=`\r\nFROM a:1\r\nRUN echo a `\r\n    && echo b\r\nCMD ["sh"]\r\n')
    expect(instruction(next, 'RUN').args).toEqual({ form: 'shell', commands: ['echo a', 'echo b'] })
  })

  it('keeps a missing final newline missing', () => {
    const doc = parse('FROM a:1\nEXPOSE 80')
    const next = updateInstruction(doc, instruction(doc, 'EXPOSE').id, { ports: [{ port: 8080, protocol: 'tcp' }, { port: 53, protocol: 'udp' }] })
    expect(text(next)).toBe('FROM a:1\nEXPOSE 8080 53/udp')
  })

  it('returns the same document when nothing changes or the id is unknown', () => {
    const doc = parse('FROM alpine:3.20\n')
    expect(updateInstruction(doc, instruction(doc, 'FROM').id, { image: 'alpine', tag: '3.20' })).toBe(doc)
    expect(updateInstruction(doc, 'nope', { image: 'x' })).toBe(doc)
  })
})

describe('renderInstruction', () => {
  it.each(INSTRUCTION_KEYWORDS)('%s: a new instruction starts empty (the form shows placeholders), as its keyword alone, which the block says is incomplete', (keyword) => {
    const rendered = renderInstruction(keyword, defaultArgs(keyword))
    expect(rendered).toBe(keyword === 'HEALTHCHECK' ? 'HEALTHCHECK CMD' : keyword)
    const doc = parseDockerfile(`${keyword === 'FROM' ? '' : 'FROM a:1\n'}${rendered}\n`)
    const block = doc.blocks[doc.blocks.length - 1]
    expect(block?.kind === 'raw' && block.problem).toMatch(/needs|must/)
  })

  it('quotes values that need it and uses JSON form for paths with spaces', () => {
    expect(renderInstruction('ENV', { pairs: [{ key: 'A', value: 'two words' }, { key: 'B', value: 'say "hi"' }] })).toBe(
      'ENV A="two words" B="say \\"hi\\""'
    )
    expect(renderInstruction('COPY', { sources: ['my file.txt'], destination: '/app/' })).toBe('COPY ["my file.txt", "/app/"]')
    expect(renderInstruction('COPY', { sources: ['a', 'b'], destination: '/app/', from: 'build', chown: '1:1', link: true })).toBe(
      'COPY --from=build --chown=1:1 --link a b /app/'
    )
    expect(renderInstruction('FROM', { image: 'golang', tag: '1.22', platform: '$BUILDPLATFORM', stageName: 'build' })).toBe(
      'FROM --platform=$BUILDPLATFORM golang:1.22 AS build'
    )
    expect(renderInstruction('HEALTHCHECK', { none: true })).toBe('HEALTHCHECK NONE')
    expect(renderInstruction('RUN', { form: 'heredoc', commands: ['set -e', 'echo hi'] }, { eol: '\r\n' })).toBe(
      'RUN <<EOF\r\nset -e\r\necho hi\r\nEOF'
    )
  })
})

describe('setBlockText', () => {
  it('reparses the new text of one instruction', () => {
    const doc = parse('FROM a:1\n# keep me\nRUN echo a\nCMD ["sh"]\n')
    const run = instruction(doc, 'RUN')
    const next = setBlockText(doc, run.id, 'COPY . /app')
    expect(text(next)).toBe('FROM a:1\n# keep me\nCOPY . /app\nCMD ["sh"]\n')
    expect(instruction(next, 'COPY')).toMatchObject({ id: run.id, comments: ['keep me'] })
  })

  it('turns typed line breaks into the document line ending', () => {
    const doc = parse('FROM a:1\r\nRUN x\r\n')
    const next = setBlockText(doc, instruction(doc, 'RUN').id, 'RUN a \\\n  && b')
    expect(text(next)).toBe('FROM a:1\r\nRUN a \\\r\n  && b\r\n')
  })

  it('keeps broken text as a raw block (nothing is lost)', () => {
    const doc = parse('FROM a:1\nRUN x\n')
    const next = setBlockText(doc, instruction(doc, 'RUN').id, 'RUNN x')
    expect(text(next)).toBe('FROM a:1\nRUNN x\n')
    expect(next.blocks[1]).toMatchObject({ kind: 'raw', keyword: 'RUNN' })
  })

  it('edits comment blocks too, and empty text removes an instruction', () => {
    const doc = parse('# old\n\nFROM a:1\nRUN x\n')
    const comment = doc.blocks[0]
    if (!comment) throw new Error('no comment')
    expect(text(setBlockText(doc, comment.id, '# new'))).toBe('# new\n\nFROM a:1\nRUN x\n')
    expect(text(setBlockText(doc, instruction(doc, 'RUN').id, ''))).toBe('# old\n\nFROM a:1\n')
  })
})

describe('insertInstruction', () => {
  it('inserts with defaults (the keyword alone, to be filled in) after a block, and reports the new id', () => {
    const doc = parse('FROM a:1\nCMD ["sh"]\n')
    const next = insertInstruction(doc, { afterId: instruction(doc, 'FROM').id }, 'WORKDIR')
    expect(text(next)).toBe('FROM a:1\nWORKDIR\nCMD ["sh"]\n')
    const workdir = next.blocks.find((b) => b.kind === 'raw' && b.keyword === 'WORKDIR')!
    expect(next.changedBlockIds).toEqual([workdir.id])
    expect(doc.blocks.map((b) => b.id)).not.toContain(workdir.id)
  })

  it('inserts at an index, with given arguments, into an empty document and at the end', () => {
    const empty = parse('')
    const one = insertInstruction(empty, 0, 'FROM', { image: 'python', tag: '3.12-slim' })
    expect(text(one)).toBe('FROM python:3.12-slim\n')
    const two = insertInstruction(one, one.blocks.length, 'EXPOSE', { ports: [{ port: 5000, protocol: 'tcp' }] })
    expect(text(two)).toBe('FROM python:3.12-slim\nEXPOSE 5000\n')
    const noNewline = parse('FROM a:1')
    expect(text(insertInstruction(noNewline, 1, 'USER', { user: 'app' }))).toBe('FROM a:1\nUSER app')
  })

  it('never goes above parser directives, and uses CRLF in CRLF documents', () => {
    const doc = parse('# escape=`\r\nFROM a:1\r\n')
    expect(text(insertInstruction(doc, 0, 'ARG', { name: 'V' }))).toBe('# escape=`\r\nARG V\r\nFROM a:1\r\n')
  })
})

describe('removeBlock and duplicateBlock', () => {
  it('removes an instruction with its comments', () => {
    const doc = parse('FROM a:1\n# why\nRUN x\nCMD ["sh"]\n')
    expect(text(removeBlock(doc, instruction(doc, 'RUN').id))).toBe('FROM a:1\nCMD ["sh"]\n')
  })

  it('duplicates a block right after itself with a new id', () => {
    const doc = parse('FROM a:1\nRUN x\nCMD ["sh"]\n')
    const run = instruction(doc, 'RUN')
    const next = duplicateBlock(doc, run.id)
    expect(text(next)).toBe('FROM a:1\nRUN x\nRUN x\nCMD ["sh"]\n')
    expect(instruction(next, 'RUN', 0).id).toBe(run.id)
    expect(instruction(next, 'RUN', 1).id).not.toBe(run.id)
    expect(text(duplicateBlock(parse('FROM a:1'), parse('FROM a:1').blocks[0]?.id ?? ''))).toBe('FROM a:1\nFROM a:1')
  })
})

describe('moveBlock and moveInstruction', () => {
  const source = 'FROM a:1\n# about copy\nCOPY . /app\nRUN make\nCMD ["sh"]'

  it('moves a block with its comments and keeps its id', () => {
    const doc = parse(source)
    const copy = instruction(doc, 'COPY')
    const next = moveBlock(doc, copy.id, 2)
    expect(text(next)).toBe('FROM a:1\nRUN make\n# about copy\nCOPY . /app\nCMD ["sh"]')
    expect(instruction(next, 'COPY')).toMatchObject({ id: copy.id, comments: ['about copy'] })
    expect(new Set(next.blocks.map((b) => b.id))).toEqual(new Set(doc.blocks.map((b) => b.id)))
  })

  it('moves the last line (without newline) up safely', () => {
    const doc = parse(source)
    const next = moveBlock(doc, instruction(doc, 'CMD').id, 1)
    expect(text(next)).toBe('FROM a:1\nCMD ["sh"]\n# about copy\nCOPY . /app\nRUN make\n')
    expectWellFormed(next)
  })

  it('moves up and down past comments and blank lines', () => {
    const doc = parse('FROM a:1\n\nRUN one\n\nRUN two\n')
    const two = instruction(doc, 'RUN', 1)
    const up = moveInstruction(doc, two.id, 'up')
    expect(text(up)).toBe('FROM a:1\n\nRUN two\nRUN one\n\n')
    expect(text(moveInstruction(up, two.id, 'down'))).toBe('FROM a:1\n\nRUN one\nRUN two\n\n')
    expect(moveInstruction(doc, instruction(doc, 'FROM').id, 'up')).toBe(doc)
  })

  it('recomputes stages when a FROM moves', () => {
    const doc = parse('FROM a:1 AS one\nRUN x\nFROM b:1 AS two\n')
    const next = moveBlock(doc, instruction(doc, 'RUN').id, 2)
    expect(instruction(next, 'RUN')).toMatchObject({ stageIndex: 1, stageName: 'two' })
  })
})

describe('reparseDockerfile', () => {
  it('keeps the ids of unchanged blocks and of a block edited in place', () => {
    const doc = parse('FROM a:1\nRUN one\nCMD ["sh"]\n')
    const next = reparseDockerfile(doc, 'FROM a:1\nRUN one two\nCMD ["sh"]\n')
    expect(next.blocks.map((b) => b.id)).toEqual(doc.blocks.map((b) => b.id))
    const added = reparseDockerfile(doc, 'FROM a:1\nRUN one\nUSER app\nCMD ["sh"]\n')
    expect(added.blocks.map((b) => b.id).filter((id) => doc.blocks.some((b) => b.id === id))).toHaveLength(3)
  })
})
