import { readFile, mkdir } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

interface Issue {
  id: string
  file: string
  severity: { value: number; name: string }
  confidence: { name: string }
  location: { line: number }
}

interface AllowedFinding {
  id: string
  file: string
  reason: string
}

// The LOW severity's value in electronegativity's scale (INFORMATIONAL 0, LOW 1, MEDIUM 2, HIGH 3).
const LOW = 1

it('electronegativity finds nothing above LOW that is not in the reviewed allowlist', async () => {
  const { default: run } = (await import('@doyensec/electronegativity/dist/runner.js')) as unknown as {
    default: (options: Record<string, unknown>) => Promise<{ issues: Issue[]; errors: unknown[] }>
  }
  await mkdir(path.join(root, 'out'), { recursive: true })
  const result = await run({
    input: path.join(root, 'src'),
    output: path.join(root, 'out', 'electronegativity.sarif'),
    isSarif: true,
    isRelative: true,
    electronVersionOverride: '45.5.0'
  })
  const sarif = JSON.parse(await readFile(path.join(root, 'out', 'electronegativity.sarif'), 'utf8')) as { runs: { results: unknown[] }[] }
  expect(sarif.runs[0]!.results.length).toBe(result.issues.length)

  const allowlist = JSON.parse(await readFile(path.join(root, 'test/security/electronegativity-allowlist.json'), 'utf8')) as AllowedFinding[]
  for (const entry of allowlist) expect(entry.reason.length, `${entry.id} needs a reason`).toBeGreaterThan(20)
  const allowed = (issue: Issue) => allowlist.some((entry) => entry.id === issue.id && entry.file === issue.file)
  const serious = result.issues.filter((issue) => issue.severity.value > LOW)
  const unexplained = serious.filter((issue) => !allowed(issue)).map((i) => `${i.id} ${i.severity.name} at ${i.file}:${i.location.line}`)
  expect(unexplained, 'findings above LOW that nobody reviewed').toEqual([])
  // A stale allowlist entry hides nothing today but would hide a new finding tomorrow.
  const stale = allowlist.filter((entry) => !serious.some((issue) => issue.id === entry.id && issue.file === entry.file))
  expect(stale, 'allowlist entries that no longer match a finding').toEqual([])
}, 120_000)
