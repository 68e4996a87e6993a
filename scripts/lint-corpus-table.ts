// How often each lint rule fires on the Dockerfile corpus (test/fixtures/dockerfile-corpus),
// split into Docker Official Images (docker-library, nginx, node) and the rest.
// Run: npx tsx scripts/lint-corpus-table.ts — prints the markdown table the README shows.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { lintDockerfile, parseDockerfile, type Diagnostic, type Severity } from '../src/shared/dockerfile'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../test/fixtures/dockerfile-corpus')

interface Entry {
  file: string
  repository: string
}

const OFFICIAL = /github\.com\/(docker-library\/|nginxinc\/docker-nginx|nodejs\/docker-node)/

export interface CorpusFile {
  file: string
  official: boolean
  diagnostics: Diagnostic[]
}

export function lintCorpus(): CorpusFile[] {
  const index = JSON.parse(readFileSync(path.join(root, 'index.json'), 'utf8')) as Entry[]
  return index.map((entry) => ({
    file: entry.file,
    official: OFFICIAL.test(entry.repository),
    diagnostics: lintDockerfile(parseDockerfile(readFileSync(path.join(root, entry.file)).toString('utf8')))
  }))
}

export interface RuleCount {
  rule: string
  severity: Severity
  officialFiles: number
  otherFiles: number
}

export function countRules(files: readonly CorpusFile[]): RuleCount[] {
  const counts = new Map<string, RuleCount>()
  for (const f of files) {
    for (const rule of new Set(f.diagnostics.map((d) => d.rule))) {
      const severity = f.diagnostics.find((d) => d.rule === rule)?.severity ?? 'info'
      const count = counts.get(rule) ?? { rule, severity, officialFiles: 0, otherFiles: 0 }
      if (f.official) count.officialFiles++
      else count.otherFiles++
      counts.set(rule, count)
    }
  }
  return [...counts.values()].sort((a, b) => b.officialFiles - a.officialFiles || b.otherFiles - a.otherFiles || a.rule.localeCompare(b.rule))
}

export function markdownTable(files: readonly CorpusFile[]): string {
  const official = files.filter((f) => f.official).length
  const other = files.length - official
  const pct = (n: number, of: number) => (of === 0 ? '–' : `${n} (${Math.round((100 * n) / of)}%)`)
  const lines = [
    `| Rule | Severity | Official images (of ${official}) | Other public Dockerfiles (of ${other}) |`,
    '| --- | --- | --: | --: |',
    ...countRules(files).map((c) => `| \`${c.rule}\` | ${c.severity} | ${pct(c.officialFiles, official)} | ${pct(c.otherFiles, other)} |`)
  ]
  return lines.join('\n')
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(markdownTable(lintCorpus()))
}
