import type { BuildStep } from '../../../shared/ipc/channels/build'
import { formatDuration, stepStateLabel } from './format'

interface Props {
  steps: BuildStep[]
  /** Called with the step's line when a step is chosen; absent when steps cannot be shown in the editor. */
  onReveal?: (line: number) => void
}

const icons: Record<BuildStep['state'], string> = { waiting: '○', running: '◐', cached: '↺', done: '✓', failed: '✕', skipped: '–' }

/** "Step 3/7: RUN apt-get update -y" with state and duration; a failed step carries the engine's message and last lines. */
export function StepList({ steps, onReveal }: Props) {
  const total = steps.length
  return (
    <ol className="build-steps" aria-label="Build steps">
      {steps.map((step) => {
        const label = `Step ${step.index}/${total}: ${step.instruction}`
        const state = stepStateLabel[step.state]
        const content = (
          <>
            <span className="build-step-icon" aria-hidden="true">
              {icons[step.state]}
            </span>
            <span className="build-step-text" title={label}>
              {label}
            </span>
            <span className="build-step-state">{state}</span>
            <span className="build-step-duration">{step.state === 'running' ? '' : formatDuration(step.durationMs)}</span>
          </>
        )
        return (
          <li key={step.index} className={`build-step build-step-${step.state}`} data-state={step.state} aria-label={`${label} — ${state}`}>
            {onReveal ? (
              <button type="button" className="build-step-main" onClick={() => onReveal(step.line)} title={`Show line ${step.line} in the editor`} aria-label={`${label} — ${state}`}>
                {content}
              </button>
            ) : (
              <div className="build-step-main">{content}</div>
            )}
            {step.state === 'failed' && (
              <div className="build-step-failure" role="alert">
                <p className="build-step-error">{step.error}</p>
                {step.lastLines && step.lastLines.length > 0 && <pre className="build-step-lines">{step.lastLines.join('\n')}</pre>}
              </div>
            )}
          </li>
        )
      })}
    </ol>
  )
}
