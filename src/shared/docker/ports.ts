/** Port publishing in Docker's own words: `-p [hostIp:][hostPort:]containerPort[/protocol]`. */

export const protocols = ['tcp', 'udp', 'sctp'] as const
export type PortProtocol = (typeof protocols)[number]

/** One port binding: a container port published on a host port (null: the engine picks a free one). */
export interface PortMapping {
  /** '' for every address (Docker's default, 0.0.0.0 and ::). */
  hostIp: string
  hostPort: number | null
  containerPort: number
  protocol: PortProtocol
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string }

/** Docker's keys for exposed ports and port bindings, e.g. `5000/tcp`. */
export function portKey(containerPort: number, protocol: PortProtocol): string {
  return `${containerPort}/${protocol}`
}

export function parsePortKey(key: string): { containerPort: number; protocol: PortProtocol } | null {
  const match = /^(\d{1,5})(?:\/(tcp|udp|sctp))?$/i.exec(key.trim())
  if (!match) return null
  const containerPort = Number(match[1])
  if (containerPort < 1 || containerPort > 65535) return null
  return { containerPort, protocol: (match[2]?.toLowerCase() ?? 'tcp') as PortProtocol }
}

const ipv4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/

export function isIpv6(text: string): boolean {
  if (!/^[0-9a-fA-F:.]+$/.test(text) || !text.includes(':')) return false
  try {
    return new URL(`http://[${text}]/`).hostname.length > 2
  } catch {
    return false
  }
}

export function isIpAddress(text: string): boolean {
  return ipv4.test(text) || isIpv6(text)
}

/** Reads one port or port range (`5000`, `8000-8010`); `what` names it in the message. */
function parsePortRange(text: string, what: string): ParseResult<[number, number]> {
  const match = /^(\d+)(?:-(\d+))?$/.exec(text)
  if (!match) return { ok: false, error: `${what} "${text}" is not a number. Use a port from 1 to 65535, or a range like 8000-8010.` }
  const first = Number(match[1])
  const last = match[2] === undefined ? first : Number(match[2])
  for (const port of [first, last]) {
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      return { ok: false, error: `${what} ${port} is out of range. Ports go from 1 to 65535.` }
    }
  }
  if (last < first) return { ok: false, error: `${what} range ${text} ends before it starts. Write the lower port first, like ${last}-${first}.` }
  return { ok: true, value: [first, last] }
}

/** Validates a "Host port" field: empty means a random free port. */
export function parseHostPortField(text: string): ParseResult<number | null> {
  const trimmed = text.trim()
  if (trimmed === '') return { ok: true, value: null }
  if (!/^\d+$/.test(trimmed)) return { ok: false, error: `Host port "${trimmed}" is not a number. Use a port from 1 to 65535, or leave it empty for a random free port.` }
  const port = Number(trimmed)
  if (port < 1 || port > 65535) return { ok: false, error: `Host port ${port} is out of range. Ports go from 1 to 65535.` }
  return { ok: true, value: port }
}

/**
 * Parses one `-p` value as the docker CLI reads it: `8888:5000`, `127.0.0.1:8888:5000/tcp`, `5000`,
 * `127.0.0.1::5000`, `8000-8010:8000-8010`, `[::1]:80:80`, `53:53/udp`. Ranges expand to one mapping per port.
 */
export function parsePortSpec(spec: string): ParseResult<PortMapping[]> {
  const text = spec.trim()
  if (text === '') return { ok: false, error: 'Write a port mapping like 8888:5000 (host port : container port).' }
  let rest = text
  let protocol: PortProtocol = 'tcp'
  const slash = rest.lastIndexOf('/')
  if (slash >= 0) {
    const proto = rest.slice(slash + 1).toLowerCase()
    if (!(protocols as readonly string[]).includes(proto)) {
      return { ok: false, error: `Unknown protocol "${rest.slice(slash + 1)}" in ${text}. Use /tcp, /udp or /sctp.` }
    }
    protocol = proto as PortProtocol
    rest = rest.slice(0, slash)
  }

  let hostIp = ''
  if (rest.startsWith('[')) {
    const close = rest.indexOf(']')
    if (close < 0) return { ok: false, error: `The IPv6 address in ${text} has no closing "]". Write it like [::1]:8080:80.` }
    hostIp = rest.slice(1, close)
    if (!isIpv6(hostIp)) return { ok: false, error: `"${hostIp}" is not an IPv6 address.` }
    if (rest[close + 1] !== ':') return { ok: false, error: `Put a ":" after the address in ${text}, like [::1]:8080:80.` }
    rest = rest.slice(close + 2)
  }

  const parts = rest.split(':')
  let hostPart: string
  let containerPart: string
  if (hostIp !== '') {
    if (parts.length === 1) {
      hostPart = ''
      containerPart = parts[0]!
    } else if (parts.length === 2) {
      hostPart = parts[0]!
      containerPart = parts[1]!
    } else {
      return { ok: false, error: `Too many ":" in ${text}. Use [address]:hostPort:containerPort.` }
    }
  } else if (parts.length === 1) {
    hostPart = ''
    containerPart = parts[0]!
  } else if (parts.length === 2) {
    hostPart = parts[0]!
    containerPart = parts[1]!
  } else if (parts.length === 3) {
    hostIp = parts[0]!
    hostPart = parts[1]!
    containerPart = parts[2]!
    if (!isIpAddress(hostIp)) {
      return { ok: false, error: `"${hostIp}" is not an IP address. Use an address like 127.0.0.1 (IPv6 in brackets: [::1]).` }
    }
  } else {
    if (isIpv6(parts.slice(0, -2).join(':'))) {
      return { ok: false, error: `Put IPv6 addresses in brackets, like [${parts.slice(0, -2).join(':')}]:${parts.at(-2)}:${parts.at(-1)}.` }
    }
    return { ok: false, error: `Too many ":" in ${text}. Use hostPort:containerPort, or address:hostPort:containerPort.` }
  }

  if (containerPart === '') return { ok: false, error: `${text} has no container port. Write the container port last, like 8888:5000.` }
  const container = parsePortRange(containerPart, 'Container port')
  if (!container.ok) return container
  const [cFirst, cLast] = container.value
  let hFirst: number | null = null
  if (hostPart !== '') {
    const host = parsePortRange(hostPart, 'Host port')
    if (!host.ok) return host
    const [first, last] = host.value
    if (last - first !== cLast - cFirst) {
      return {
        ok: false,
        error: `The host range ${hostPart} and the container range ${containerPart} have different lengths. Give both the same number of ports, like ${first}-${first + (cLast - cFirst)}:${containerPart}.`
      }
    }
    hFirst = first
  }
  const mappings: PortMapping[] = []
  for (let offset = 0; offset <= cLast - cFirst; offset++) {
    mappings.push({ hostIp, hostPort: hFirst === null ? null : hFirst + offset, containerPort: cFirst + offset, protocol })
  }
  return { ok: true, value: mappings }
}

