import dgram from 'node:dgram'
import net from 'node:net'
import type Dockerode from 'dockerode'
import { displayContainerName } from '../../shared/docker/container-name'
import { findDuplicateHostPorts, hostIpsOverlap, type PortMapping, type PortProtocol } from '../../shared/docker/ports'
import type { PortConflict } from '../../shared/ipc/channels/containers'

export interface PortCheckOptions {
  /** Whether the engine runs on this machine, so trying to bind here says something about its ports. */
  engineIsLocal: boolean
  /** A container whose own published ports do not count (the one being recreated). */
  ignoreContainer?: string
}

interface HeldPort {
  hostIp: string
  hostPort: number
  protocol: PortProtocol
  containerName: string
  containerPort: number
  containerId: string
}

/** Host ports that running containers publish, as the engine reports them. */
export async function listPublishedHostPorts(docker: Dockerode): Promise<HeldPort[]> {
  const containers = await docker.listContainers({ all: false })
  const held: HeldPort[] = []
  for (const container of containers) {
    for (const port of container.Ports ?? []) {
      if (!port.PublicPort) continue
      held.push({
        hostIp: port.IP ?? '',
        hostPort: port.PublicPort,
        protocol: (port.Type as PortProtocol) ?? 'tcp',
        containerName: displayContainerName(container.Names?.[0] ?? container.Id.slice(0, 12)),
        containerPort: port.PrivatePort,
        containerId: container.Id
      })
    }
  }
  return held
}

/** The addresses the engine binds for a host IP: every IPv4 and IPv6 address when none is given. */
function addressesFor(hostIp: string): string[] {
  if (hostIp === '' || hostIp === '0.0.0.0') return ['0.0.0.0', '::']
  return [hostIp]
}

const notApplicable = new Set(['EADDRNOTAVAIL', 'EAFNOSUPPORT', 'EACCES', 'EPERM', 'EINVAL'])

function tryBindTcp(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer()
    server.once('error', (error: NodeJS.ErrnoException) => resolve(error.code !== undefined && notApplicable.has(error.code)))
    server.listen({ host, port, exclusive: true, ipv6Only: host.includes(':') }, () => server.close(() => resolve(true)))
  })
}

function tryBindUdp(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = dgram.createSocket({ type: host.includes(':') ? 'udp6' : 'udp4', ipv6Only: host.includes(':') })
    socket.once('error', (error: NodeJS.ErrnoException) => {
      socket.close()
      resolve(error.code !== undefined && notApplicable.has(error.code))
    })
    socket.bind({ address: host, port, exclusive: true }, () => socket.close(() => resolve(true)))
  })
}

/**
 * Whether another program on this machine holds the port: we try to bind it where the engine would.
 * Addresses this machine does not have, and privileged ports we may not bind (the engine can), count as free.
 */
export async function isHostPortFreeHere(hostIp: string, port: number, protocol: PortProtocol): Promise<boolean> {
  if (protocol === 'sctp') return true
  for (const address of addressesFor(hostIp)) {
    const free = protocol === 'udp' ? await tryBindUdp(address, port) : await tryBindTcp(address, port)
    if (!free) return false
  }
  return true
}

function heldBy(held: HeldPort[], mapping: { hostIp: string; hostPort: number; protocol: PortProtocol }): HeldPort | undefined {
  return held.find((h) => h.hostPort === mapping.hostPort && h.protocol === mapping.protocol && hostIpsOverlap(h.hostIp, mapping.hostIp))
}

/** The first port from `start` up that nobody holds, neither a container nor a program, nor `taken`. */
export async function findFreeHostPort(
  held: HeldPort[],
  start: number,
  hostIp: string,
  protocol: PortProtocol,
  engineIsLocal: boolean,
  taken: ReadonlySet<number> = new Set()
): Promise<number | null> {
  for (let port = Math.max(1, start); port <= 65535 && port < start + 2000; port++) {
    if (taken.has(port) || heldBy(held, { hostIp, hostPort: port, protocol })) continue
    if (!engineIsLocal || (await isHostPortFreeHere(hostIp, port, protocol))) return port
  }
  return null
}

/** Every host port in `mappings` that is used twice, held by another container, or held by another program. */
export async function findPortConflicts(docker: Dockerode, mappings: readonly PortMapping[], options: PortCheckOptions): Promise<PortConflict[]> {
  const allHeld = await listPublishedHostPorts(docker)
  const ignored = options.ignoreContainer
  const ownedByIgnored = (h: HeldPort) => ignored !== undefined && (h.containerId === ignored || h.containerId.startsWith(ignored) || h.containerName === ignored)
  const held = allHeld.filter((h) => !ownedByIgnored(h))
  const taken = new Set(mappings.flatMap((m) => (m.hostPort === null ? [] : [m.hostPort])))
  const conflicts: PortConflict[] = []
  const suggest = (m: PortMapping) => findFreeHostPort(held, (m.hostPort ?? 0) + 1, m.hostIp, m.protocol, options.engineIsLocal, taken)

  const duplicates = findDuplicateHostPorts(mappings)
  for (const duplicate of duplicates) {
    const mapping = mappings[duplicate.index]!
    conflicts.push({ index: duplicate.index, message: duplicate.message, suggestedPort: await suggest(mapping) })
  }
  for (const [index, mapping] of mappings.entries()) {
    if (mapping.hostPort === null || duplicates.some((d) => d.index === index)) continue
    const port = { hostIp: mapping.hostIp, hostPort: mapping.hostPort, protocol: mapping.protocol }
    const holder = heldBy(held, port)
    let message: string | null = null
    if (holder) {
      message = `Host port ${mapping.hostPort} is already published by container "${holder.containerName}" (to its port ${holder.containerPort}/${holder.protocol}).`
    } else if (options.engineIsLocal && !allHeld.some((h) => ownedByIgnored(h) && heldBy([h], port))) {
      if (!(await isHostPortFreeHere(mapping.hostIp, mapping.hostPort, mapping.protocol))) {
        message = `Host port ${mapping.hostPort} is in use by another program on this machine.`
      }
    }
    if (message) {
      const suggestion = await suggest(mapping)
      conflicts.push({ index, message: suggestion ? `${message} Port ${suggestion} is free.` : message, suggestedPort: suggestion })
    }
  }
  return conflicts.sort((a, b) => a.index - b.index)
}

/** Host ports for an image's exposed ports: each equal to its container port when free, else the next free one. */
export async function choosePublishPorts(
  docker: Dockerode,
  exposed: { containerPort: number; protocol: PortProtocol }[],
  engineIsLocal: boolean
): Promise<PortMapping[]> {
  const held = await listPublishedHostPorts(docker)
  const taken = new Set<number>()
  const mappings: PortMapping[] = []
  for (const port of exposed) {
    const hostPort = await findFreeHostPort(held, port.containerPort, '', port.protocol, engineIsLocal, taken)
    if (hostPort !== null) taken.add(hostPort)
    mappings.push({ hostIp: '', hostPort, containerPort: port.containerPort, protocol: port.protocol })
  }
  return mappings
}
