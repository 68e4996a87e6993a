// Compares electronegativity's findings with the reviewed allowlist. An entry covers one finding: the same rule,
// file AND line, so a new finding in a file that already has an entry is reported, not hidden.

export interface Finding {
  id: string
  /** Relative to src/, with `/`. */
  file: string
  severity: { value: number; name: string }
  location: { line: number }
}

export interface AllowedFinding {
  id: string
  file: string
  line: number
  reason: string
}

/** Electronegativity's scale: INFORMATIONAL 0, LOW 1, MEDIUM 2, HIGH 3. */
export const LOW = 1

export interface Review {
  /** Findings of any severity that no entry covers. */
  unexplained: Finding[]
  /** Entries that cover no finding any more (they would cover a different finding tomorrow). */
  stale: AllowedFinding[]
  /** Entries without a real reason. */
  unreasoned: AllowedFinding[]
  /** LOW and INFORMATIONAL findings, covered or not: printed by the test so they stay in view. */
  forReview: Finding[]
}

const covers = (entry: AllowedFinding, finding: Finding): boolean =>
  entry.id === finding.id && entry.file === finding.file && entry.line === finding.location.line

export function reviewFindings(findings: readonly Finding[], allowlist: readonly AllowedFinding[]): Review {
  return {
    unexplained: findings.filter((finding) => !allowlist.some((entry) => covers(entry, finding))),
    stale: allowlist.filter((entry) => !findings.some((finding) => covers(entry, finding))),
    unreasoned: allowlist.filter((entry) => typeof entry.reason !== 'string' || entry.reason.trim().length < 20 || !Number.isInteger(entry.line)),
    forReview: findings.filter((finding) => finding.severity.value <= LOW)
  }
}

export function describeFinding(finding: Finding): string {
  return `${finding.id} ${finding.severity.name} at ${finding.file}:${finding.location.line}`
}

/** For an unexplained finding: where it is and the allowlist entry to add once it has been reviewed. */
export function suggestEntry(finding: Finding): string {
  return `${describeFinding(finding)} — entry: ${JSON.stringify({ id: finding.id, file: finding.file, line: finding.location.line, reason: '…' })}`
}
