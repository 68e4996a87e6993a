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
import { caseFiles, type BuildkitInstruction, type BuildkitReadings } from '../../../scripts/buildkit-readings/read-corpus'
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

/** The file is read back byte for byte and as BuildKit reads it; returns its statements. */
function expectReadAsBuildkit(file: string): StatementBlock[] {
  const text = readFileSync(path.join(root, file)).toString('utf8')
  const doc = parseDockerfile(text)
  expect(serializeDockerfile(doc), file).toBe(text)
  expectWellFormed(doc, text)
  expect(() => lintDockerfile(doc), file).not.toThrow()
  const reading = buildkit.readings[file]!
  const statements = statementsOf(doc)
  if (reading.error !== undefined) {
    // `docker build` refuses the file: the model says so on an instruction, and keeps the text.
    expect(statements.some((b) => b.kind === 'raw' && b.problem !== undefined), `${file}: BuildKit says ${reading.error}`).toBe(true)
    return statements
  }
  const theirs = reading.instructions ?? []
  const escape = reading.escape ?? '\\'
  expect(statements.map((s) => s.instructionLine), file).toEqual(theirs.map((n) => n.line))

  const syntax = readSyntax(text)
  expect(syntax.escapeChar, file).toBe(escape)
  const withoutTrigger = <T extends { keyword?: string; args?: unknown }>(n: T) => (n.keyword === 'onbuild' ? { ...n, args: undefined } : n)
  const ours = syntax.items.flatMap((item) => (item.kind === 'instruction' ? [withoutTrigger(asBuildkitTree(item.node, item.line + 1, item.last + 1))] : []))
  expect(ours, file).toEqual(theirs.map(({ words: _words, ...rest }) => withoutTrigger(rest)))

  statements.forEach((block, i) => {
    try {
      expectAgrees(block, theirs[i]!, escape)
    } catch (error) {
      throw new Error(`${file}:${block.instructionLine}: ${String(error)}`)
    }
  })
  return statements
}

describe('the Dockerfile corpus', () => {
  it("holds at least 300 files, each with its source and BuildKit's reading", () => {
    expect(index.length).toBeGreaterThanOrEqual(300)
    for (const entry of index) expect(entry.repository && entry.path && /^[0-9a-f]{40}$/.test(entry.commit) && entry.license).toBeTruthy()
    expect(Object.keys(buildkit.readings).sort()).toEqual([...index.map((e) => e.file), ...caseFiles()].sort())
  })

  it('is read back byte for byte, instruction by instruction as BuildKit reads it, and lints', () => {
    let instructions = 0
    const kept: string[] = []
    for (const entry of index) {
      // Every file here is one BuildKit's parser accepts.
      expect(buildkit.readings[entry.file]?.error, entry.file).toBeUndefined()
      for (const block of expectReadAsBuildkit(entry.file)) {
        if (block.kind === 'raw') kept.push(`${entry.file}:${block.instructionLine} ${block.keyword ?? ''} ${block.problem ?? '(kept as text)'}`)
        instructions++
      }
    }
    expect(instructions).toBeGreaterThan(5000)
    // Instructions the model keeps as text: several here-documents, COPY with here-documents, or what BuildKit refuses.
    console.info(`corpus: ${index.length} files, ${instructions} instructions, ${kept.length} kept as text\n${kept.join('\n')}`)
  }, 120_000)

  it('reads the minimal cases of the ways it once misread Dockerfiles as BuildKit does (cases/)', () => {
    const cases = caseFiles()
    expect(cases.length).toBeGreaterThan(10)
    expect(cases.filter((f) => buildkit.readings[f]?.error !== undefined).length).toBeGreaterThan(0)
    for (const file of cases) expectReadAsBuildkit(file)
  })
})
