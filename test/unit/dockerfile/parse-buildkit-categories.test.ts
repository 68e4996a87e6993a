// The ways the model used to read instructions differently from BuildKit's parser
// (issue 15), each with a minimal input and what BuildKit reads.
import { describe, expect, it } from 'vitest'
import { instruction, parse } from './helpers'

describe('reads as BuildKit does', () => {
  it('legacy ENV continued over lines keeps the value’s whitespace (tabs included)', () => {
    const doc = parse('FROM php\nENV PHPIZE_DEPS \\\n\t\tautoconf \\\n\t\tdpkg-dev \\\n\t\tfile\n')
    expect(instruction(doc, 'ENV').args.pairs).toEqual([{ key: 'PHPIZE_DEPS', value: 'autoconf \t\tdpkg-dev \t\tfile' }])
  })

  it('a line ending in an escaped escape character does not continue', () => {
    const doc = parse('FROM x\nENV C=a\\\\\nENV D=d\n')
    expect(instruction(doc, 'ENV').args.pairs).toEqual([{ key: 'C', value: 'a\\' }])
    expect(instruction(doc, 'ENV', 1).args.pairs).toEqual([{ key: 'D', value: 'd' }])
    const windows = parse('# escape=`\nFROM x\nCOPY a.dll C:\\Windows\\System32\\\nRUN dir\n')
    expect(instruction(windows, 'COPY').args).toEqual({ sources: ['a.dll'], destination: 'C:\\Windows\\System32\\' })
    expect(instruction(windows, 'RUN').args.commands).toEqual(['dir'])
  })

  it('three escape characters at the end do not continue either (BuildKit looks at the last two)', () => {
    const doc = parse('FROM x\nENV C=a\\\\\\\nENV D=d\n')
    expect(doc.blocks.filter((b) => b.kind === 'instruction')).toHaveLength(3)
  })

  it('a heredoc RUN whose flags continue on the next line', () => {
    const doc = parse('FROM x\nRUN --mount=type=cache,target=/x \\\n    --mount=type=cache,target=/y <<EOT\necho hi\nEOT\n')
    expect(instruction(doc, 'RUN').args).toEqual({
      form: 'heredoc',
      commands: ['echo hi'],
      heredoc: { header: '<<EOT', delimiter: 'EOT' },
      mounts: ['type=cache,target=/x', 'type=cache,target=/y']
    })
  })

  it('heredocs with a file descriptor, quoted or spaced delimiters', () => {
    const fd = parse('FROM x\nRUN 3<<EOF\nhello\nEOF\n')
    expect(instruction(fd, 'RUN').args).toEqual({ form: 'heredoc', commands: ['hello'], heredoc: { header: '3<<EOF', delimiter: 'EOF', fd: 3 } })
    const quoted = parse("FROM x\nRUN <<eo'f'\necho foo\neof\n")
    expect(instruction(quoted, 'RUN').args).toEqual({
      form: 'heredoc',
      commands: ['echo foo'],
      heredoc: { header: "<<eo'f'", delimiter: 'eof', expand: false }
    })
    const spaced = parse("FROM x\nRUN <<'one two'\necho bar\none two\nCMD x\n")
    expect(instruction(spaced, 'RUN').args).toEqual({
      form: 'heredoc',
      commands: ['echo bar'],
      heredoc: { header: "<<'one two'", delimiter: 'one two', expand: false }
    })
    expect(instruction(spaced, 'CMD').args).toEqual({ form: 'shell', command: 'x' })
    const chomp = parse('FROM x\nRUN <<-END\n\techo tab\n\tEND\nCMD y\n')
    expect(instruction(chomp, 'RUN').args).toMatchObject({ form: 'heredoc', heredoc: { delimiter: 'END', chomp: true } })
    expect(instruction(chomp, 'CMD').args).toEqual({ form: 'shell', command: 'y' })
  })

  it('several heredocs on one line, with fd prefixes: each body ends at its own delimiter', () => {
    const doc = parse('FROM x\nRUN <<EOF 3<<IN1 4<<IN2\ncat /dev/fd/3\nEOF\none\nIN1\ntwo\nIN2\nCMD z\n')
    const run = doc.blocks.find((b) => b.kind === 'raw' || (b.kind === 'instruction' && b.keyword === 'RUN'))
    expect(run?.range).toMatchObject({ startLine: 2, endLine: 8 })
    expect(run?.kind === 'raw' && run.problem).toBe(undefined)
    expect(instruction(doc, 'CMD').args).toEqual({ form: 'shell', command: 'z' })
  })

  it('COPY -- ends the flags; it is not a source', () => {
    const doc = parse('FROM x\nCOPY -- foo /tmp/\nCOPY --chown=a -- --weird /tmp/\n')
    expect(instruction(doc, 'COPY').args).toEqual({ sources: ['foo'], destination: '/tmp/' })
    expect(instruction(doc, 'COPY', 1).args).toEqual({ sources: ['--weird'], destination: '/tmp/', chown: 'a' })
  })

  it('RUN something \\ at the end of the file runs `something`', () => {
    const doc = parse('FROM alpine:3.5\n\nRUN something \\')
    expect(instruction(doc, 'RUN').args).toEqual({ form: 'shell', commands: ['something'] })
  })

  it('ARG a3 a4="123 456" a1 declares three ARGs', () => {
    const doc = parse('ARG a3 a4="123 456" a1\nFROM x\n')
    expect(instruction(doc, 'ARG').args).toEqual({ name: 'a3', more: [{ name: 'a4', defaultValue: '123 456' }, { name: 'a1' }] })
  })

  it("ENV name='a\\'b'' is a\\b after quote processing", () => {
    const doc = parse("FROM x\nENV name='a\\'b''\nENV q=\"a\\\"b\" r='a\\\"b' s=\"a\\'b\" t=value\\ value2\n")
    expect(instruction(doc, 'ENV').args.pairs).toEqual([{ key: 'name', value: 'a\\b' }])
    expect(instruction(doc, 'ENV', 1).args.pairs).toEqual([
      { key: 'q', value: 'a"b' },
      { key: 'r', value: 'a\\"b' },
      { key: 's', value: "a\\'b" },
      { key: 't', value: 'value value2' }
    ])
  })

  it('a lone CR is not a line break to BuildKit', () => {
    const doc = parse('FROM x\nRUN a\rb\n')
    expect(doc.blocks.map((b) => b.kind)).toEqual(['instruction', 'instruction'])
    expect(instruction(doc, 'RUN').instructionText).toBe('RUN a\rb')
    expect(instruction(doc, 'RUN').range).toMatchObject({ startLine: 2, endLine: 2 })
  })

  it('what BuildKit refuses becomes a raw block saying why, and the text stays', () => {
    const doc = parse('FROM x\nENV ONLYNAME\nLABEL a=1 b\nCMD ["a", 1]\nRUN <<EOF\nnever closed\n')
    const problems = doc.blocks.flatMap((b) => (b.kind === 'raw' ? [b.problem] : []))
    expect(problems).toHaveLength(4)
    expect(problems[0]).toMatch(/ENV needs a name and a value/)
    expect(problems[1]).toMatch(/name=value/)
    expect(problems[2]).toMatch(/only strings/)
    expect(problems[3]).toMatch(/never closed/)
  })
})
