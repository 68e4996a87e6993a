import { useConnection } from '../store/connection'
import { EngineSwitcher } from './EngineSwitcher'
import { OperationsIndicator } from './operations/OperationsIndicator'

/** Always visible: which engine Slipway talks to, or that it talks to none. */
export function EngineStatusBar() {
  const state = useConnection((s) => s.state)
  return (
    <footer className="statusbar" aria-label="Engine status">
      <div role="status" className={`engine-state engine-${state.status}`} title={state.status === 'connected' ? state.endpoint.host : undefined}>
        <span className="dot" aria-hidden="true" />
        {state.status === 'connected' ? (
          <span>
            Connected to <strong>{state.engine.name} {state.engine.version}</strong>
            <span className="sep"> · </span>API {state.engine.apiVersion}
            <span className="sep"> · </span>
            {state.engine.os}/{state.engine.arch}
            <span className="sep"> · </span>
            <code>{state.endpoint.host}</code>
            {state.endpoint.contextName ? <> (context {state.endpoint.contextName})</> : null}
          </span>
        ) : state.status === 'connecting' ? (
          <span>Connecting to the Docker engine…</span>
        ) : (
          <span>
            Not connected <span className="sep"> · </span>
            {state.attempts[0] ? <code>{state.attempts[0].endpoint.host}</code> : null}
          </span>
        )}
      </div>
      <OperationsIndicator />
      <EngineSwitcher />
    </footer>
  )
}
