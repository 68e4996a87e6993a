import type { PublishedPort } from '../../../shared/ipc/channels/containers'
import { errorMessage } from '../../../shared/ipc/errors'
import { openInBrowser } from '../../store/browser'
import { portLinkText } from './format'

/** A published port's link (main made it: http://localhost:8888), opened in the system browser. */
export function PortLink({ port, url, onError }: { port: PublishedPort; url: string; onError: (message: string) => void }) {
  return (
    <a
      href={url}
      title={`Open ${url} in your browser (container port ${port.containerPort}/${port.protocol})`}
      onClick={(event) => {
        event.preventDefault()
        openInBrowser(url).catch((error: unknown) => onError(errorMessage(error)))
      }}
    >
      {portLinkText(url)}
    </a>
  )
}

/** Published ports: TCP ones as links that open the system browser, the rest as text. */
export function PortLinks({ ports, onError }: { ports: PublishedPort[]; onError: (message: string) => void }) {
  if (ports.length === 0) return <span className="muted">none</span>
  return (
    <ul className="port-links">
      {ports.map((port) => (
        <li key={`${port.hostIp}|${port.hostPort}|${port.protocol}`}>
          {port.url ? (
            <PortLink port={port} url={port.url} onError={onError} />
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
