import type { PublishedPort } from '../../../shared/ipc/channels/containers'
import { errorMessage } from '../../../shared/ipc/errors'
import { openInBrowser } from '../../store/browser'
import { portLinkText } from './format'

/** Published ports: TCP ones as links that open the system browser, the rest as text. */
export function PortLinks({ ports, onError }: { ports: PublishedPort[]; onError: (message: string) => void }) {
  if (ports.length === 0) return <span className="muted">none</span>
  return (
    <ul className="port-links">
      {ports.map((port) => (
        <li key={`${port.hostIp}|${port.hostPort}|${port.protocol}`}>
          {port.url ? (
            <a
              href={port.url}
              title={`Open ${port.url} in your browser (container port ${port.containerPort}/${port.protocol})`}
              onClick={(event) => {
                event.preventDefault()
                openInBrowser(port.url!).catch((error: unknown) => onError(errorMessage(error)))
              }}
            >
              {portLinkText(port.url)}
            </a>
          ) : (
            <span>
              {port.hostPort}/{port.protocol}
            </span>
          )}
          <span className="muted"> → {port.containerPort}</span>
        </li>
      ))}
    </ul>
  )
}
