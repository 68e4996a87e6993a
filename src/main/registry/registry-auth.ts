// The X-Registry-Auth the engine gets with a push, a pull or a distribution inspect: the stored credentials
// of the reference's registry (as the CLI's ResolveAuthConfig picks them), read for this one request.
import type Dockerode from 'dockerode'
import { registryKeyOfReference } from '../../shared/docker/registry-host'
import type { DockerCredentials, RegistryAuth } from './credentials'

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

/** `docker.checkAuth` (POST /auth): the engine logs in to the registry, following its basic or token challenge. */
export async function checkWithEngine(docker: Dockerode, config: EngineAuthConfig): Promise<{ Status?: string; IdentityToken?: string }> {
  return (await docker.checkAuth(config)) as { Status?: string; IdentityToken?: string }
}
