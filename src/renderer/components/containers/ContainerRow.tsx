import { Fragment } from 'react'
import { imageLabel, shortImageId } from '../../../shared/docker/image-id'
import type { ContainerSummary } from '../../../shared/ipc/channels/containers'
import { actionInProgress, type ContainerAction } from '../../store/containers'
import { describeState, formatCreated, KILLED_AFTER_TIMEOUT_NOTE, referenceBreakPoints, STOP_WAIT_NOTE } from './format'
import { PortLinks } from './PortLinks'

export interface RowHandlers {
  act(id: string, action: ContainerAction): void
  logs(container: ContainerSummary): void
  inspect(container: ContainerSummary): void
  copyRunCommand(container: ContainerSummary): void
  recreate(container: ContainerSummary): void
  error(message: string): void
}

/** An image reference that wraps only between its parts. */
function Reference({ text }: { text: string }) {
  return (
    <code className="reference">
      {referenceBreakPoints(text).map((part, i) => (
        <Fragment key={i}>
          {i > 0 ? <wbr /> : null}
          <span className="reference-part">{part}</span>
        </Fragment>
      ))}
    </code>
  )
}

function ImageCell({ container, onRecreate }: { container: ContainerSummary; onRecreate: () => void }) {
  const { outdated } = container
  if (!outdated) return <Reference text={imageLabel(container.image)} />
  return (
    <>
      <Reference text={outdated.tag} />{' '}
      <span className="muted">older build {shortImageId(container.imageId ?? container.image)}</span>
      <button
        type="button"
        className="outdated-badge"
        title={`${outdated.tag} was rebuilt after this container was made; it still runs the older build. Recreate makes it again from the current ${outdated.tag}, with the same settings.`}
        aria-label={`Outdated: recreate ${container.name} from the current ${outdated.tag}`}
        onClick={onRecreate}
      >
        outdated: Recreate
      </button>
    </>
  )
}

/** A word under the status: why a stop takes a while, or how it ended. */
function stateNote(container: ContainerSummary, busy: ContainerAction | undefined, running: boolean): string | null {
  if (busy === 'stop' || busy === 'restart' || (busy === 'remove' && running)) return STOP_WAIT_NOTE
  if (!busy && container.state === 'exited' && container.stoppedOnRequest?.killedAfterTimeout) return KILLED_AFTER_TIMEOUT_NOTE
  return null
}

interface RowProps {
  container: ContainerSummary
  busy: ContainerAction | undefined
  /** Brought into view by "Show in Containers". */
  highlighted?: boolean
  handlers: RowHandlers
}

export function ContainerRow({ container, busy, highlighted = false, handlers }: RowProps) {
  const running = container.state === 'running' || container.state === 'restarting'
  const state = describeState(container)
  const note = stateNote(container, busy, running)
  const failed = Boolean(container.exitCode) && !container.stoppedOnRequest
  const actionButton = (action: ContainerAction, label: string) => (
    <button type="button" className="button small" aria-disabled={Boolean(busy)} onClick={() => !busy && handlers.act(container.id, action)}>
      {label}
    </button>
  )
  // Busy buttons are aria-disabled rather than disabled: a disabled button would drop keyboard focus
  // to the page, and Stop and Start share one element so focus stays when one becomes the other.
  return (
    <tr className={[busy ? 'busy' : '', highlighted ? 'revealed' : ''].join(' ').trim() || undefined} data-container-id={container.id}>
      <th scope="row" className="container-name" tabIndex={-1}>
        {container.name}
      </th>
      <td className="container-image">
        <ImageCell container={container} onRecreate={() => handlers.recreate(container)} />
      </td>
      <td className="container-status">
        <span className={`state state-${container.state}${failed ? ' state-failed' : ''}`} title={container.status}>
          <span className="state-dot" aria-hidden="true" />
          {busy ? actionInProgress[busy] : state}
        </span>
        {note ? <span className="state-note">{note}</span> : null}
      </td>
      <td>
        <PortLinks ports={container.ports} onError={handlers.error} />
      </td>
      <td className="muted" title={new Date(container.created).toLocaleString()}>
        {formatCreated(container.created)}
      </td>
      <td>
        {/* A flex box inside the cell: a flex <td> stops being a table cell (its borders and width break). */}
        <div className="row-actions">
          <button type="button" className="button small" onClick={() => handlers.logs(container)}>
            Logs
          </button>
          {running ? actionButton('stop', 'Stop') : actionButton('start', 'Start')}
          {actionButton('restart', 'Restart')}
          {actionButton('remove', 'Remove')}
          <button type="button" className="button small" onClick={() => handlers.inspect(container)}>
            Inspect
          </button>
          <button type="button" className="button small" onClick={() => handlers.copyRunCommand(container)}>
            Copy run command
          </button>
          <button type="button" className="button small" onClick={() => handlers.recreate(container)}>
            Recreate with changes
          </button>
        </div>
      </td>
    </tr>
  )
}
