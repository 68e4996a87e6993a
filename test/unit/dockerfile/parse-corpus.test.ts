// Over 500 public Dockerfiles (official images, dotnet-docker, jessfraz/dockerfiles,
// BuildKit's own; see test/fixtures/dockerfile-corpus/index.json for each one's
// source, commit and license), held to what BuildKit's own parser and shell lexer
// read in them (buildkit-readings.json, made by scripts/buildkit-readings from
// BuildKit's Go source, v0.13 as Docker 26 ships it):
// - every file comes back byte for byte, and lints without throwing;
// - every instruction is the one BuildKit's parser finds (same line, keyword and flags),
//   and our syntax reader (which the linter uses) gives BuildKit's syntax tree;
// - the typed arguments are what the build uses: ENV/LABEL/ARG pairs, COPY/ADD
//   paths and WORKDIR after BuildKit's quote processing, RUN/CMD/ENTRYPOINT form
//   and command, heredocs.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { lintDockerfile, parseDockerfile, serializeDockerfile, type DockerfileDocument, type StatementBlock } from '../../../src/shared/dockerfile'
import { expandWord } from '../../../src/shared/dockerfile/lint/variables'
import { processWord } from '../../../src/shared/dockerfile/shell-words'
import { readSyntax, type SyntaxNode } from '../../../src/shared/dockerfile/syntax'
import { collapseShellWhitespace } from '../../../src/shared/dockerfile/text'
import type { BuildkitInstruction, BuildkitReadings } from '../../../scripts/buildkit-readings/read-corpus'
import { expectWellFormed } from './helpers'

const root = path.join(__dirname, '../../fixtures/dockerfile-corpus')
interface Entry {
  file: string
  repository: string
  path: string
  commit: string
  license: string
}
const index = JSON.parse(readFileSync(path.join(root, 'index.json'), 'utf8')) as Entry[]
const buildkit = JSON.parse(readFileSync(path.join(root, 'buildkit-readings.json'), 'utf8')) as BuildkitReadings
const NO_VARIABLES: ReadonlyMap<string, string> = new Map()

/**
 * An argument word as the build reads it, next to BuildKit's lexer's reading. A word
 * without variables must read exactly as BuildKit's lexer reads it; a word with
 * variables reads with them kept as written (the model does not know their values),
 * and our lexer, expanding them as unset, must agree with BuildKit's.
 */
function readWord(instruction: BuildkitInstruction, i: number, escape: string): string {
  const raw = instruction.args[i] ?? ''
  const theirs = instruction.words[i]
  if (theirs === null || theirs === undefined) throw new Error(`BuildKit's lexer refuses ${JSON.stringify(raw)}`)
  if (!raw.includes('$')) return theirs
  expect(expandWord(raw, escape, NO_VARIABLES).result, `${raw} with no variables set`).toBe(theirs)
  return processWord(raw, escape)
}

/** BuildKit's ENV and LABEL arguments: key, value pairs (v0.13). */
function pairs(instruction: BuildkitInstruction, escape: string): { key: string; value: string }[] {
  const out = []
  for (let i = 0; i + 1 < instruction.args.length; i += 2) out.push({ key: readWord(instruction, i, escape), value: readWord(instruction, i + 1, escape) })
  return out
}

/** What BuildKit read, next to what the model's block says, as comparable values. */
function expectAgrees(block: StatementBlock, theirs: BuildkitInstruction, escape: string): void {
  expect(block.keyword).toBe(theirs.keyword.toUpperCase())
  if (block.kind === 'raw' && block.problem?.startsWith('Unknown instruction')) return
  expect(block.flags.map((f) => `--${f.name}${f.value === null ? '' : `=${f.value}`}`)).toEqual(theirs.flags)
  if (block.kind !== 'instruction') return
  const word = (i: number) => readWord(theirs, i, escape)
  switch (block.keyword) {
    case 'ENV':
    case 'LABEL':
      expect(block.args.pairs).toEqual(pairs(theirs, escape))
      break
    case 'ARG': {
      const all = [block.args, ...(block.args.more ?? [])].map((d) => (d.defaultValue === undefined ? d.name : `${d.name}=${d.defaultValue}`))
      expect(all).toEqual(theirs.args.map((_, i) => word(i)))
      break
    }
    case 'RUN':
      if (theirs.heredocs.length === 1) {
        const doc = theirs.heredocs[0]!
        expect(block.args.form).toBe('heredoc')
        expect(block.args.heredoc?.delimiter).toBe(doc.name)
        expect(block.args.heredoc?.fd ?? 0).toBe(doc.fd)
        expect(block.args.commands.map((l) => `${l}\n`).join('')).toBe(doc.content.replace(/\r\n/g, '\n'))
      } else if (theirs.json) {
        expect(block.args).toMatchObject({ form: 'exec', args: theirs.args })
      } else {
        expect(block.args.form).toBe('shell')
        expect(block.args.commands.join(' && ')).toBe(collapseShellWhitespace(theirs.args[0] ?? '').split(/ ?&& ?/).filter(Boolean).join(' && '))
      }
      break
    case 'CMD':
    case 'ENTRYPOINT':
      expect(block.args).toEqual(theirs.json ? { form: 'exec', args: theirs.args } : { form: 'shell', command: collapseShellWhitespace(theirs.args[0] ?? '') })
      break
    case 'COPY':
    case 'ADD':
      expect([...block.args.sources, block.args.destination]).toEqual(theirs.args.map((_, i) => word(i)))
      break
    case 'FROM':
      expect(block.args.stageName).toBe(theirs.args[2])
      break
    case 'WORKDIR':
      expect(block.args.path).toBe(word(0))
      break
    default:
      break
  }
}

