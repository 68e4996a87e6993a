import net from 'node:net'
import type Dockerode from 'dockerode'
import { urlForPublishedPort } from '../../shared/docker/ports'

/**
 * Whether the engine at `host` (an endpoint such as unix:///var/run/docker.sock or tcp://127.0.0.1:2375)
 * runs on this machine, so that a port it publishes is open here.
 */
export function isLocalEngineHost(host: string): boolean {
  return /^(unix|npipe):/.test(host) || /^(tcp|http|https):\/\/(localhost|127\.0\.0\.1|\[::1\])(:|\/|$)/.test(host)
}

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

/** Every link Slipway offers right now for the running containers of the engine: the only URLs it opens. */
export async function listPublishedPortHrefs(docker: Dockerode, engineIsLocal: boolean): Promise<Set<string>> {
  const hrefs = new Set<string>()
  if (!engineIsLocal) return hrefs
  for (const container of await docker.listContainers({ all: false })) {
    for (const port of container.Ports ?? []) {
      const href = hrefForPublishedPort(port, engineIsLocal)
      if (href) hrefs.add(href)
    }
  }
  return hrefs
}
