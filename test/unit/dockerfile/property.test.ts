import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  parseDockerfile,
  serializeDockerfile,
  setBlockText,
  updateInstruction,
  type InstructionArgs,
  type InstructionBlock
} from '../../../src/shared/dockerfile'
import { expectWellFormed } from './helpers'

type Style = { eol: '\n' | '\r\n'; escape: '\\' | '`' }

const word = fc.stringMatching(/^[a-z][a-z0-9._-]{0,7}$/)
const upperWord = fc.stringMatching(/^[A-Z][A-Z0-9_]{0,6}$/)
const port = fc.integer({ min: 1, max: 65535 })
const indent = fc.constantFrom('', ' ', '    ', '\t')
const trailing = fc.constantFrom('', ' ', '\t', '  ')

/** One instruction's text (possibly several lines), without a final line end. */
function instructionText({ eol, escape }: Style): fc.Arbitrary<string> {
  const cont = (more: string) => ` ${escape}${eol}${more}`
  return fc.oneof(
    fc.tuple(word, word, fc.option(word, { nil: undefined })).map(([i, t, s]) => `FROM ${i}:${t}${s ? ` AS ${s}` : ''}`),
    fc.array(fc.tuple(word, word), { minLength: 1, maxLength: 4 }).map((cmds) => `RUN ${cmds.map(([a, b]) => `${a} ${b}`).join(cont('    && '))}`),
    fc.tuple(word, word, word).map(([a, c, b]) => `RUN ${a}${cont(`    # ${c}${eol}`)}    && ${b}`),
    fc.tuple(word, word).map(([a, b]) => `RUN <<EOF${eol}${a}${eol}${b}${eol}EOF`),
    fc.tuple(word, word).map(([a, b]) => `COPY ${a} /${b}/`),
    fc.tuple(word, word).map(([a, b]) => `COPY --chown=${a}:${a} ["${a} ${b}", "/dest/"]`),
    fc.tuple(upperWord, word, upperWord, word).map(([k, v, k2, v2]) => `ENV ${k}=${v}${cont(`    ${k2}=${v2}`)}`),
    fc.tuple(upperWord, word).map(([k, v]) => `LABEL ${k.toLowerCase()}="${v} ${v}"`),
    fc.array(port, { minLength: 1, maxLength: 3 }).map((ps) => `EXPOSE ${ps.join(' ')}`),
    fc.array(word, { minLength: 1, maxLength: 3 }).map((ws) => `CMD [${ws.map((w) => `"${w}"`).join(', ')}]`),
    fc.tuple(word, word).map(([a, b]) => `ENTRYPOINT ${a} ${b}`),
    word.map((w) => `WORKDIR /${w}`),
    fc.tuple(upperWord, fc.option(word, { nil: undefined })).map(([n, d]) => `ARG ${n}${d ? `=${d}` : ''}`),
    word.map((w) => `USER ${w}`),
    word.map((w) => `VOLUME /${w}`),
    fc.constant('HEALTHCHECK NONE'),
    word.map((w) => `HEALTHCHECK --interval=5s CMD ${w}`),
    word.map((w) => `ONBUILD RUN ${w}`),
    fc.constant('STOPSIGNAL SIGTERM'),
    fc.constant('SHELL ["/bin/sh", "-c"]'),
    word.map((w) => `run ${w}`),
    word.map((w) => `BOGUS ${w}`)
  )
}

const line = (style: Style) =>
  fc.oneof(
    { weight: 5, arbitrary: fc.tuple(indent, instructionText(style), trailing).map(([i, t, tr]) => `${i}${t}${tr}`) },
    { weight: 2, arbitrary: fc.tuple(indent, word).map(([i, w]) => `${i}# ${w}`) },
    { weight: 1, arbitrary: fc.tuple(word).map(([w]) => `# slipway-ignore: ${w}`) },
    { weight: 2, arbitrary: fc.constantFrom('', ' ', '\t', '   ') }
  )

const dockerfile = fc
  .record({
    eol: fc.constantFrom<'\n' | '\r\n'>('\n', '\r\n'),
    escape: fc.constantFrom<'\\' | '`'>('\\', '`'),
    syntax: fc.boolean(),
    finalNewline: fc.boolean()
  })
  .chain((s) =>
    fc.array(line(s), { maxLength: 25 }).map((lines) => {
      const head = [...(s.syntax ? ['# syntax=docker/dockerfile:1'] : []), ...(s.escape === '`' ? ['# escape=`'] : [])]
      const all = [...head, ...lines]
      const text = all.join(s.eol) + (s.finalNewline && all.length > 0 ? s.eol : '')
      return { text, style: s as Style }
    })
  )

const statementIndexes = (text: string) =>
  parseDockerfile(text)
    .blocks.map((b, i) => [b, i] as const)
    .filter(([b]) => b.kind === 'instruction')
    .map(([, i]) => i)

function spanOf(block: InstructionBlock) {
  const start = block.range.startOffset + block.commentText.length
  return { start, end: start + block.instructionText.length }
}

describe('properties', () => {
  it('parse → serialize is the identity', () => {
    fc.assert(
      fc.property(dockerfile, ({ text }) => {
        const doc = parseDockerfile(text)
        expect(serializeDockerfile(doc)).toBe(text)
        expectWellFormed(doc, text)
      }),
      { numRuns: 400 }
    )
  })

  it('updateInstruction changes only that instruction, and its arguments read back', () => {
    fc.assert(
      fc.property(
        dockerfile.filter(({ text }) => statementIndexes(text).length > 0),
        fc.nat(),
        word,
        ({ text }, pick, extra) => {
          const doc = parseDockerfile(text)
          const indexes = statementIndexes(text)
          const block = doc.blocks[indexes[pick % indexes.length] ?? 0] as InstructionBlock
          let args: InstructionArgs = block.args
          if (block.keyword === 'RUN' && block.args.form === 'shell') args = { ...block.args, commands: [...block.args.commands, `echo ${extra}`] }
          const next = updateInstruction(doc, block.id, args)
          const after = serializeDockerfile(next)
          const { start, end } = spanOf(block)
          expect(after.startsWith(text.slice(0, start))).toBe(true)
          expect(after.endsWith(text.slice(end))).toBe(true)
          expectWellFormed(next)
          const edited = next.blocks.find((b) => b.id === block.id)
          expect(edited?.kind).toBe('instruction')
          if (edited?.kind === 'instruction') expect(edited.args).toEqual(args)
          expect(serializeDockerfile(doc)).toBe(text)
        }
      ),
      { numRuns: 300 }
    )
  })

  it('setBlockText changes only that block', () => {
    fc.assert(
      fc.property(
        dockerfile.filter(({ text }) => statementIndexes(text).length > 0),
        fc.nat(),
        fc.record({ eol: fc.constant<'\n'>('\n'), escape: fc.constantFrom<'\\' | '`'>('\\', '`') }).chain((s) => instructionText(s)),
        ({ text }, pick, newText) => {
          const doc = parseDockerfile(text)
          const indexes = statementIndexes(text)
          const block = doc.blocks[indexes[pick % indexes.length] ?? 0] as InstructionBlock
          const next = setBlockText(doc, block.id, newText)
          const after = serializeDockerfile(next)
          const { start, end } = spanOf(block)
          expect(after).toBe(text.slice(0, start) + newText.replace(/\n/g, doc.eol) + text.slice(end))
          expectWellFormed(next)
        }
      ),
      { numRuns: 300 }
    )
  })
})
