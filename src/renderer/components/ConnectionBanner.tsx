import { useEffect, useState } from 'react'
import { useConnection } from '../store/connection'

function useSecondsUntil(epochMs: number | null): number | null {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    if (epochMs === null) return
    // Read the clock as soon as a new retry is planned, not only on the next tick.
    const tick = () => setNow(Date.now())
    const first = setTimeout(tick, 0)
    const timer = setInterval(tick, 500)
    return () => {
      clearTimeout(first)
      clearInterval(timer)
    }
  }, [epochMs])
  return epochMs === null ? null : Math.max(0, Math.ceil((epochMs - now) / 1000))
}

/** When no engine answers: what was tried, the error, how to fix it, and Retry. */
export function ConnectionBanner() {
  const { state, retry } = useConnection()
  const [retrying, setRetrying] = useState(false)
  const seconds = useSecondsUntil(state.status === 'disconnected' ? state.nextRetryAt : null)
  if (state.status !== 'disconnected') return null
  return (
    <section className="banner banner-error" aria-label="Engine connection" aria-live="polite">
      <h2>Slipway cannot reach a Docker engine</h2>
      <p className="banner-error-text">{state.error}</p>
      <p>{state.hint}</p>
      <details open>
        <summary>What was tried</summary>
        <ul className="attempts">
          {state.attempts.map((attempt) => (
            <li key={attempt.endpoint.host + attempt.endpoint.source}>
              <code>{attempt.endpoint.host}</code> <span className="muted">({attempt.endpoint.source})</span>: {attempt.error}
            </li>
          ))}
        </ul>
      </details>
      <div className="banner-actions">
        <button
          type="button"
          className="button primary"
          disabled={retrying}
          onClick={() => {
            setRetrying(true)
            void retry().finally(() => setRetrying(false))
          }}
        >
          Retry
        </button>
        {seconds !== null ? <span className="muted">Retrying by itself in {seconds} s</span> : null}
      </div>
    </section>
  )
}
