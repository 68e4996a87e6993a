// Which lint diagnostics the editor may show for the text it has now. Linting runs a moment after a
// change (longer for large files), so between an edit and the next run the last results describe an
// older text: a block's diagnostics are shown only while the block still has the text they were
// computed for, so a block that was just fixed never shows the problem it no longer has.
import type { Diagnostic, DockerfileDocument } from '../../shared/dockerfile'

/** One lint run: its diagnostics, and each block they name as it was when linted. */
export interface LintResult {
  readonly diagnostics: readonly Diagnostic[]
  readonly linted: ReadonlyMap<string, { readonly text: string; readonly line: number }>
}

export const NO_LINT: LintResult = { diagnostics: [], linted: new Map() }

/** Records a lint run of `doc`. */
export function recordLint(doc: DockerfileDocument, diagnostics: readonly Diagnostic[]): LintResult {
  if (diagnostics.length === 0) return NO_LINT
  const named = new Set(diagnostics.flatMap((d) => (d.blockId ? [d.blockId] : [])))
  const linted = new Map<string, { text: string; line: number }>()
  for (const block of doc.blocks) if (named.has(block.id)) linted.set(block.id, { text: block.text, line: block.range.startLine })
  return { diagnostics, linted }
}

/**
 * The run's diagnostics that still belong to `doc`. A block's diagnostics stay while the block has the
 * same text, moved with it when lines above it were added or removed; those of a block whose text
 * changed (or that is gone) are dropped until the next run. Diagnostics about the whole file stay
 * until the next run. The same array comes back when nothing changed.
 */
export function currentDiagnostics(doc: DockerfileDocument, result: LintResult): readonly Diagnostic[] {
  if (result.linted.size === 0) return result.diagnostics
  const shift = new Map<string, number | null>()
  for (const id of result.linted.keys()) shift.set(id, null)
  for (const block of doc.blocks) {
    const then = result.linted.get(block.id)
    if (then && then.text === block.text) shift.set(block.id, block.range.startLine - then.line)
  }
  let changed = false
  const shown: Diagnostic[] = []
  for (const d of result.diagnostics) {
    const by = d.blockId ? shift.get(d.blockId) : 0
    if (by === null || by === undefined) {
      changed = true
      continue
    }
    if (by === 0) {
      shown.push(d)
      continue
    }
    changed = true
    shown.push({ ...d, line: d.line + by, ...(d.endLine !== undefined ? { endLine: d.endLine + by } : {}) })
  }
  return changed ? shown : result.diagnostics
}

let lastDoc: DockerfileDocument | null = null
let lastResult: LintResult | null = null
let lastShown: readonly Diagnostic[] = []

/** Store selector: the diagnostics to show now (the same array for the same document and run). */
export function selectDiagnostics(state: { doc: DockerfileDocument; lint: LintResult }): readonly Diagnostic[] {
  if (state.doc !== lastDoc || state.lint !== lastResult) {
    lastShown = currentDiagnostics(state.doc, state.lint)
    lastDoc = state.doc
    lastResult = state.lint
  }
  return lastShown
}
