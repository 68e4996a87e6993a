// The linter remembers, per instruction, what the rules that read one
// instruction alone found (lint/instruction-findings.ts), so a keystroke only
// runs them on the instruction it changed. Over the whole corpus:
// - each of those rules finds on an instruction alone what it finds on it in
//   the file, and reports on nothing else (else it must not be listed);
// - after edits that move lines, change an instruction, add or drop stages and
//   ARGs, linting with what was remembered gives exactly what a cold lint gives.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { lintDockerfile, parseDockerfile, reparseDockerfile, type DockerfileDocument, type StatementBlock } from '../../../src/shared/dockerfile'
import { clearValidationCache, INSTRUCTION_RULES } from '../../../src/shared/dockerfile/lint'

const root = path.join(__dirname, '../../fixtures/dockerfile-corpus')
const corpus = (JSON.parse(readFileSync(path.join(root, 'index.json'), 'utf8')) as { file: string }[]).map((e) => ({
  file: e.file,
  text: readFileSync(path.join(root, e.file)).toString('utf8')
}))

const statementsOf = (doc: DockerfileDocument) => doc.blocks.filter((b): b is StatementBlock => b.kind === 'instruction' || b.kind === 'raw')

/** Edits a person makes: each returns the new text. */
const EDITS: Record<string, (text: string) => string> = {
  'a line inserted a third of the way down': (text) => {
    const lines = text.split('\n')
    const at = Math.floor(lines.length / 3)
    return [...lines.slice(0, at), 'RUN apt-get install curl', ...lines.slice(at)].join('\n')
  },
  'a character typed in the middle': (text) => `${text.slice(0, text.length >> 1)}x${text.slice(text.length >> 1)}`,
  'a stage started in the middle': (text) => {
    const lines = text.split('\n')
    const at = lines.findIndex((l, i) => i >= lines.length >> 1 && /^[A-Za-z]/.test(l))
    return at === -1 ? text : [...lines.slice(0, at), 'FROM scratch AS inserted', ...lines.slice(at)].join('\n')
  },
  'ARGs declared after the first FROM': (text) => text.replace(/^(FROM [^\n]*\n)/m, '$1ARG API_TOKEN\nARG VERSION=1\n'),
  'the first FROM removed': (text) => text.replace(/^FROM [^\n]*\n/m, ''),
  'an ARG added at the top': (text) => `ARG PORT=80\n${text}`
}

describe('findings remembered per instruction', () => {
  it('come from rules that read one instruction alone', () => {
    expect(INSTRUCTION_RULES.size).toBeGreaterThan(30)
    for (const { file, text } of corpus) {
      const doc = parseDockerfile(text)
      const statements = statementsOf(doc)
      for (const rule of INSTRUCTION_RULES) {
        const inFile = rule.check({ doc, statements, context: {} })
        const alone = statements.flatMap((block) => rule.check({ doc, statements: [block], context: {} }))
        const byBlock = (list: typeof inFile) => statements.map((b) => list.filter((d) => d.blockId === b.id))
        expect(byBlock(alone), `${rule.id} on ${file}`).toEqual(byBlock(inFile))
        expect(inFile.every((d) => statements.some((b) => b.id === d.blockId)), `${rule.id} on ${file}`).toBe(true)
      }
    }
  }, 120_000)

  it('give after each edit what a cold lint gives', () => {
    let compared = 0
    for (const { file, text } of corpus.filter((_, i) => i % 2 === 0)) {
      let doc = parseDockerfile(text)
      lintDockerfile(doc)
      let current = text
      for (const [name, edit] of Object.entries(EDITS)) {
        current = edit(current)
        doc = reparseDockerfile(doc, current)
        const remembered = lintDockerfile(doc)
        clearValidationCache()
        expect(remembered, `${file}: ${name}`).toEqual(lintDockerfile(doc))
        compared++
      }
    }
    expect(compared).toBeGreaterThan(1000)
  }, 120_000)
})
