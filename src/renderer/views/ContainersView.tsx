import { useEffect, useState } from 'react'
import type { ContainerSummary } from '../../shared/ipc/channels/containers'
import { imageLabel } from '../../shared/docker/image-id'
import { errorMessage } from '../../shared/ipc/errors'
import { copyText } from '../clipboard'
import { ContainerRow, type RowHandlers } from '../components/containers/ContainerRow'
import { InspectPanel } from '../components/containers/InspectPanel'
import { LogsPanel } from '../components/containers/LogsPanel'
import { useContainers, visibleContainers } from '../store/containers'
import { useRunDialog } from '../store/runDialog'
import '../styles/containers.css'
import { ColumnHeads } from '../components/table/ColumnHeads'

type Panel = { kind: 'logs'; id: string; name: string } | { kind: 'inspect'; id: string; name: string; json: string } | null

export function ContainersView() {
  const { containers, loaded, loadError, runningOnly, busy, actionError, revealed, highlighted, follow, setRunningOnly, act, clearActionError, inspectContainer, runCommandOf, revealDone } = useContainers()
  const [openPanel, setPanel] = useState<Panel>(null)
  const [message, setMessage] = useState<{ text: string; command?: string } | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => follow(), [follow])

  // "Show in Containers": once the list has the row, bring it into view, mark it and put the keyboard on it.
  useEffect(() => {
    if (!revealed || !containers.some((c) => c.id === revealed)) return
    const header = document.querySelector<HTMLElement>(`[data-container-id="${CSS.escape(revealed)}"] th`)
    if (!header) return
    header.scrollIntoView({ block: 'nearest' })
    header.focus({ preventScroll: true })
    revealDone()
  }, [revealed, containers, revealDone])

  const shown = visibleContainers(containers, runningOnly)
  // A panel for a container that was removed closes by itself.
  const panel = openPanel && (!loaded || containers.some((c) => c.id === openPanel.id)) ? openPanel : null

  const handlers: RowHandlers = {
    act: (id, action) => {
      void act(id, action).then(() => {
        // The removed row's buttons go away with it: keep the keyboard in the view, on its heading.
        const active = document.activeElement
        if (action === 'remove' && (active === document.body || active?.closest(`[data-container-id="${id}"]`))) {
          document.getElementById('view-title')?.focus()
        }
      })
    },
    logs: (c) => setPanel({ kind: 'logs', id: c.id, name: c.name }),
    inspect: (c) => {
      setError(null)
      inspectContainer(c.id).then(
        (json) => setPanel({ kind: 'inspect', id: c.id, name: c.name, json }),
        (e: unknown) => setError(errorMessage(e))
      )
    },
    copyRunCommand: (c: ContainerSummary) => {
      setError(null)
      runCommandOf(c.id)
        .then(async (command) => {
          const copied = await copyText(command)
          setMessage({ text: copied ? `Copied the run command of ${c.name}:` : `Copy this run command of ${c.name}:`, command })
        })
        .catch((e: unknown) => setError(errorMessage(e)))
    },
    // Titled by the tag it was made from (as its command is), not by an image ID.
    recreate: (c) => useRunDialog.getState().open({ image: c.outdated?.tag ?? imageLabel(c.image), fromContainer: c.id }),
    error: setError
  }

  const shownError = error ?? actionError?.message ?? null
  return (
    <section className="view containers-view" aria-labelledby="view-title">
      <header className="view-header">
        <h1 id="view-title" tabIndex={-1}>Containers</h1>
        <label className="check">
          <input type="checkbox" checked={runningOnly} onChange={(e) => setRunningOnly(e.target.checked)} /> Running only
        </label>
      </header>
      {loadError ? (
        <p className="banner banner-error" role="alert">
          {loadError}
        </p>
      ) : null}
      {shownError ? (
        <div className="inline-error" role="alert">
          <span>{shownError}</span>
          <button
            type="button"
            className="button small"
            aria-label="Dismiss error"
            onClick={() => {
              setError(null)
              clearActionError()
            }}
          >
            ✕
          </button>
        </div>
      ) : null}
      {message ? (
        <div className="copied" role="status">
          <span>{message.text}</span>
          {message.command ? <code className="copied-command">{message.command}</code> : null}
          <button type="button" className="button small" aria-label="Dismiss" onClick={() => setMessage(null)}>
            ✕
          </button>
        </div>
      ) : null}
      <div className="containers-table-wrap">
        <table className="containers-table" aria-label="Containers">
          <ColumnHeads names={['Name', 'Image', 'Status', 'Ports', 'Created']} actions="Actions" />
          <tbody>
            {shown.map((c) => (
              <ContainerRow key={c.id} container={c} busy={busy[c.id]} highlighted={c.id === highlighted} handlers={handlers} />
            ))}
          </tbody>
        </table>
        {loaded && shown.length === 0 ? (
          <p className="muted empty">
            {runningOnly && containers.length > 0
              ? 'No container is running. Clear "Running only" to see stopped ones.'
              : 'No containers yet. Run an image from the Images view: it shows up here.'}
          </p>
        ) : null}
      </div>
      {panel?.kind === 'logs' ? <LogsPanel key={panel.id} id={panel.id} name={panel.name} onClose={() => setPanel(null)} /> : null}
      {panel?.kind === 'inspect' ? <InspectPanel name={panel.name} json={panel.json} onClose={() => setPanel(null)} /> : null}
    </section>
  )
}
