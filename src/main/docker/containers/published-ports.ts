// The host ports a container publishes, read once from what the engine lists: for the container list
// (with the links Slipway offers), for the links it opens, and for port conflicts.
import type Dockerode from 'dockerode'
import type { PortProtocol } from '../../../shared/docker/ports'
import type { PublishedPort } from '../../../shared/ipc/channels/containers'
import { hrefForPublishedPort } from '../port-links'

/** Sorted by host port; a link only when the engine runs on this machine. */
export function readPublishedPorts(ports: readonly Dockerode.Port[], engineIsLocal: boolean): PublishedPort[] {
  const seen = new Set<string>()
  const result: PublishedPort[] = []
  for (const port of ports) {
    if (!port.PublicPort) continue
    const protocol = (port.Type as PortProtocol) ?? 'tcp'
    // The engine lists IPv4 and IPv6 bindings of one port separately; one is enough.
    const wildcard = !port.IP || port.IP === '0.0.0.0' || port.IP === '::'
    const key = `${wildcard ? '*' : port.IP}|${port.PublicPort}|${protocol}`
    if (seen.has(key)) continue
    seen.add(key)
    result.push({
      hostIp: port.IP ?? '',
      hostPort: port.PublicPort,
      containerPort: port.PrivatePort,
      protocol,
      url: hrefForPublishedPort(port, engineIsLocal)
    })
  }
  return result.sort((a, b) => a.hostPort - b.hostPort)
}
