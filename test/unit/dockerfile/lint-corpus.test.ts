// The whole Dockerfile corpus (test/fixtures/dockerfile-corpus) linted: no rule
// throws, and on Docker Official Images no warning or error fires on most files
// (those images are well kept; a rule that did would be wrong or too loud).
// The table of how often each rule fires is written to test-results/ (the
// README's copy comes from `npx tsx scripts/lint-corpus-table.ts`).
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { countRules, lintCorpus, markdownTable } from '../../../scripts/lint-corpus-table'

describe('the corpus, linted', () => {
  const files = lintCorpus()

  it('lints every file without throwing, each finding on a line of its file', () => {
    expect(files.length).toBeGreaterThan(500)
    for (const f of files) for (const d of f.diagnostics) expect(d.line, f.file).toBeGreaterThanOrEqual(1)
    const out = path.join(__dirname, '../../../test-results')
    mkdirSync(out, { recursive: true })
    writeFileSync(path.join(out, 'lint-corpus-table.md'), `${markdownTable(files)}\n`)
  })

  it('no warning or error fires on a quarter of the official images', () => {
    const official = files.filter((f) => f.official).length
    const loud = countRules(files).filter((c) => c.severity !== 'info' && c.officialFiles > official / 4)
    expect(loud).toEqual([])
  })

  it('avoids the known false positives on official images', () => {
    const official = files.filter((f) => f.official)
    const rules = (rule: string) => official.filter((f) => f.diagnostics.some((d) => d.rule === rule || d.data?.alsoReportedBy?.some((o) => o.rule === rule)))
    // apt lists removed by `apt-get dist-clean` or kept on a cache mount; PATH extended from the base image; --platform=$BUILDPLATFORM.
    expect(rules('hadolint/DL3009').length).toBeLessThanOrEqual(1)
    expect(rules('buildkit/UndefinedVar')).toEqual([])
    expect(rules('buildkit/FromPlatformFlagConstDisallowed')).toEqual([])
    expect(rules('hadolint/DL3029')).toEqual([])
  })
})
