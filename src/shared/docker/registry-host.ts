// Registry addresses as `docker login` keys them. Docker Hub's key is the old index URL
// `https://index.docker.io/v1/` (what the CLI writes to config.json and asks a credential helper for);
// every other registry is keyed by its host[:port], without a scheme or a path.
import { DEFAULT_DOMAIN, parseReference } from './reference'
import { joinShellWords } from './run-command'

export const DOCKER_HUB_KEY = 'https://index.docker.io/v1/'

const HUB_HOSTS = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io', DOCKER_HUB_KEY])
const HOST = /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]{1,5})?$/
const IPV6 = /^\[[0-9a-fA-F:.]+\](?::[0-9]{1,5})?$/

export type RegistryHostResult = { ok: true; key: string; host: string } | { ok: false; message: string }

/**
 * Reads what a person typed as a registry (`localhost:5000`, `ghcr.io`, `docker.io`, or nothing for Docker Hub)
 * and gives the key credentials are stored under. A scheme or a path is refused: Docker keys a registry by its
 * host, and a typed `https://…/path` would be stored under a key no push or pull ever looks up.
 */
export function readRegistryHost(text: string): RegistryHostResult {
  const typed = text.trim()
  if (typed === '' || HUB_HOSTS.has(typed.toLowerCase())) return { ok: true, key: DOCKER_HUB_KEY, host: DEFAULT_DOMAIN }
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//.exec(typed)
  if (scheme) {
    const rest = typed.slice(scheme[0].length).split('/')[0] ?? ''
    return { ok: false, message: `Write the registry without "${scheme[1]}://": just its host and port, e.g. ${rest || 'registry.example.com:5000'}.` }
  }
  if (/\s/.test(typed)) return { ok: false, message: 'A registry address may not contain spaces: write its host and port, e.g. registry.example.com:5000.' }
  if (typed.includes('/')) {
    return { ok: false, message: `Write only the registry's host and port, without a path: ${typed.split('/')[0]} instead of ${typed}.` }
  }
  if (!HOST.test(typed) && !IPV6.test(typed)) return { ok: false, message: `"${typed}" is not a registry address: use its host name and an optional port, e.g. registry.example.com:5000.` }
  const port = /:([0-9]+)$/.exec(typed)
  if (port && (Number(port[1]) < 1 || Number(port[1]) > 65535)) return { ok: false, message: `The port ${port[1]} is out of range (1 to 65535).` }
  return { ok: true, key: typed.toLowerCase(), host: typed.toLowerCase() }
}

/** The credentials key for the registry an image reference lives on (`ubuntu` → Docker Hub's key). */
export function registryKeyOfReference(reference: string): string | null {
  const parsed = parseReference(reference)
  if (!parsed.ok) return null
  const result = readRegistryHost(parsed.reference.domain ?? '')
  return result.ok ? result.key : null
}

/** How the key reads to a person: "Docker Hub" or the host. */
export function registryDisplayName(key: string): string {
  return key === DOCKER_HUB_KEY ? 'Docker Hub' : key
}

/** `docker login` as typed in a terminal (Docker Hub needs no argument). */
export function loginCommand(key: string, username: string): string {
  return joinShellWords(['docker', 'login', '-u', username, ...(key === DOCKER_HUB_KEY ? [] : [key])])
}