/** Parses several `-p` values separated by spaces or commas (an optional leading `-p` on each is allowed). */
export function parsePortSpecs(text: string): ParseResult<PortMapping[]> {
  const words = text
    .split(/[\s,]+/)
    .filter((w) => w !== '' && w !== '-p' && w !== '--publish')
    .map((w) => w.replace(/^(-p|--publish=?)/, ''))
  if (words.length === 0) return { ok: false, error: 'Write a port mapping like 8888:5000 (host port : container port).' }
  const all: PortMapping[] = []
  for (const word of words) {
    const parsed = parsePortSpec(word)
    if (!parsed.ok) return parsed
    all.push(...parsed.value)
  }
  return { ok: true, value: all }
}

/** The `-p` value for one mapping, as docker prints it back. */
export function formatPortMapping(mapping: PortMapping): string {
  const proto = mapping.protocol === 'tcp' ? '' : `/${mapping.protocol}`
  const host = mapping.hostPort === null ? '' : String(mapping.hostPort)
  if (mapping.hostIp !== '') {
    const ip = mapping.hostIp.includes(':') ? `[${mapping.hostIp}]` : mapping.hostIp
    return `${ip}:${host}:${mapping.containerPort}${proto}`
  }
  return host === '' ? `${mapping.containerPort}${proto}` : `${host}:${mapping.containerPort}${proto}`
}

const wildcard = (ip: string) => ip === '' || ip === '0.0.0.0' || ip === '::'

/** Two host addresses overlap when either is "every address" or they are the same. */
export function hostIpsOverlap(a: string, b: string): boolean {
  return wildcard(a) || wildcard(b) || a === b
}

export interface PortIssue {
  /** Index of the mapping the message belongs to. */
  index: number
  message: string
}

/** Checks a set of mappings against each other: one host port per address and protocol. */
export function findDuplicateHostPorts(mappings: readonly PortMapping[]): PortIssue[] {
  const issues: PortIssue[] = []
  mappings.forEach((mapping, index) => {
    if (mapping.hostPort === null) return
    const earlier = mappings.findIndex(
      (other, j) => j < index && other.hostPort === mapping.hostPort && other.protocol === mapping.protocol && hostIpsOverlap(other.hostIp, mapping.hostIp)
    )
    if (earlier >= 0) {
      const other = mappings[earlier]!
      issues.push({
        index,
        message: `Host port ${mapping.hostPort}/${mapping.protocol} is used twice (also for container port ${other.containerPort}). Each host port can be published once per address; pick another.`
      })
    }
  })
  return issues
}

export interface DockerPortConfig {
  ExposedPorts: Record<string, Record<string, never>>
  PortBindings: Record<string, { HostIp: string; HostPort: string }[]>
}

/** The engine's create-container fields for these mappings. */
export function toDockerPorts(mappings: readonly PortMapping[]): DockerPortConfig {
  const result: DockerPortConfig = { ExposedPorts: {}, PortBindings: {} }
  for (const mapping of mappings) {
    const key = portKey(mapping.containerPort, mapping.protocol)
    result.ExposedPorts[key] = {}
    ;(result.PortBindings[key] ??= []).push({ HostIp: mapping.hostIp, HostPort: mapping.hostPort === null ? '' : String(mapping.hostPort) })
  }
  return result
}

/** Reads HostConfig.PortBindings back into mappings (in key order, then binding order). */
export function fromDockerPorts(portBindings: Record<string, { HostIp?: string; HostPort?: string }[] | null> | null | undefined): PortMapping[] {
  const mappings: PortMapping[] = []
  for (const [key, bindings] of Object.entries(portBindings ?? {})) {
    const parsed = parsePortKey(key)
    if (!parsed) continue
    for (const binding of bindings ?? [{}]) {
      const hostPort = binding.HostPort ? Number(binding.HostPort) : null
      mappings.push({
        hostIp: binding.HostIp ?? '',
        hostPort: hostPort !== null && Number.isInteger(hostPort) && hostPort > 0 ? hostPort : null,
        containerPort: parsed.containerPort,
        protocol: parsed.protocol
      })
    }
  }
  return mappings
}

/** The URL a browser opens for a published TCP port (wildcard addresses become localhost). */
export function urlForPublishedPort(hostIp: string, hostPort: number): string {
  if (wildcard(hostIp)) return `http://localhost:${hostPort}`
  return hostIp.includes(':') ? `http://[${hostIp}]:${hostPort}` : `http://${hostIp}:${hostPort}`
}
