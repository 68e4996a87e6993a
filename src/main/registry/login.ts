// `docker login` and `docker logout`: the registry checks the credentials first (through the engine, as the
// CLI does), and only credentials it accepted are stored, where the CLI would store them.
import type Dockerode from 'dockerode'
import { readRegistryHost, registryDisplayName } from '../../shared/docker/registry-host'
import type { CredentialSource, LoginResult } from '../../shared/ipc/channels/registries'
import { AppError } from '../../shared/ipc/errors'
import { engineMessage, isEngineUnreachable } from '../docker/errors'
import type { DockerCredentials } from './credentials'
import { checkWithEngine, engineAuthConfig } from './registry-auth'

export interface LoginRequest {
  registry: string
  username: string
  password: string
}

function registryKey(text: string): string {
  const result = readRegistryHost(text)
  if (!result.ok) throw new AppError('invalid-input', result.message)
  return result.key
}

/** Refuses what the registry could never accept, before anything is sent or stored. */
function checkTyped(request: LoginRequest): void {
  if (/[\r\n]/.test(request.password)) {
    throw new AppError('invalid-input', 'The password contains a line break, which no registry password can. Paste it again without the line break (a copied password often ends with one).')
  }
  if (/[\s:]/.test(request.username)) throw new AppError('invalid-input', 'A registry username cannot contain spaces or ":". Check the username.')
}

export function fileWarning(file: string): string {
  return `Your password is stored unencrypted in ${file}, as docker login stores it when no credential helper is configured. Configure a credential helper ("credsStore" in that file) to keep it in your system's keychain instead: https://docs.docker.com/go/credential-store/`
}

export async function logIn(docker: Dockerode, credentials: DockerCredentials, request: LoginRequest): Promise<LoginResult> {
  const key = registryKey(request.registry)
  checkTyped(request)
  let answer: { Status?: string; IdentityToken?: string }
  try {
    answer = await checkWithEngine(docker, engineAuthConfig(key, { username: request.username, password: request.password }))
  } catch (error) {
    if (isEngineUnreachable(error)) throw error
    const said = engineMessage(error)
    throw new AppError('engine-error', `${registryDisplayName(key)} refused the login: ${said}. Check the username and password (or token), and the registry address.`)
  }
  const { source, file } = await credentials.store(
    key,
    answer.IdentityToken ? { username: request.username, identityToken: answer.IdentityToken } : { username: request.username, password: request.password }
  )
  return { registry: key, username: request.username, source, configFile: file, warning: source.kind === 'file' ? fileWarning(file) : null }
}

export async function logOut(credentials: DockerCredentials, registry: string): Promise<{ registry: string; source: CredentialSource }> {
  const key = registryKey(registry)
  return { registry: key, source: await credentials.erase(key) }
}
