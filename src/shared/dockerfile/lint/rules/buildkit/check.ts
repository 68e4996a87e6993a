// A BuildKit build check as a diagnostic: rule id `buildkit/<Name>`, with the
// check's page in Docker's docs.
import type { StatementBlock } from '../../../types'
import type { Diagnostic, Fix, Severity } from '../../types'
import { diagnose } from '../../util'

export const BUILDKIT_PREFIX = 'buildkit/'

/** https://docs.docker.com/go/dockerfile/rule/<kebab-name>/ for a check name such as `StageNameCasing`. */
export function buildkitCheckUrl(name: string): string {
  const kebab = name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2').toLowerCase()
  return `https://docs.docker.com/go/dockerfile/rule/${kebab}/`
}

export function buildkitCheck(block: StatementBlock, name: string, severity: Severity, message: string, fix?: Fix): Diagnostic {
  const d = diagnose(block, severity, `${BUILDKIT_PREFIX}${name}`, message, fix)
  d.data = { url: buildkitCheckUrl(name) }
  return d
}

/** A rule's documentation page that diagnostics link to (BuildKit's checks, hadolint's wiki): the only web pages the editor opens. */
export function isRulePageUrl(url: string): boolean {
  return /^https:\/\/docs\.docker\.com\/go\/dockerfile\/rule\/[a-z-]+\/$/.test(url) || /^https:\/\/github\.com\/hadolint\/hadolint\/wiki\/DL\d{4}$/.test(url)
}
