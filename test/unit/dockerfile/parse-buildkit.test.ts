// BuildKit's own parser test cases (moby/buildkit frontend/dockerfile/parser/testfiles):
// each Dockerfile read by our syntax reader must give, instruction by instruction, the
// syntax tree BuildKit's parser dumps in the case's `result` file; the negative cases
// must be refused. The model built on that reader must read every case back to its text.
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseDockerfile, serializeDockerfile } from '../../../src/shared/dockerfile'
import { dumpNode, readSyntax } from '../../../src/shared/dockerfile/syntax'

const root = path.join(__dirname, '../../fixtures/dockerfile-corpus/buildkit-parser')
const cases = (dir: string) => readdirSync(path.join(root, dir)).sort()

function dump(text: string): string[] {
  const { items } = readSyntax(text)
  return items.flatMap((item) => (item.kind === 'instruction' ? [`(${dumpNode(item.node)})`] : []))
}

function errors(text: string): string[] {
  const { items } = readSyntax(text)
  return items.flatMap((item) =>
    item.kind === 'instruction' && item.node.error ? [item.node.error] : item.kind === 'directive' && item.error ? [item.error] : []
  )
}

describe("BuildKit's parser test cases", () => {
  it('has the cases', () => {
    expect(cases('testfiles').length).toBeGreaterThan(30)
  })

  for (const name of cases('testfiles')) {
    it(`reads ${name} as BuildKit does`, () => {
      const text = readFileSync(path.join(root, 'testfiles', name, 'Dockerfile'), 'utf8')
      const expected = readFileSync(path.join(root, 'testfiles', name, 'result'), 'utf8')
        .split('\n')
        .filter((l) => l.length > 0)
      expect(dump(text)).toEqual(expected)
      expect(errors(text)).toEqual([])
      expect(serializeDockerfile(parseDockerfile(text))).toBe(text)
    })
  }

  for (const name of cases('testfiles-negative')) {
    it(`refuses ${name} as BuildKit does`, () => {
      const text = readFileSync(path.join(root, 'testfiles-negative', name, 'Dockerfile'), 'utf8')
      const noInstructions = dump(text).length === 0
      expect(noInstructions || errors(text).length > 0).toBe(true)
      expect(serializeDockerfile(parseDockerfile(text))).toBe(text)
    })
  }
})
