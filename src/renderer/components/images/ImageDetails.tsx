import { useEffect, useState, type ReactNode } from 'react'
import type { ImageDetails as Details } from '../../../shared/ipc/channels/images'
import { errorMessage } from '../../../shared/ipc/errors'
import { useImages } from '../../store/images'
import { copyText, formatBytes, formatExact } from './format'
import { ImageRegistryActions } from '../registries/ImageRegistryActions'
import { ImageFilesButton } from './files/ImageFilesButton'
import { ColumnHeads } from '../table/ColumnHeads'
import { ErrorText } from '../ErrorText'

type Tab = 'Overview' | 'Layers' | 'Raw JSON'
const tabs: Tab[] = ['Overview', 'Layers', 'Raw JSON']

function Field({ name, children }: { name: string; children: ReactNode }) {
  return (
    <>
      <dt>{name}</dt>
      <dd>{children}</dd>
    </>
  )
}

function List({ items }: { items: string[] }) {
  if (items.length === 0) return <span className="muted">none</span>
  return (
    <ul className="images-plain-list">
      {items.map((item) => (
        <li key={item}>
          <code>{item}</code>
        </li>
      ))}
    </ul>
  )
}

function Overview({ details }: { details: Details }) {
  const c = details.config
  const json = (value: string[] | null) => (value ? <code>{JSON.stringify(value)}</code> : <span className="muted">none</span>)
  return (
    <dl className="images-fields">
      <Field name="ID">
        <code className="images-wrap">{details.id}</code>
      </Field>
      <Field name="Tags">
        <List items={details.repoTags} />
      </Field>
      <Field name="Digests">
        <List items={details.repoDigests} />
      </Field>
      <Field name="Created">{formatExact(Date.parse(details.created))}</Field>
      <Field name="Author">{details.author || <span className="muted">not set</span>}</Field>
      <Field name="OS / architecture">
        {details.os}/{details.architecture}
        {details.variant ? `/${details.variant}` : ''}
      </Field>
      <Field name="Size">{formatBytes(details.size)}</Field>
      <Field name="Cmd">{json(c.cmd)}</Field>
      <Field name="Entrypoint">{json(c.entrypoint)}</Field>
      <Field name="Env">
        <List items={c.env} />
      </Field>
      <Field name="WorkingDir">{c.workingDir ? <code>{c.workingDir}</code> : <span className="muted">/ (not set)</span>}</Field>
      <Field name="User">{c.user ? <code>{c.user}</code> : <span className="muted">root (not set)</span>}</Field>
      <Field name="ExposedPorts">
        <List items={c.exposedPorts} />
      </Field>
      <Field name="Volumes">
        <List items={c.volumes} />
      </Field>
      <Field name="Labels">
        <List items={Object.entries(c.labels).map(([k, v]) => `${k}=${v}`)} />
      </Field>
      <Field name="Healthcheck">
        {c.healthcheck ? (
          <>
            <code>{c.healthcheck.test.join(' ')}</code>
            {c.healthcheck.interval && <span className="muted"> every {c.healthcheck.interval}</span>}
            {c.healthcheck.timeout && <span className="muted">, timeout {c.healthcheck.timeout}</span>}
            {c.healthcheck.retries && <span className="muted">, {c.healthcheck.retries} retries</span>}
          </>
        ) : (
          <span className="muted">none</span>
        )}
      </Field>
      <Field name="StopSignal">{c.stopSignal ? <code>{c.stopSignal}</code> : <span className="muted">SIGTERM (default)</span>}</Field>
    </dl>
  )
}

function Layers({ details }: { details: Details }) {
  const largest = Math.max(1, ...details.layers.map((l) => l.size))
  return (
    <table className="images-layers" aria-label="Layers">
      <ColumnHeads names={['Instruction', 'Size', 'Share of the largest layer']} />
      <tbody>
        {details.layers.map((layer, index) => (
          <tr key={index} title={layer.createdBy}>
            <td>
              <strong>{layer.instruction}</strong> <code className="images-wrap">{layer.text}</code>
            </td>
            <td className="images-num">{formatBytes(layer.size)}</td>
            <td>
              <div className="images-bar" role="img" aria-label={`${Math.round((layer.size / largest) * 100)}% of the largest layer`}>
                <div style={{ width: `${(layer.size / largest) * 100}%` }} />
              </div>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

/** The `docker inspect` of one image, made readable, in a side panel. */
export function ImageDetailsPanel({ image, label, onClose }: { image: string; label: string; onClose(): void }) {
  // The parent gives each image its own panel (key), so one fetch per mount is enough.
  const [details, setDetails] = useState<Details | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [tab, setTab] = useState<Tab>('Overview')
  const [copied, setCopied] = useState('')

  useEffect(() => {
    let current = true
    useImages.getState().inspectImage(image).then(
      (d) => current && setDetails(d),
      (e: unknown) => current && setError(errorMessage(e))
    )
    return () => {
      current = false
    }
  }, [image])

  return (
    <aside className="images-details" aria-label="Image details">
      <header>
        <h2>{label}</h2>
        <ImageFilesButton image={image} label={label} />
        <button type="button" className="button" aria-label="Close details" onClick={onClose}>
          ✕
        </button>
      </header>
      <ImageRegistryActions reference={/^sha256:|^[0-9a-f]{12}$/.test(label) ? null : label} />
      <div
        role="tablist"
        aria-label="Image details sections"
        className="images-tabs"
        onKeyDown={(e) => {
          // One tab stop for the tabs; the arrow keys, Home and End move between them.
          const at = tabs.indexOf(tab)
          const next = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: tabs.length - 1 }[e.key]
          if (next === undefined) return
          e.preventDefault()
          const index = (next + tabs.length) % tabs.length
          setTab(tabs[index]!)
          e.currentTarget.querySelectorAll<HTMLElement>('[role="tab"]')[index]?.focus()
        }}
      >
        {tabs.map((name) => (
          <button key={name} type="button" role="tab" aria-selected={tab === name} tabIndex={tab === name ? 0 : -1} className={tab === name ? 'active' : ''} onClick={() => setTab(name)}>
            {name}
          </button>
        ))}
      </div>
      <div role="tabpanel" aria-label={tab} className="images-tabpanel" tabIndex={0}>
        <ErrorText message={error} />
        {!details && !error && <p className="muted">Inspecting…</p>}
        {details && tab === 'Overview' && <Overview details={details} />}
        {details && tab === 'Layers' && <Layers details={details} />}
        {details && tab === 'Raw JSON' && (
          <>
            <div className="images-raw-actions">
              <button type="button" className="button" onClick={() => void copyText(details.raw).then((ok) => setCopied(ok ? 'Copied the JSON.' : 'Could not copy.'))}>
                Copy JSON
              </button>
              <span aria-live="polite" className="muted">
                {copied}
              </span>
            </div>
            <pre className="images-raw" tabIndex={0} aria-label="Image configuration as JSON">
              {details.raw}
            </pre>
          </>
        )}
      </div>
    </aside>
  )
}
