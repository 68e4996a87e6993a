import dgram from 'node:dgram'
import net from 'node:net'
import os from 'node:os'
import type Dockerode from 'dockerode'
import { displayContainerName } from '../../shared/docker/container-name'
import { findDuplicateHostPorts, hostIpsOverlap, type PortMapping, type PortProtocol } from '../../shared/docker/ports'
import type { PortConflict } from '../../shared/ipc/channels/containers'
import { AppError } from '../../shared/ipc/errors'
import { readPublishedPorts } from './containers/published-ports'

/** How far past a taken port the search for a free one goes. */
export const FREE_PORT_SEARCH_SPAN = 100
/**
 * How many ports one request may try while looking for free ones: the page may ask again and again,
 * and each try binds sockets on this machine. Past it, a conflict comes without a suggestion.
 */
export const PORTS_SEARCHED_PER_REQUEST = 1000

/** What is left of one request's search budget (see PORTS_SEARCHED_PER_REQUEST). */
export class PortSearchBudget {
  constructor(private left = PORTS_SEARCHED_PER_REQUEST) {}
  take(): boolean {
    if (this.left <= 0) return false
    this.left--
    return true
  }
}

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
  return containers.flatMap((container) =>
    readPublishedPorts(container.Ports ?? [], false).map((port) => ({
      hostIp: port.hostIp,
      hostPort: port.hostPort,
      protocol: port.protocol,
      containerName: displayContainerName(container.Names?.[0] ?? container.Id.slice(0, 12)),
      containerPort: port.containerPort,
      containerId: container.Id
    }))
  )
}

/** The addresses of this machine's interfaces, where a local engine can publish a port; '' is all of them. */
export function isAddressOfThisMachine(hostIp: string): boolean {
  if (hostIp === '') return true
  const family = net.isIP(hostIp)
  if (family === 0) return false
  const addresses = new net.BlockList()
  addresses.addAddress('0.0.0.0', 'ipv4')
  addresses.addAddress('::', 'ipv6')
  for (const infos of Object.values(os.networkInterfaces())) {
    for (const info of infos ?? []) {
      // Link-local IPv6 addresses need a zone (fe80::1%eth0), which a port binding cannot carry.
      if (!info.address.includes('%')) addresses.addAddress(info.address, info.family === 'IPv6' ? 'ipv6' : 'ipv4')
    }
  }
  return addresses.check(hostIp, family === 6 ? 'ipv6' : 'ipv4')
}

function thisMachineAddresses(): string[] {
  const list = Object.values(os.networkInterfaces()).flatMap((infos) => (infos ?? []).map((info) => info.address).filter((a) => !a.includes('%')))
  return [...new Set(list)]
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
  // Only IP literals: a name would be looked up in DNS, and a listen on it is not what the engine does.
  if (hostIp !== '' && net.isIP(hostIp) === 0) throw new AppError('invalid-input', `"${hostIp}" is not an IP address; a port is published on an address of this machine.`)
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
  taken: ReadonlySet<number> = new Set(),
  budget: PortSearchBudget = new PortSearchBudget()
): Promise<number | null> {
  for (let port = Math.max(1, start); port <= 65535 && port < start + FREE_PORT_SEARCH_SPAN; port++) {
    if (taken.has(port) || heldBy(held, { hostIp, hostPort: port, protocol })) continue
    if (!engineIsLocal) return port
    if (!budget.take()) return null
    if (await isHostPortFreeHere(hostIp, port, protocol)) return port
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
  const budget = new PortSearchBudget()
  const suggest = (m: PortMapping) => findFreeHostPort(held, (m.hostPort ?? 0) + 1, m.hostIp, m.protocol, options.engineIsLocal, taken, budget)
  const withSuggestion = (message: string, suggestion: number | null) =>
    suggestion
      ? `${message} Port ${suggestion} is free.`
      : `${message} Slipway found no free port right after it to suggest; choose another host port, or leave it empty and the engine picks a free one.`

  // A local engine can publish only on this machine's addresses: say so, and bind nothing for them.
  const foreign = new Set<number>()
  if (options.engineIsLocal) {
    for (const [index, mapping] of mappings.entries()) {
      if (isAddressOfThisMachine(mapping.hostIp)) continue
      foreign.add(index)
      conflicts.push({
        index,
        message: `${mapping.hostIp} is not an address of this machine, so the engine cannot publish a port on it. Use one of ${thisMachineAddresses().join(', ')}, or leave the host IP empty for all of them.`,
        suggestedPort: null
      })
    }
  }

  const duplicates = findDuplicateHostPorts(mappings).filter((d) => !foreign.has(d.index))
  for (const duplicate of duplicates) {
    const mapping = mappings[duplicate.index]!
    conflicts.push({ index: duplicate.index, message: duplicate.message, suggestedPort: await suggest(mapping) })
  }
  for (const [index, mapping] of mappings.entries()) {
    if (mapping.hostPort === null || foreign.has(index) || duplicates.some((d) => d.index === index)) continue
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
      conflicts.push({ index, message: withSuggestion(message, suggestion), suggestedPort: suggestion })
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
  const budget = new PortSearchBudget()
  const mappings: PortMapping[] = []
  for (const port of exposed) {
    // Past the budget (an image may EXPOSE thousands of ports), the engine picks the host port.
    const hostPort = await findFreeHostPort(held, port.containerPort, '', port.protocol, engineIsLocal, taken, budget)
    if (hostPort !== null) taken.add(hostPort)
    mappings.push({ hostIp: '', hostPort, containerPort: port.containerPort, protocol: port.protocol })
  }
  return mappings
}
