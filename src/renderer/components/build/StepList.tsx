import type { BuildStatus, BuildStep } from '../../../shared/ipc/channels/build'
import { formatDuration, stepStateLabel } from './format'
import { terminalLine } from './log-line'

interface Props {
  steps: BuildStep[]
  /** The build's status: once it failed or was cancelled, a step still waiting will not run. */
  status: BuildStatus
  /** Called with the step's line when a step is chosen; absent when steps cannot be shown in the editor. */
  onReveal?: (line: number) => void
}

const icons: Record<keyof typeof stepStateLabel, string> = { waiting: '○', running: '◐', cached: '↺', done: '✓', failed: '✕', skipped: '–', 'not-run': '–' }

/** "Step 3/7: RUN apt-get update -y" with state and duration; a failed step carries the engine's message and last lines. */
export function StepList({ steps, status, onReveal }: Props) {
  const total = steps.length
  const over = status === 'failed' || status === 'cancelled' || status === 'succeeded'
  return (
    <ol className="build-steps" aria-label="Build steps">
      {steps.map((step) => {
        const label = `Step ${step.index}/${total}: ${step.instruction}`
        const shown = over && step.state === 'waiting' ? 'not-run' : step.state
        const state = stepStateLabel[shown]
        const content = (
          <>
            <span className="build-step-icon" aria-hidden="true">
              {icons[shown]}
            </span>
            <span className="build-step-text" title={label}>
              {label}
            </span>
            <span className="build-step-state">{state}</span>
            <span className="build-step-duration">{step.state === 'running' ? '' : formatDuration(step.durationMs)}</span>
          </>
        )
        return (
          <li key={step.index} className={`build-step build-step-${shown}`} data-state={shown} aria-label={`${label} — ${state}`}>
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
                {step.lastLines && step.lastLines.length > 0 && <pre className="build-step-lines">{step.lastLines.map(terminalLine).join('\n')}</pre>}
              </div>
            )}
          </li>
        )
      })}
    </ol>
  )
}
