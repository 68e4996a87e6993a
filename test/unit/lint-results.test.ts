// A block shows only the diagnostics of its current text: between an edit and the next lint run
// (which waits a moment after typing) the last results describe an older text.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { applyFix, lintDockerfile, parseDockerfile, reparseDockerfile, type Diagnostic, type DockerfileDocument } from '../../src/shared/dockerfile'
import { currentDiagnostics, recordLint, selectDiagnostics } from '../../src/renderer/store/lint-results'

function lint(doc: DockerfileDocument) {
  return recordLint(doc, lintDockerfile(doc, {}))
}

function blockOf(doc: DockerfileDocument, keyword: string) {
  const block = doc.blocks.find((b) => (b.kind === 'instruction' || b.kind === 'raw') && b.keyword === keyword)
  if (!block) throw new Error(`no ${keyword} block`)
  return block
}

function rulesOn(doc: DockerfileDocument, diagnostics: readonly Diagnostic[], keyword: string): string[] {
  const id = blockOf(doc, keyword).id
  return diagnostics.filter((d) => d.blockId === id).map((d) => d.rule)
}

describe('diagnostics of an older text', () => {
  const before = parseDockerfile('FROM ubuntu\nCMD python3 app.py\n')
  const result = lint(before)

  it('the linted text has a problem on each block (the premise of the tests below)', () => {
    expect(rulesOn(before, currentDiagnostics(before, result), 'CMD')).toContain('buildkit/JSONArgsRecommended')
    expect(rulesOn(before, currentDiagnostics(before, result), 'FROM').length).toBeGreaterThan(0)
  })

  it('a block fixed since the run shows none of its old problems; the untouched block keeps its own', () => {
    const fix = result.diagnostics.find((d) => d.rule === 'buildkit/JSONArgsRecommended')?.fix
    const after = applyFix(before, fix!)
    expect(blockOf(after, 'CMD').id).toBe(blockOf(before, 'CMD').id)
    const shown = currentDiagnostics(after, result)
    expect(rulesOn(after, shown, 'CMD')).toEqual([])
    expect(rulesOn(after, shown, 'FROM')).toEqual(rulesOn(before, result.diagnostics, 'FROM'))
  })

  it('a block edited in the text shows none of its old problems', () => {
    const after = reparseDockerfile(before, 'FROM ubuntu\nCMD python3 app.py --debug\n')
    expect(rulesOn(after, currentDiagnostics(after, result), 'CMD')).toEqual([])
  })

  it('problems of a block that only moved go with it, on its new lines', () => {
    const after = reparseDockerfile(before, '# my app\n\nFROM ubuntu\nCMD python3 app.py\n')
    const shown = currentDiagnostics(after, result)
    const cmd = shown.find((d) => d.rule === 'buildkit/JSONArgsRecommended')
    expect(cmd?.line).toBe(4)
    expect(cmd?.blockId).toBe(blockOf(after, 'CMD').id)
  })

  it('gives back the same array when nothing changed, so the views do not redraw', () => {
    const same = reparseDockerfile(before, 'FROM ubuntu\nCMD python3 app.py\n')
    expect(currentDiagnostics(same, result)).toBe(result.diagnostics)
    expect(selectDiagnostics({ doc: before, lint: result })).toBe(selectDiagnostics({ doc: before, lint: result }))
  })
})

describe('the editor store (lint runs a moment after the change)', () => {
  type Store = typeof import('../../src/renderer/store/dockerfile')
  let store: Store['useDockerfile']

  beforeAll(async () => {
    vi.useFakeTimers()
    // The store writes drafts through the preload's client; here every call answers like an empty main process.
    const answer = async () => ({ savedAt: 0 })
    const client = new Proxy({}, { get: () => new Proxy({}, { get: () => answer }) })
    vi.stubGlobal('window', { slipway: client })
    store = (await import('../../src/renderer/store/dockerfile')).useDockerfile
  })
  afterAll(() => {
    vi.useRealTimers()
    vi.unstubAllGlobals()
  })
  beforeEach(async () => {
    store.getState().setText('')
    await vi.runAllTimersAsync()
  })

  it('a one-click fix leaves its block without problems at once, before linting runs again', async () => {
    store.getState().setText('FROM ubuntu\nCMD python3 app.py\n')
    await vi.advanceTimersByTimeAsync(100)
    const linted = selectDiagnostics(store.getState())
    const shellForm = linted.find((d) => d.rule === 'buildkit/JSONArgsRecommended')
    expect(shellForm?.fix).toBeDefined()

    store.getState().applyFix(shellForm!.fix!)
    const state = store.getState()
    expect(state.text).toBe('FROM ubuntu\nCMD ["python3", "app.py"]\n')
    expect(state.lint.diagnostics).toContain(shellForm) // the run has not happened yet
    expect(rulesOn(state.doc, selectDiagnostics(state), 'CMD')).toEqual([])
    expect(rulesOn(state.doc, selectDiagnostics(state), 'FROM').length).toBeGreaterThan(0)

    await vi.advanceTimersByTimeAsync(100)
    expect(rulesOn(store.getState().doc, selectDiagnostics(store.getState()), 'CMD')).toEqual([])
    expect(store.getState().lint.diagnostics).not.toContain(shellForm)
  })

  it('typing into a block hides its problems until the run for the new text', async () => {
    store.getState().setText('FROM ubuntu:24.04\nEXPOSE 99999\n')
    await vi.advanceTimersByTimeAsync(100)
    expect(rulesOn(store.getState().doc, selectDiagnostics(store.getState()), 'EXPOSE').length).toBe(1)
    store.getState().setText('FROM ubuntu:24.04\nEXPOSE 999999\n')
    expect(rulesOn(store.getState().doc, selectDiagnostics(store.getState()), 'EXPOSE')).toEqual([])
    await vi.advanceTimersByTimeAsync(100)
    expect(rulesOn(store.getState().doc, selectDiagnostics(store.getState()), 'EXPOSE').length).toBe(1)
  })
})
