// A registry that answers plain HTTP where the engine asked HTTPS. Docker asks 127.0.0.0/8 (and registries
// given as --insecure-registry) over HTTP by itself; Podman only those registries.conf marks insecure.
import { registryKeyOfReference } from '../../shared/docker/registry-host'

const PLAIN_HTTP = /server gave HTTP response to HTTPS client/

/** What to do when the engine's message says the registry answered HTTP to HTTPS, else null. */
export function plainHttpAdvice(reference: string, message: string): string | null {
  if (!PLAIN_HTTP.test(message)) return null
  const host = registryKeyOfReference(reference) ?? 'the registry'
  return (
    `The engine asked ${host} over HTTPS, but it answers plain HTTP (${message.trim()}). Podman uses plain HTTP only for registries marked insecure: ` +
    `add [[registry]] location = "${host}" insecure = true to /etc/containers/registries.conf (~/.config/containers/registries.conf for rootless Podman), ` +
    'restart the Podman service, and try again. On Docker, list it under "insecure-registries" in /etc/docker/daemon.json.'
  )
}
