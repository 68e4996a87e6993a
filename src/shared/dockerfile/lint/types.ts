import type { DockerfileDocument, StatementBlock } from '../types'

export type Severity = 'error' | 'warning' | 'info'

/**
 * A one-click fix as data: new instruction text for some blocks (null removes
 * the block). Each edit carries the text it was computed from, so a fix that
 * has gone stale is refused instead of clobbering newer work.
 */
export interface Fix {
  title: string
  edits: FixEdit[]
}

export interface FixEdit {
  blockId: string
  /** The block's instructionText when the fix was computed. */
  expectedText: string
  /** Replacement for the instruction's text (its comments stay), or null to remove the whole block. */
  newText: string | null
}

export interface Diagnostic {
  /** 1-based line of the instruction (or of the problem inside it). */
  line: number
  endLine?: number
  severity: Severity
  /** Stable id: one of ours (see RULE_IDS) or `dockerfile-utils/<code>`. */
  rule: string
  /** What is wrong and what to do about it. */
  message: string
  blockId?: string
  fix?: Fix
}

/**
 * What the linter may know about the build context, supplied as data by
 * whoever can read the disk. Paths are relative to the context root, with `/`.
 */
export interface LintContext {
  /** Files that will be sent (already filtered by .dockerignore). When absent, sources are not checked. */
  files?: readonly string[]
  /** Files that exist in the context folder but are excluded by .dockerignore. */
  ignoredFiles?: readonly string[]
}

export interface RuleInput {
  doc: DockerfileDocument
  statements: readonly StatementBlock[]
  context: LintContext
}

export interface Rule {
  id: string
  check(input: RuleInput): Diagnostic[]
}
