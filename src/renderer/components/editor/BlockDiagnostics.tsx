import { addSuppression, suppressionChoices, type Diagnostic, type SuppressionChoice } from '../../../shared/dockerfile'
import { openInBrowser } from '../../store/browser'
import { useDockerfile } from '../../store/dockerfile'

const SEVERITY_LABEL = { error: 'Error', warning: 'Warning', info: 'Tip' } as const

/** How a finding can be ignored: its own rule's forms, then "here" for each rule merged into it (e.g. hadolint's with BuildKit's). */
function ignoreChoices(d: Diagnostic): (SuppressionChoice & { rule: string })[] {
  const own = suppressionChoices(d.rule).map((c) => ({ ...c, rule: d.rule }))
  const merged = (d.data?.alsoReportedBy ?? []).flatMap((o) =>
    suppressionChoices(o.rule)
      .slice(0, 1)
      .map((c) => ({ ...c, rule: o.rule, label: `${c.label} (${o.rule.split('/')[0]})` }))
  )
  return [...own, ...merged]
}

/** A block's problems: severity, what is wrong and what to do, the rule's page, the one-click fix and the ways to ignore it. */
export function BlockDiagnostics({ diagnostics }: { diagnostics: readonly Diagnostic[] }) {
  if (diagnostics.length === 0) return null
  return (
    // A group rather than a list: the items of the Instructions list are the blocks alone.
    <div role="group" className="diagnostics" aria-label="Problems">
      {diagnostics.map((d) => (
        <div key={`${d.rule}:${d.line}:${d.message}`} className={`diagnostic diagnostic-${d.severity}`}>
          <span className="severity">{SEVERITY_LABEL[d.severity]}</span>
          <span className="diagnostic-message">{d.message}</span>
          {d.data?.url ? (
            <a
              className="diagnostic-rule muted"
              href={d.data.url}
              title={`Open the page about ${d.rule} in your browser`}
              onClick={(event) => {
                event.preventDefault()
                void openInBrowser(d.data!.url!).catch(() => undefined)
              }}
            >
              {d.rule}
            </a>
          ) : (
            <span className="diagnostic-rule muted">{d.rule}</span>
          )}
          <span className="diagnostic-actions">
            {d.fix && (
              <button type="button" className="button small primary" onClick={() => useDockerfile.getState().applyFix(d.fix!)}>
                {d.fix.title}
              </button>
            )}
            {d.blockId &&
              ignoreChoices(d).map((choice) => (
                <button
                  key={`${choice.rule}:${choice.form}`}
                  type="button"
                  className="button small"
                  title={`Adds "${choice.comment}". ${choice.description}`}
                  onClick={() => useDockerfile.getState().edit((doc) => addSuppression(doc, d.blockId!, choice.rule, choice.form))}
                >
                  {choice.label}
                </button>
              ))}
          </span>
        </div>
      ))}
    </div>
  )
}
