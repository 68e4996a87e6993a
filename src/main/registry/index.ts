// One DockerCredentials per main context: it holds no secret, only where config.json is and how to run helpers.
import type { AppServices } from '../app-services'
import { readRegistryHost } from '../../shared/docker/registry-host'
import type { CredentialsLookup } from '../docker/build/session/auth'
import { DockerCredentials } from './credentials'

const byContext = new WeakMap<object, DockerCredentials>()

export function registryCredentials(app: Pick<AppServices, 'environment'>): DockerCredentials {
  let credentials = byContext.get(app)
  if (!credentials) {
    credentials = new DockerCredentials(app.environment)
    byContext.set(app, credentials)
  }
  return credentials
}

/** The BuildKit session's Auth callback: BuildKit names the host it pulls from (`registry-1.docker.io` for Docker Hub). */
export function buildCredentialsLookup(credentials: DockerCredentials): CredentialsLookup {
  return async (host) => {
    const key = readRegistryHost(host)
    if (!key.ok) return null
    const found = await credentials.get(key.key)
    if (!found) return null
    return { username: found.username, secret: found.identityToken ?? found.password ?? '' }
  }
}
