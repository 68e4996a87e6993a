// CodeMirror 6 set up for Dockerfiles: highlighting from the legacy dockerfile mode, our lint
// diagnostics in the gutter, and colours from CSS variables so both themes look right.
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands'
import { bracketMatching, HighlightStyle, StreamLanguage, syntaxHighlighting } from '@codemirror/language'
import { dockerFile } from '@codemirror/legacy-modes/mode/dockerfile'
import { lintGutter, lintKeymap, setDiagnostics, type Diagnostic as CmDiagnostic } from '@codemirror/lint'
import { highlightSelectionMatches, search, searchKeymap } from '@codemirror/search'
import { Annotation, EditorState, type Extension, type Text } from '@codemirror/state'
import {
  drawSelection,
  EditorView,
  highlightActiveLine,
  highlightActiveLineGutter,
  keymap,
  lineNumbers
} from '@codemirror/view'
import { tags } from '@lezer/highlight'
import type { Diagnostic } from '../../../shared/dockerfile'
import { cspNonce } from '../../csp-nonce'

/** Marks changes that come from the store (the visual editor), so they are not sent back to it. */
export const fromStore = Annotation.define<boolean>()

const highlight = HighlightStyle.define([
  { tag: tags.keyword, color: 'var(--cm-keyword)', fontWeight: '600' },
  { tag: tags.comment, color: 'var(--cm-comment)', fontStyle: 'italic' },
  { tag: tags.string, color: 'var(--cm-string)' },
  { tag: [tags.number, tags.bool, tags.atom], color: 'var(--cm-number)' },
  { tag: [tags.variableName, tags.special(tags.string)], color: 'var(--cm-variable)' },
  { tag: tags.meta, color: 'var(--cm-meta)' },
  { tag: tags.operator, color: 'var(--cm-operator)' }
])

const theme = EditorView.theme({
  '&': { height: '100%', backgroundColor: 'var(--panel)', color: 'var(--text)' },
  '.cm-scroller': { fontFamily: "ui-monospace, 'SF Mono', Menlo, Consolas, 'DejaVu Sans Mono', monospace", fontSize: '13px', lineHeight: '1.55' },
  '.cm-content': { caretColor: 'var(--text)' },
  '.cm-cursor, .cm-dropCursor': { borderLeftColor: 'var(--text)' },
  '.cm-gutters': { backgroundColor: 'var(--panel-2)', color: 'var(--muted)', borderRight: '1px solid var(--border)' },
  '.cm-activeLine': { backgroundColor: 'var(--cm-active-line)' },
  '.cm-activeLineGutter': { backgroundColor: 'var(--cm-active-line)' },
  '&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection': { backgroundColor: 'var(--cm-selection) !important' },
  '.cm-tooltip': { backgroundColor: 'var(--panel)', color: 'var(--text)', border: '1px solid var(--border)' },
  '.cm-diagnosticAction': { backgroundColor: 'var(--accent)', color: 'var(--accent-text)', borderRadius: '4px' },
  '.cm-panels': { backgroundColor: 'var(--panel-2)', color: 'var(--text)' }
})

export function dockerfileExtensions(onChange: (text: string) => void, onCursorLine: (line: number) => void): Extension {
  return [
    lineNumbers(),
    highlightActiveLineGutter(),
    history(),
    drawSelection(),
    highlightActiveLine(),
    bracketMatching(),
    highlightSelectionMatches(),
    search({ top: true }),
    StreamLanguage.define(dockerFile),
    syntaxHighlighting(highlight),
    lintGutter(),
    EditorView.lineWrapping,
    keymap.of([...defaultKeymap, ...historyKeymap, ...searchKeymap, ...lintKeymap, indentWithTab]),
    EditorView.contentAttributes.of({ 'aria-label': 'Dockerfile text', spellcheck: 'false', autocapitalize: 'off', autocorrect: 'off' }),
    theme,
    // CodeMirror adds its styles as a <style> element: the CSP lets it in by this page's nonce.
    EditorView.cspNonce.of(cspNonce()),
    EditorView.updateListener.of((update) => {
      if (update.docChanged && !update.transactions.some((tr) => tr.annotation(fromStore))) onChange(update.state.doc.toString())
      if (update.selectionSet && update.view.hasFocus) onCursorLine(update.state.doc.lineAt(update.state.selection.main.head).number)
    })
  ]
}

export function createState(text: string, extensions: Extension): EditorState {
  return EditorState.create({ doc: text, extensions })
}

/** The smallest single change turning `current` into `next`: the common start and end stay untouched, so the cursor keeps its place. */
export function minimalChange(current: string, next: string): { from: number; to: number; insert: string } | null {
  if (current === next) return null
  let start = 0
  const max = Math.min(current.length, next.length)
  while (start < max && current.charCodeAt(start) === next.charCodeAt(start)) start++
  let endCurrent = current.length
  let endNext = next.length
  while (endCurrent > start && endNext > start && current.charCodeAt(endCurrent - 1) === next.charCodeAt(endNext - 1)) {
    endCurrent--
    endNext--
  }
  return { from: start, to: endCurrent, insert: next.slice(start, endNext) }
}

export interface DiagnosticActions {
  fix(diagnostic: Diagnostic): void
  ignore(diagnostic: Diagnostic): void
}

function lineSpan(doc: Text, line: number, endLine?: number): { from: number; to: number } {
  const first = doc.line(Math.min(Math.max(1, line), doc.lines))
  const last = doc.line(Math.min(Math.max(first.number, endLine ?? line), doc.lines))
  return { from: first.from, to: Math.max(first.from, last.to) }
}

/** Our lint diagnostics as CodeMirror's, with the one-click fix and "Ignore here" as actions. */
export function diagnosticsTransaction(state: EditorState, diagnostics: readonly Diagnostic[], actions: DiagnosticActions) {
  const converted: CmDiagnostic[] = diagnostics.map((d) => ({
    ...lineSpan(state.doc, d.line, d.endLine),
    severity: d.severity,
    source: d.rule,
    message: d.message,
    actions: [
      ...(d.fix ? [{ name: d.fix.title, apply: () => actions.fix(d) }] : []),
      ...(d.blockId ? [{ name: 'Ignore here', apply: () => actions.ignore(d) }] : [])
    ]
  }))
  return setDiagnostics(state, converted)
}
