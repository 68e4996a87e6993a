import type { ContainerSummary } from '../../../shared/ipc/channels/containers'
import type { ContainerAction } from '../../store/containers'
import { describeState, formatCreated } from './format'
import { PortLinks } from './PortLinks'

export interface RowHandlers {
  act(id: string, action: ContainerAction): void
  logs(container: ContainerSummary): void
  inspect(container: ContainerSummary): void
  copyRunCommand(container: ContainerSummary): void
  recreate(container: ContainerSummary): void
  error(message: string): void
}

export function ContainerRow({ container, busy, handlers }: { container: ContainerSummary; busy: ContainerAction | undefined; handlers: RowHandlers }) {
  const running = container.state === 'running' || container.state === 'restarting'
  const state = describeState(container)
  // Busy buttons are aria-disabled rather than disabled: a disabled button would drop keyboard focus
  // to the page, and Stop and Start share one element so focus stays when one becomes the other.
  return (
    <tr className={busy ? 'busy' : undefined} data-container-id={container.id}>
      <th scope="row" className="container-name">
        {container.name}
      </th>
      <td className="container-image">
        <code>{container.image}</code>
      </td>
      <td>
        <span className={`state state-${container.state}${container.exitCode ? ' state-failed' : ''}`} title={container.status}>
          <span className="state-dot" aria-hidden="true" />
          {busy ? `${busy[0]!.toUpperCase()}${busy.slice(1)}ing…` : state}
        </span>
      </td>
      <td>
        <PortLinks ports={container.ports} onError={handlers.error} />
      </td>
      <td className="muted" title={new Date(container.created).toLocaleString()}>
        {formatCreated(container.created)}
      </td>
      <td className="row-actions">
        <button type="button" className="button small" onClick={() => handlers.logs(container)}>
          Logs
        </button>
        {running ? (
          <button type="button" className="button small" aria-disabled={Boolean(busy)} onClick={() => !busy && handlers.act(container.id, 'stop')}>
            Stop
          </button>
        ) : (
          <button type="button" className="button small" aria-disabled={Boolean(busy)} onClick={() => !busy && handlers.act(container.id, 'start')}>
            Start
          </button>
        )}
        <button type="button" className="button small" aria-disabled={Boolean(busy)} onClick={() => !busy && handlers.act(container.id, 'restart')}>
          Restart
        </button>
        <button type="button" className="button small" aria-disabled={Boolean(busy)} onClick={() => !busy && handlers.act(container.id, 'remove')}>
          Remove
        </button>
        <button type="button" className="button small" onClick={() => handlers.inspect(container)}>
          Inspect
        </button>
        <button type="button" className="button small" onClick={() => handlers.copyRunCommand(container)}>
          Copy run command
        </button>
        <button type="button" className="button small" onClick={() => handlers.recreate(container)}>
          Recreate with changes
        </button>
      </td>
    </tr>
  )
}
