import { useState } from 'react'
import { parsePortSpecs } from '../../../shared/docker/ports'
import type { PortConflict } from '../../../shared/ipc/channels/containers'
import { applyPortSpecs, describePortRow, newKey, type FieldErrors, type PortRow } from './form'

/** A host port the engine found in use, for the host port the row had when it was checked. */
export interface RowConflict extends PortConflict {
  checkedHostPort: string
}

interface Props {
  rows: PortRow[]
  publishAll: boolean
  exposedPorts: string[]
  errors: FieldErrors
  /** Row key → what is wrong with its host port and a free one to use instead. */
  conflicts: Record<string, RowConflict>
  /** Why the ports could not be checked (e.g. too many mappings). */
  checkError: string | null
  /** Recreating a Podman container: its host ports may be ones Podman picked, not ones the person chose. */
  hostPortsFixedAtCreate?: boolean
  onChange(rows: PortRow[]): void
  onPublishAll(value: boolean): void
}

/** Port mappings: one row per exposed port, rows added by hand, and Docker's own `-p` syntax. */
export function PortsSection({ rows, publishAll, exposedPorts, errors, conflicts, checkError, hostPortsFixedAtCreate, onChange, onPublishAll }: Props) {
  const [specText, setSpecText] = useState('')
  const [specError, setSpecError] = useState<string | null>(null)
  const [newContainerPort, setNewContainerPort] = useState('')
  const [newPortError, setNewPortError] = useState<string | null>(null)

  const update = (key: string, patch: Partial<PortRow>) => onChange(rows.map((r) => (r.key === key ? { ...r, ...patch } : r)))

  const addSpec = () => {
    const parsed = parsePortSpecs(specText)
    if (!parsed.ok) {
      setSpecError(parsed.error)
      return
    }
    setSpecError(null)
    setSpecText('')
    onChange(applyPortSpecs(rows, parsed.value, exposedPorts))
  }

  const addRow = () => {
    const parsed = parsePortSpecs(newContainerPort)
    if (!parsed.ok || parsed.value.length !== 1 || parsed.value[0]!.hostPort !== null || parsed.value[0]!.hostIp !== '') {
      setNewPortError('Type the container port to publish, like 5000 or 53/udp.')
      return
    }
    const m = parsed.value[0]!
    setNewPortError(null)
    setNewContainerPort('')
    onChange([...rows, { key: newKey(), hostIp: '', hostPortText: String(m.containerPort), containerPort: m.containerPort, protocol: m.protocol, exposed: false }])
  }

  return (
    <fieldset className="run-section">
      <legend>Port mappings</legend>
      <p className="note">
        {exposedPorts.length
          ? `The image exposes ${exposedPorts.join(', ')}. EXPOSE alone does not publish a port: only the mappings below make it reachable from this machine.`
          : 'The image exposes no ports. EXPOSE alone would not publish one anyway: add a mapping for each port your app listens on.'}
      </p>
      {hostPortsFixedAtCreate ? (
        <p className="note">
          Podman picks a free host port when it creates a container (<code>-p 127.0.0.1::7000</code>) and keeps it, so these host ports may be ones it picked. Empty a host port to let the engine pick a free one again.
        </p>
      ) : null}
      {rows.length ? (
        <ul className="port-rows">
          {rows.map((row) => {
            const error = errors[`port:${row.key}`]
            // An alert about another host port than the row has now is stale: the form moved on.
            const found = conflicts[row.key]
            const conflict = found && found.checkedHostPort === row.hostPortText.trim() ? found : undefined
            const described = describePortRow(row)
            return (
              <li key={row.key} className="port-row">
                <div className="port-row-fields">
                  <label>
                    Host port
                    <input
                      className="port-input"
                      inputMode="numeric"
                      value={row.hostPortText}
                      placeholder="random"
                      aria-invalid={Boolean(error || conflict)}
                      aria-describedby={error || conflict ? `port-msg-${row.key}` : undefined}
                      onChange={(e) => update(row.key, { hostPortText: e.target.value })}
                    />
                  </label>
                  <span aria-hidden="true">→</span>
                  <span>
                    container port <strong>{described}</strong>
                    {row.hostIp ? <span className="muted"> on {row.hostIp}</span> : null}
                    {row.exposed ? <span className="muted"> (exposed by the image)</span> : null}
                  </span>
                  <button type="button" className="button small" aria-label={`Remove port mapping ${described}`} onClick={() => onChange(rows.filter((r) => r.key !== row.key))}>
                    Remove
                  </button>
                </div>
                {error ? (
                  <p id={`port-msg-${row.key}`} className="field-error">
                    {error}
                  </p>
                ) : conflict ? (
                  <p id={`port-msg-${row.key}`} className="field-error">
                    {conflict.message}{' '}
                    {conflict.suggestedPort ? (
                      <button type="button" className="button small" onClick={() => update(row.key, { hostPortText: String(conflict.suggestedPort) })}>
                        Use port {conflict.suggestedPort}
                      </button>
                    ) : null}
                  </p>
                ) : null}
              </li>
            )
          })}
        </ul>
      ) : null}
      <div className="inline-fields">
        <label>
          Container port
          <input value={newContainerPort} placeholder="5000" onChange={(e) => setNewContainerPort(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && (e.preventDefault(), addRow())} />
        </label>
        <button type="button" className="button" onClick={addRow}>
          Add port mapping
        </button>
      </div>
      {newPortError ? <p className="field-error">{newPortError}</p> : null}
      <div className="inline-fields">
        <label className="grow">
          Ports in Docker syntax
          <input
            value={specText}
            placeholder="8888:5000  127.0.0.1:8080:80/tcp  8000-8010:8000-8010  53:53/udp"
            aria-invalid={Boolean(specError)}
            onChange={(e) => setSpecText(e.target.value)}
            onKeyDown={(e) => e.key === 'Enter' && (e.preventDefault(), addSpec())}
          />
        </label>
        <button type="button" className="button" onClick={addSpec}>
          Apply
        </button>
      </div>
      {specError ? <p className="field-error">{specError}</p> : <p className="note">A mapping for a container port that is listed above replaces it; another port adds a mapping.</p>}
      {checkError ? (
        <p className="field-error" role="alert">
          {checkError}
        </p>
      ) : null}
      <label className="check">
        <input type="checkbox" checked={publishAll} onChange={(e) => onPublishAll(e.target.checked)} /> Publish all exposed ports (-P, each on a random host port)
      </label>
    </fieldset>
  )
}
