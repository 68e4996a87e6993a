import { mkdtemp, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { describeFinding, reviewFindings, suggestEntry, type AllowedFinding, type Finding } from '../security/electronegativity-review'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

const finding = (id: string, file: string, line: number, severity: 'LOW' | 'MEDIUM' | 'HIGH' = 'MEDIUM'): Finding => ({
  id,
  file,
  severity: { name: severity, value: { LOW: 1, MEDIUM: 2, HIGH: 3 }[severity] },
  location: { line }
})
const entry = (id: string, file: string, line: number): AllowedFinding => ({ id, file, line, reason: 'Reviewed: guarded by a checked function, see its test.' })

describe('reviewFindings', () => {
  it('does not hide a new finding in a file that already has a reviewed one', () => {
    const review = reviewFindings(
      [finding('OPEN_EXTERNAL_JS_CHECK', 'main/index.ts', 57), finding('OPEN_EXTERNAL_JS_CHECK', 'main/index.ts', 90)],
      [entry('OPEN_EXTERNAL_JS_CHECK', 'main/index.ts', 57)]
    )
    expect(review.unexplained.map((f) => f.location.line)).toEqual([90])
  })

  it('reports an entry whose line no longer has its finding as stale', () => {
    const review = reviewFindings([finding('SANDBOX_JS_CHECK', 'main/index.ts', 20)], [entry('SANDBOX_JS_CHECK', 'main/index.ts', 18)])
    expect(review.unexplained).toHaveLength(1)
    expect(review.stale).toHaveLength(1)
  })

  it('keeps LOW findings: they need an entry like any other and are listed for review', () => {
    const low = finding('CSP_GLOBAL_CHECK', 'renderer/index.html', 5, 'LOW')
    expect(reviewFindings([low], []).unexplained).toEqual([low])
    const review = reviewFindings([low], [entry('CSP_GLOBAL_CHECK', 'renderer/index.html', 5)])
    expect(review.unexplained).toEqual([])
    expect(review.forReview).toEqual([low])
  })

  it('wants a reason and a line in every entry', () => {
    const noReason = { ...entry('SANDBOX_JS_CHECK', 'main/index.ts', 18), reason: 'ok' }
    const noLine = { id: 'SANDBOX_JS_CHECK', file: 'main/index.ts', reason: 'webPreferences come from secureWebPreferences()' } as unknown as AllowedFinding
    expect(reviewFindings([], [noReason, noLine]).unreasoned).toEqual([noReason, noLine])
  })
})

it('electronegativity finds nothing that is not in the reviewed allowlist (rule, file and line)', async () => {
  const { default: run } = (await import('@doyensec/electronegativity/dist/runner.js')) as unknown as {
    default: (options: Record<string, unknown>) => Promise<{ issues: Finding[]; errors: unknown[] }>
  }
  // Its own folder: out/ is emptied by every electron-vite build, which may run beside this test.
  const work = await mkdtemp(path.join(os.tmpdir(), 'slipway-electronegativity-'))
  const sarifFile = path.join(work, 'electronegativity.sarif')
  const result = await run({
    input: path.join(root, 'src'),
    output: sarifFile,
    isSarif: true,
    isRelative: true,
    electronVersionOverride: '45.5.0'
  })
  // The runner writes the SARIF file with fs.writeFile and returns without waiting for it: wait until it is whole.
  const readSarif = async () => {
    try {
      return JSON.parse(await readFile(sarifFile, 'utf8')) as { runs: { results: unknown[] }[] }
    } catch {
      return null
    }
  }
  await expect.poll(readSarif, { timeout: 10_000 }).not.toBeNull()
  const sarif = (await readSarif())!
  await rm(work, { recursive: true, force: true })
  expect(sarif.runs[0]!.results.length).toBe(result.issues.length)

  const allowlist = JSON.parse(await readFile(path.join(root, 'test/security/electronegativity-allowlist.json'), 'utf8')) as AllowedFinding[]
  const review = reviewFindings(result.issues, allowlist)
  if (review.forReview.length > 0) {
    console.info(`electronegativity: ${review.forReview.length} LOW/informational finding(s), reviewed in the allowlist:\n${review.forReview.map((f) => `  ${describeFinding(f)}`).join('\n')}`)
  }
  expect(review.unreasoned, 'allowlist entries need a line and a reason').toEqual([])
  expect(review.unexplained.map(suggestEntry), 'findings that nobody reviewed (review each, then add its entry)').toEqual([])
  // A stale entry hides nothing today but would hide a new finding on that line tomorrow.
  expect(review.stale, 'allowlist entries that no longer match a finding').toEqual([])
}, 120_000)
