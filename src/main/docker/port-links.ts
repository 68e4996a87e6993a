import net from 'node:net'
import { urlForPublishedPort } from '../../shared/docker/ports'

/**
 * The link Slipway offers for a port a container publishes, as a normalized origin (http://localhost:8888):
 * only for TCP, only
 * when the engine runs on this machine (a port published on a remote engine's host is not open here,
 * and the same port number here may be another program), and only for an IP address the engine reported.
 */
export function hrefForPublishedPort(port: { IP?: string; PublicPort?: number; Type?: string }, engineIsLocal: boolean): string | null {
  if (!engineIsLocal || !port.PublicPort || (port.Type ?? 'tcp') !== 'tcp') return null
  const hostIp = port.IP ?? ''
  if (hostIp !== '' && net.isIP(hostIp) === 0) return null
  return new URL(urlForPublishedPort(hostIp, port.PublicPort)).origin
}
