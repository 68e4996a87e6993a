// The X-Registry-Auth the engine gets with a push, a pull or a distribution inspect: the stored credentials
// of the reference's registry (as the CLI's ResolveAuthConfig picks them), read for this one request.
import type Dockerode from 'dockerode'
import { registryKeyOfReference } from '../../shared/docker/registry-host'
import type { DockerCredentials, RegistryAuth } from './credentials'
import { engineMessage } from '../docker/errors'

/** dockerode's `authconfig`: it base64url-encodes this JSON into the X-Registry-Auth header. */
export interface EngineAuthConfig {
  username?: string
  password?: string
  identitytoken?: string
  serveraddress: string
}

export function engineAuthConfig(key: string, auth: RegistryAuth): EngineAuthConfig {
  return auth.identityToken
    ? { ...(auth.username ? { username: auth.username } : {}), identitytoken: auth.identityToken, serveraddress: key }
    : { username: auth.username, password: auth.password ?? '', serveraddress: key }
}

/** The auth for `reference`'s registry, or undefined (anonymous) when none is stored. */
export async function authForReference(credentials: DockerCredentials | undefined, reference: string): Promise<EngineAuthConfig | undefined> {
  if (!credentials) return undefined
  const key = registryKeyOfReference(reference)
  if (!key) return undefined
  const auth = await credentials.get(key)
  return auth ? engineAuthConfig(key, auth) : undefined
}

/**
 * Podman's POST /auth asks every registry over HTTPS, whatever registries.conf says, except a `localhost:<port>`
 * one (its own test rule); Docker treats all of 127.0.0.0/8 as plain HTTP. So a loopback registry is checked
 * as `localhost:<port>` there: the same registry on this host. The login is stored under the name given.
 */
export function loopbackAsLocalhost(config: EngineAuthConfig): EngineAuthConfig {
  const loopback = /^(?:127(?:\.\d{1,3}){3}|\[::1\]):(\d+)$/.exec(config.serveraddress)
  return loopback ? { ...config, serveraddress: `localhost:${loopback[1]}` } : config
}

/** `docker.checkAuth` (POST /auth): the engine logs in to the registry, following its basic or token challenge. */
export async function checkWithEngine(docker: Dockerode, config: EngineAuthConfig): Promise<{ Status?: string; IdentityToken?: string }> {
  try {
    return (await docker.checkAuth(config)) as { Status?: string; IdentityToken?: string }
  } catch (error) {
    const retry = loopbackAsLocalhost(config)
    if (retry === config || !/server gave HTTP response to HTTPS client/.test(engineMessage(error))) throw error
    return (await docker.checkAuth(retry)) as { Status?: string; IdentityToken?: string }
  }
}
