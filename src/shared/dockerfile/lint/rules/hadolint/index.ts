// hadolint's DL rules (filled in by the hadolint rules work; registered from lint/index.ts).
// Rule ids are `hadolint/DL3008`; each diagnostic carries its wiki URL in data.url.
import type { Rule } from '../../types'

export const hadolintRules: Rule[] = []

/** DL rule id (e.g. `DL4000`) → the BuildKit check that says the same thing (e.g. `MaintainerDeprecated`): lint/index.ts merges the two into one diagnostic. */
export const overlaps: Record<string, string> = {}