/** Our syntax reader's tree for an instruction, in BuildKit v0.13's shape (ENV/LABEL as pairs; ONBUILD's trigger not compared). */
function asBuildkitTree(node: SyntaxNode, line: number, endLine: number): Partial<BuildkitInstruction> {
  const keyword = node.keyword.toLowerCase()
  const pairs = keyword === 'env' || keyword === 'label'
  return {
    line,
    endLine,
    keyword,
    flags: node.flags,
    ...(keyword === 'onbuild' ? {} : { args: pairs ? node.args.filter((_, i) => i % 3 !== 2) : node.args }),
    json: node.json,
    heredocs: node.heredocs.map((h) => ({ name: h.name, fd: h.fd, expand: h.expand, chomp: h.chomp, content: h.content }))
  }
}

function statementsOf(doc: DockerfileDocument): StatementBlock[] {
  return doc.blocks.filter((b): b is StatementBlock => b.kind === 'instruction' || b.kind === 'raw')
}

describe('the Dockerfile corpus', () => {
  it('holds at least 300 files, each with its source and BuildKit\'s reading', () => {
    expect(index.length).toBeGreaterThanOrEqual(300)
    for (const entry of index) expect(entry.repository && entry.path && /^[0-9a-f]{40}$/.test(entry.commit) && entry.license).toBeTruthy()
    expect(Object.keys(buildkit.readings).sort()).toEqual(index.map((e) => e.file).sort())
  })

  it('is read back byte for byte, instruction by instruction as BuildKit reads it, and lints', () => {
    let instructions = 0
    const kept: string[] = []
    for (const entry of index) {
      const text = readFileSync(path.join(root, entry.file)).toString('utf8')
      const doc = parseDockerfile(text)
      expect(serializeDockerfile(doc), entry.file).toBe(text)
      expectWellFormed(doc, text)
      const reading = buildkit.readings[entry.file]!
      // Every file here is one BuildKit's parser accepts.
      expect(reading.error, entry.file).toBeUndefined()
      const theirs = reading.instructions ?? []
      const escape = reading.escape ?? '\\'
      const statements = statementsOf(doc)
      expect(statements.map((s) => s.instructionLine), entry.file).toEqual(theirs.map((n) => n.line))

      const syntax = readSyntax(text)
      expect(syntax.escapeChar, entry.file).toBe(escape)
      const ours = syntax.items.flatMap((item) => (item.kind === 'instruction' ? [asBuildkitTree(item.node, item.line + 1, item.last + 1)] : []))
      const comparable = theirs.map((n) => {
        const { words: _words, ...rest } = n
        return n.keyword === 'onbuild' ? { ...rest, args: undefined } : rest
      })
      expect(ours.map((o) => (o.keyword === 'onbuild' ? { ...o, args: undefined } : o)), entry.file).toEqual(comparable)

      statements.forEach((block, i) => {
        try {
          expectAgrees(block, theirs[i]!, escape)
        } catch (error) {
          throw new Error(`${entry.file}:${block.instructionLine}: ${String(error)}`)
        }
        if (block.kind === 'raw') kept.push(`${entry.file}:${block.instructionLine} ${block.keyword ?? ''} ${block.problem ?? '(kept as text)'}`)
        instructions++
      })
      expect(() => lintDockerfile(doc), entry.file).not.toThrow()
    }
    expect(instructions).toBeGreaterThan(5000)
    // Instructions the model keeps as text: several here-documents, COPY with here-documents, or what BuildKit refuses.
    console.info(`corpus: ${index.length} files, ${instructions} instructions, ${kept.length} kept as text\n${kept.join('\n')}`)
  }, 120_000)
})
