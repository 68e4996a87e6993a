import type { Diagnostic } from '../../../shared/dockerfile'
import { useDockerfile } from '../../store/dockerfile'

const SEVERITY_LABEL = { error: 'Error', warning: 'Warning', info: 'Tip' } as const

/** A block's problems: severity, what is wrong and what to do, the one-click fix and "Ignore here". */
export function BlockDiagnostics({ diagnostics }: { diagnostics: readonly Diagnostic[] }) {
  if (diagnostics.length === 0) return null
  return (
    // A group rather than a list: the items of the Instructions list are the blocks alone.
    <div role="group" className="diagnostics" aria-label="Problems">
      {diagnostics.map((d) => (
        <div key={`${d.rule}:${d.line}:${d.message}`} className={`diagnostic diagnostic-${d.severity}`}>
          <span className="severity">{SEVERITY_LABEL[d.severity]}</span>
          <span className="diagnostic-message">{d.message}</span>
          <span className="diagnostic-rule muted">{d.rule}</span>
          <span className="diagnostic-actions">
            {d.fix && (
              <button type="button" className="button small primary" onClick={() => useDockerfile.getState().applyFix(d.fix!)}>
                {d.fix.title}
              </button>
            )}
            {d.blockId && (
              <button
                type="button"
                className="button small"
                title={`Adds "# slipway-ignore: ${d.rule}" above this instruction`}
                onClick={() => useDockerfile.getState().ignoreHere(d.blockId!, d.rule)}
              >
                Ignore here
              </button>
            )}
          </span>
        </div>
      ))}
    </div>
  )
}
