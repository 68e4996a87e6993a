// The two fields of "Push to…" (registry, repository and tag) and the reference they make.
import { familiarReference, formatReference, parseReference } from '../../../shared/docker/reference'
import { DOCKER_HUB_KEY, readRegistryHost } from '../../../shared/docker/registry-host'

/** Splits a reference into the registry and the rest, for the two fields ("localhost:5000", "me/app:1"). */
export function splitForPush(reference: string): { registry: string; name: string } {
  const parsed = parseReference(reference)
  if (!parsed.ok) return { registry: '', name: '' }
  const { domain, ...rest } = familiarReference(parsed.reference)
  return { registry: domain ?? '', name: formatReference(rest) }
}

/** The tag to push: `registry/name` (Docker Hub: just `name`), checked against Docker's reference grammar. */
export function pushTarget(registry: string, name: string): { ok: true; reference: string } | { ok: false; message: string } {
  const host = readRegistryHost(registry)
  if (!host.ok) return host
  if (name.trim() === '') return { ok: false, message: 'Write a repository name, e.g. myname/myfirstapp:latest.' }
  if (host.key === DOCKER_HUB_KEY && !name.includes('/')) return { ok: false, message: `On Docker Hub a repository is yours under your username: write USERNAME/${name.trim()}.` }
  const text = host.key === DOCKER_HUB_KEY ? name.trim() : `${host.host}/${name.trim()}`
  const parsed = parseReference(text, { allowDigest: false })
  if (!parsed.ok) return parsed
  return { ok: true, reference: formatReference({ ...parsed.reference, tag: parsed.reference.tag ?? 'latest' }) }
}
