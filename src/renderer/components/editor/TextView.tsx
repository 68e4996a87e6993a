import { EditorSelection, StateEffect } from '@codemirror/state'
import { EditorView } from '@codemirror/view'
import { useEffect, useId, useRef } from 'react'
import type { Diagnostic } from '../../../shared/dockerfile'
import { useDockerfile } from '../../store/dockerfile'
import { selectDiagnostics } from '../../store/lint-results'
import { uiEvents } from '../../ui-events'
import { createState, diagnosticsTransaction, dockerfileExtensions, fromStore, minimalChange } from './codemirror'

/**
 * The text view. The CodeMirror view is created once; changes from the visual editor arrive as one
 * minimal change each, so the cursor, selection and undo history stay.
 */
export function TextView() {
  const host = useRef<HTMLDivElement>(null)
  const viewRef = useRef<EditorView | null>(null)
  const hintId = useId()

  useEffect(() => {
    const store = useDockerfile.getState()
    const onCursorLine = (line: number) => {
      const s = useDockerfile.getState()
      const block = s.doc.blocks.find((b) => (b.kind === 'instruction' || b.kind === 'raw') && line >= b.range.startLine && line <= b.range.endLine)
      if (block) s.select(block.id)
    }
    const view = new EditorView({
      state: createState(store.text, dockerfileExtensions((text) => useDockerfile.getState().setText(text), onCursorLine)),
      parent: host.current!
    })
    viewRef.current = view
    // Tab indents here, so say how the keyboard gets out (CodeMirror's own Escape-then-Tab).
    view.dispatch({ effects: StateEffect.appendConfig.of(EditorView.contentAttributes.of({ 'aria-describedby': hintId })) })
    const actions = {
      fix: (d: Diagnostic) => {
        if (d.fix) useDockerfile.getState().applyFix(d.fix)
      },
      ignore: (d: Diagnostic) => {
        if (d.blockId) useDockerfile.getState().ignoreHere(d.blockId, d.rule)
      }
    }
    let shown = selectDiagnostics(store)
    view.dispatch(diagnosticsTransaction(view.state, shown, actions))

    const unsubscribe = useDockerfile.subscribe((s, prev) => {
      if (s.text !== prev.text) {
        const change = minimalChange(view.state.doc.toString(), s.text)
        if (change) view.dispatch({ changes: change, annotations: fromStore.of(true) })
      }
      // A block chosen in the visual editor: bring its lines into view here too (the cursor stays where it was).
      if (s.selectedId !== prev.selectedId && s.selectedId && !view.hasFocus) {
        const block = s.doc.blocks.find((b) => b.id === s.selectedId)
        if (block && block.range.startLine <= view.state.doc.lines) {
          const from = view.state.doc.line(block.range.startLine).from
          view.dispatch({ effects: EditorView.scrollIntoView(from, { y: 'nearest', yMargin: 24 }) })
        }
      }
      const diagnostics = selectDiagnostics(s)
      if (diagnostics !== shown) {
        shown = diagnostics
        view.dispatch(diagnosticsTransaction(view.state, diagnostics, actions))
      }
    })
    const stopCursor = uiEvents.on('placeCursor', ({ line: wanted }) => {
      const line = view.state.doc.line(Math.min(Math.max(1, wanted), view.state.doc.lines))
      view.dispatch({ selection: EditorSelection.cursor(line.from), effects: EditorView.scrollIntoView(line.from, { y: 'center' }) })
    })
    return () => {
      unsubscribe()
      stopCursor()
      view.destroy()
      viewRef.current = null
    }
  }, [hintId])

  return (
    <>
      <div className="text-view" ref={host} />
      <p id={hintId} className="muted text-view-hint">
        Tab indents. To move on with the keyboard, press Esc, then Tab.
      </p>
    </>
  )
}
