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
  /** Stable id: `buildkit/<Check>` (BuildKit's build checks), `hadolint/DL3008` (hadolint's rules) or one of Slipway's own (e.g. `copy-source-missing`). */
  rule: string
  /** What is wrong and what to do about it. */
  message: string
  blockId?: string
  fix?: Fix
  data?: DiagnosticData
}

export interface DiagnosticData {
  /** Where the rule is explained: BuildKit's build-check page or hadolint's wiki page. */
  url?: string
  /** Other rules that report the same finding, merged into this diagnostic (e.g. hadolint's DL4000 with BuildKit's MaintainerDeprecated). */
  alsoReportedBy?: { rule: string; url?: string }[]
}

/** What a .hadolint.yaml says (the parts Slipway honours). Rule names are hadolint's: `DL3008`, or BuildKit's check names. */
export interface HadolintConfig {
  /** Rules never reported. */
  ignored?: readonly string[]
  /** Rules reported at another severity; hadolint's `style` is shown as info. */
  override?: {
    error?: readonly string[]
    warning?: readonly string[]
    info?: readonly string[]
    style?: readonly string[]
  }
  /** Registries FROM may pull from (DL3026); absent or empty means any. */
  trustedRegistries?: readonly string[]
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
  /** The .hadolint.yaml next to the Dockerfile or in the context, when there is one. */
  hadolint?: HadolintConfig
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
