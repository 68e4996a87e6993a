// Over 500 public Dockerfiles (official images, dotnet-docker, jessfraz/dockerfiles,
// BuildKit's own; see test/fixtures/dockerfile-corpus/index.json for each one's
// source, commit and license), read by the model:
// - every file comes back byte for byte, and lints without throwing;
// - every instruction is the one BuildKit's parser finds (same line, keyword and flags);
// - the typed arguments are what the build uses: ENV/LABEL/ARG pairs after
//   BuildKit's quote processing, RUN/CMD/ENTRYPOINT form and command, heredocs.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { lintDockerfile, parseDockerfile, serializeDockerfile, type DockerfileDocument, type StatementBlock } from '../../../src/shared/dockerfile'
import { processWord } from '../../../src/shared/dockerfile/shell-words'
import { readSyntax, type SyntaxNode } from '../../../src/shared/dockerfile/syntax'
import { collapseShellWhitespace } from '../../../src/shared/dockerfile/text'
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

/** What BuildKit's parser and the build read, next to what the model's block says, as comparable values. */
function expectAgrees(block: StatementBlock, node: SyntaxNode, escape: string): void {
  expect(block.keyword).toBe(node.keyword.toUpperCase())
  if (block.kind === 'raw' && block.problem?.startsWith('Unknown instruction')) return
  expect(block.flags.map((f) => `--${f.name}${f.value === null ? '' : `=${f.value}`}`)).toEqual(node.flags)
  if (block.kind !== 'instruction') return
  const word = (w: string) => processWord(w, escape)
  switch (block.keyword) {
    case 'ENV':
    case 'LABEL': {
      const pairs = []
      for (let i = 0; i < node.args.length; i += 3) pairs.push({ key: word(node.args[i] ?? ''), value: word(node.args[i + 1] ?? '') })
      expect(block.args.pairs).toEqual(pairs)
      break
    }
    case 'ARG': {
      const all = [block.args, ...(block.args.more ?? [])].map((d) => (d.defaultValue === undefined ? word(d.name) : `${d.name}=${d.defaultValue}`))
      expect(all).toEqual(node.args.map((a) => (a.includes('=') ? `${word(a.slice(0, a.indexOf('=')))}=${word(a.slice(a.indexOf('=') + 1))}` : word(a))))
      break
    }
    case 'RUN':
      if (node.heredocs.length === 1) {
        const doc = node.heredocs[0]!
        expect(block.args.form).toBe('heredoc')
        expect(block.args.heredoc?.delimiter).toBe(doc.name)
        expect(block.args.heredoc?.fd ?? 0).toBe(doc.fd)
        expect(block.args.commands.map((l) => `${l}\n`).join('')).toBe(doc.content.replace(/\r\n/g, '\n'))
      } else if (node.json) {
        expect(block.args).toMatchObject({ form: 'exec', args: node.args })
      } else {
        expect(block.args.form).toBe('shell')
        expect(block.args.commands.join(' && ')).toBe(collapseShellWhitespace(node.args[0] ?? '').split(/ ?&& ?/).filter(Boolean).join(' && '))
      }
      break
    case 'CMD':
    case 'ENTRYPOINT':
      expect(block.args).toEqual(node.json ? { form: 'exec', args: node.args } : { form: 'shell', command: collapseShellWhitespace(node.args[0] ?? '') })
      break
    case 'COPY':
    case 'ADD':
      expect([...block.args.sources, block.args.destination]).toEqual(node.args.map(word))
      break
    case 'FROM':
      expect(block.args.stageName).toBe(node.args[2])
      break
    case 'WORKDIR':
      expect(block.args.path).toBe(word(node.args[0] ?? ''))
      break
    default:
      break
  }
}

function statementsOf(doc: DockerfileDocument): StatementBlock[] {
  return doc.blocks.filter((b): b is StatementBlock => b.kind === 'instruction' || b.kind === 'raw')
}

describe('the Dockerfile corpus', () => {
  it('holds at least 300 files, each with its source', () => {
    expect(index.length).toBeGreaterThanOrEqual(300)
    for (const entry of index) expect(entry.repository && entry.path && /^[0-9a-f]{40}$/.test(entry.commit) && entry.license).toBeTruthy()
  })

  it('is read back byte for byte, instruction by instruction as BuildKit reads it, and lints', () => {
    let instructions = 0
    const kept: string[] = []
    for (const entry of index) {
      const text = readFileSync(path.join(root, entry.file)).toString('utf8')
      const doc = parseDockerfile(text)
      expect(serializeDockerfile(doc), entry.file).toBe(text)
      expectWellFormed(doc, text)
      const syntax = readSyntax(text)
      const nodes = syntax.items.flatMap((item) => (item.kind === 'instruction' ? [{ line: item.line + 1, node: item.node }] : []))
      const statements = statementsOf(doc)
      expect(statements.map((s) => s.instructionLine), entry.file).toEqual(nodes.map((n) => n.line))
      statements.forEach((block, i) => {
        const { node } = nodes[i]!
        try {
          expectAgrees(block, node, syntax.escapeChar)
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
