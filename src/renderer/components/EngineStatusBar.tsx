import { useConnection } from '../store/connection'
import '../styles/statusbar.css'
import { EngineSwitcher } from './EngineSwitcher'
import { OperationsIndicator } from './operations/OperationsIndicator'

/** An engine address whole when it fits, else elided in the middle: its end (the socket's name) stays readable. */
function EngineAddress({ host }: { host: string }) {
  const cut = Math.max(host.lastIndexOf('/'), host.length - 24)
  return (
    <code className="engine-address" title={host}>
      <span className="engine-address-head">{host.slice(0, cut)}</span>
      <span className="engine-address-tail">{host.slice(cut)}</span>
    </code>
  )
}

/** Always visible: which engine Slipway talks to, or that it talks to none. */
export function EngineStatusBar() {
  const state = useConnection((s) => s.state)
  return (
    <footer className="statusbar" aria-label="Engine status">
      <div role="status" className={`engine-state engine-${state.status}`} title={state.status === 'connected' ? `${state.engine.name} ${state.engine.version} · API ${state.engine.apiVersion} · ${state.engine.os}/${state.engine.arch} · ${state.endpoint.host}` : undefined}>
        <span className="dot" aria-hidden="true" />
        {state.status === 'connected' ? (
          <span className="engine-summary">
            Connected to&nbsp;<strong>{state.engine.name} {state.engine.version}</strong>
            <span className="engine-extra">
              <span className="sep">&nbsp;·&nbsp;</span>API {state.engine.apiVersion}
              <span className="sep">&nbsp;·&nbsp;</span>
              {state.engine.os}/{state.engine.arch}
            </span>
            <span className="sep">&nbsp;·</span>
            <EngineAddress host={state.endpoint.host} />
            {state.endpoint.contextName ? <> (context {state.endpoint.contextName})</> : null}
          </span>
        ) : state.status === 'connecting' ? (
          <span>Connecting to the Docker engine…</span>
        ) : (
          <span>
            Not connected <span className="sep"> · </span>
            {state.attempts[0] ? <EngineAddress host={state.attempts[0].endpoint.host} /> : null}
          </span>
        )}
      </div>
      <OperationsIndicator />
      <EngineSwitcher />
    </footer>
  )
}
