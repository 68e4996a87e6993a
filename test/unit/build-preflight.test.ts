// The pure parts behind the beginner's build (issue 18): a log line as a terminal shows it, the build
// dialog's checks before starting, and the add menu's order.
import { describe, expect, it } from 'vitest'
import { INSTRUCTION_KEYWORDS, parseDockerfile } from '../../src/shared/dockerfile'
import type { ContextInfo } from '../../src/shared/ipc/channels/context'
import { terminalLine } from '../../src/renderer/components/build/log-line'
import { applyNearMatch, preflight } from '../../src/renderer/components/build/preflight'
import { MENU_ORDER } from '../../src/renderer/components/editor/AddInstructionMenu'

describe('terminalLine', () => {
  it.each([
    ['plain text', 'plain text'],
    ['a\rb\rdone', 'done'],
    ['[2/3] a\rb\rdone', '[2/3] done'],
    ['Progress: 50%\rProgress: 100%\r', 'Progress: 100%'],
    ['[1/2] 10%\r\r', '[1/2] 10%'],
    ['\r', '']
  ])('%j shows as %j', (line, shown) => {
    expect(terminalLine(line)).toBe(shown)
  })
})

function context(files: string[]): ContextInfo {
  return {
    root: '/ctx',
    builder: 'buildkit',
    ignoreFile: null,
    tree: { name: 'ctx', path: '', type: 'dir', size: 0, ignored: false, children: [] },
    totalBytes: 10,
    sentFiles: files.length,
    ignoredFiles: 0,
    files,
    ignored: [],
    truncated: false,
    largestFolders: [],
    warnAboveBytes: 1e9,
    warnings: []
  } as unknown as ContextInfo
}

describe('preflight', () => {
  const engine = ['slipway-test/debian:bookworm', 'slipway-test/busybox:latest']

  it('lists a COPY source missing from the chosen context as a problem, and not once the context has it', () => {
    const doc = parseDockerfile('FROM slipway-test/debian:bookworm\nCOPY app.py /app/\n')
    const missing = preflight(doc, context(['Dockerfile']), engine)
    expect(missing.missingSources).toBe(true)
    expect(missing.problems.map((d) => d.message).join()).toContain('app.py is not in the build context')
    const there = preflight(doc, context(['Dockerfile', 'app.py']), engine)
    expect(there.problems).toEqual([])
    expect(there.nearMatches).toEqual([])
  })

  it('suggests the engine image one typo away from a FROM that is not there, and the instruction for a misspelt keyword', () => {
    const doc = parseDockerfile('FROM slipway-test/debain:bookworm\nEXPOS 5000\nFROM slipway-test/busybox\nFROM nginx:1.27\n')
    const check = preflight(doc, context(['Dockerfile']), engine)
    expect(check.nearMatches.map(({ line, wrong, right }) => ({ line, wrong, right }))).toEqual([
      { line: 1, wrong: 'slipway-test/debain:bookworm', right: 'slipway-test/debian:bookworm' },
      { line: 2, wrong: 'EXPOS', right: 'EXPOSE' }
    ])
    expect(applyNearMatch('EXPOS 5000', check.nearMatches[1]!)).toBe('EXPOSE 5000')
    expect(applyNearMatch('FROM slipway-test/debain:bookworm AS base', check.nearMatches[0]!)).toBe('FROM slipway-test/debian:bookworm AS base')
  })

  it('does not suggest for stage names, scratch or variables', () => {
    const doc = parseDockerfile('ARG BASE=x\nFROM scratch AS debain\nFROM debain\nFROM $BASE\n')
    expect(preflight(doc, null, ['debian:latest']).nearMatches).toEqual([])
  })
})

describe('the add menu', () => {
  it('lists every keyword once, COPY before ADD, and the deprecated MAINTAINER last', () => {
    expect([...MENU_ORDER].sort()).toEqual([...INSTRUCTION_KEYWORDS].sort())
    expect(MENU_ORDER.indexOf('COPY')).toBeLessThan(MENU_ORDER.indexOf('ADD'))
    expect(MENU_ORDER.at(-1)).toBe('MAINTAINER')
    expect(MENU_ORDER.slice(0, 6)).toEqual(['FROM', 'WORKDIR', 'COPY', 'RUN', 'EXPOSE', 'CMD'])
  })
})
