import { execFileSync } from 'node:child_process'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  contextDirName,
  EngineResolutionError,
  listDockerContexts,
  resolveEngineCandidates,
  type ResolveEnvironment
} from '../../src/main/docker/engine-resolution'

let home: string

beforeEach(async () => {
  home = await mkdtemp(path.join(os.tmpdir(), 'slipway-home-'))
})
afterEach(async () => {
  await rm(home, { recursive: true, force: true })
})

function environment(env: Record<string, string | undefined> = {}, extra: Partial<ResolveEnvironment> = {}): ResolveEnvironment {
  return { env, homeDir: home, platform: 'linux', uid: 1000, ...extra }
}

async function writeContext(name: string, host: string, options: { skipTls?: boolean; tls?: boolean; configDir?: string } = {}) {
  const configDir = options.configDir ?? path.join(home, '.docker')
  const meta = path.join(configDir, 'contexts', 'meta', contextDirName(name))
  await mkdir(meta, { recursive: true })
  await writeFile(
    path.join(meta, 'meta.json'),
    JSON.stringify({ Name: name, Metadata: { Description: `${name} engine` }, Endpoints: { docker: { Host: host, SkipTLSVerify: options.skipTls ?? false } } })
  )
  if (options.tls) {
    const tls = path.join(configDir, 'contexts', 'tls', contextDirName(name), 'docker')
    await mkdir(tls, { recursive: true })
    for (const file of ['ca.pem', 'cert.pem', 'key.pem']) await writeFile(path.join(tls, file), `${file} of ${name}`)
  }
}

async function setCurrentContext(name: string, configDir = path.join(home, '.docker')) {
  await mkdir(configDir, { recursive: true })
  await writeFile(path.join(configDir, 'config.json'), JSON.stringify({ auths: {}, currentContext: name }))
}

describe('resolveEngineCandidates', () => {
  it('stores context metadata under the SHA-256 of the name, as the docker CLI does', () => {
    // `docker context create remote` writes ~/.docker/contexts/meta/<sha256("remote")>/meta.json
    expect(contextDirName('default')).toBe('37a8eec1ce19687d132fe29051dca629d164e2c4958ba141d5f4133a33f0688f')
  })

  it('uses DOCKER_HOST first, even when a context is current', async () => {
    await writeContext('remote', 'tcp://10.0.0.5:2375')
    await setCurrentContext('remote')
    const candidates = await resolveEngineCandidates(environment({ DOCKER_HOST: 'unix:///tmp/custom.sock' }))
    expect(candidates).toHaveLength(1)
    expect(candidates[0]!.endpoint).toEqual({ host: 'unix:///tmp/custom.sock', source: 'DOCKER_HOST' })
    expect(candidates[0]!.options).toEqual({ socketPath: '/tmp/custom.sock' })
  })

  it('reads tcp DOCKER_HOST with TLS material from DOCKER_CERT_PATH when DOCKER_TLS_VERIFY is set', async () => {
    const certs = path.join(home, 'certs')
    await mkdir(certs)
    for (const file of ['ca.pem', 'cert.pem', 'key.pem']) await writeFile(path.join(certs, file), file)
    const [candidate] = await resolveEngineCandidates(environment({ DOCKER_HOST: 'tcp://build.example:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certs }))
    expect(candidate!.endpoint.tls).toBe(true)
    expect(candidate!.options).toMatchObject({ host: 'build.example', port: 2376, protocol: 'https' })
    expect(String(candidate!.options.ca)).toBe('ca.pem')
    expect(String(candidate!.options.key)).toBe('key.pem')
  })

  it('reads plain tcp without TLS on the default port 2375', async () => {
    const [candidate] = await resolveEngineCandidates(environment({ DOCKER_HOST: 'tcp://127.0.0.1' }))
    expect(candidate!.options).toMatchObject({ host: '127.0.0.1', port: 2375, protocol: 'http' })
  })

  it('reads ssh:// hosts with user and port, logging in with the agent then the default identity files, as ssh does', async () => {
    await mkdir(path.join(home, '.ssh'))
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', path.join(home, '.ssh', 'id_ed25519')])
    // A passphrase-protected key is left to the agent: Slipway has no passphrase prompt.
    execFileSync('ssh-keygen', ['-q', '-t', 'ecdsa', '-N', 'secret', '-f', path.join(home, '.ssh', 'id_ecdsa')])
    const [candidate] = await resolveEngineCandidates(environment({ DOCKER_HOST: 'ssh://deploy@builder:2222', SSH_AUTH_SOCK: '/tmp/agent' }))
    expect(candidate!.options).toMatchObject({ protocol: 'ssh', host: 'builder', port: 2222, username: 'deploy' })
    const methods = (candidate!.options.sshOptions as { authHandler: { type: string; username: string; agent?: string; key?: Buffer }[] }).authHandler
    expect(methods.map(({ type, username, agent }) => ({ type, username, agent }))).toEqual([
      { type: 'agent', username: 'deploy', agent: '/tmp/agent' },
      { type: 'publickey', username: 'deploy', agent: undefined }
    ])
    expect(methods[1]!.key).toEqual(await readFile(path.join(home, '.ssh', 'id_ed25519')))
  })

  it('logs in to ssh:// hosts without a user name as the local user, and takes IPv6 addresses out of their brackets', async () => {
    const [candidate] = await resolveEngineCandidates(environment({ DOCKER_HOST: 'ssh://[::1]', USER: 'alice' }))
    expect(candidate!.options).toMatchObject({ protocol: 'ssh', host: '::1', port: 22, username: 'alice', sshOptions: { authHandler: [] } })
  })

  it('refuses a host without a scheme with a readable message', async () => {
    await expect(resolveEngineCandidates(environment({ DOCKER_HOST: '/var/run/docker.sock' }))).rejects.toThrow(/not a Docker host URL/)
  })

  it('uses DOCKER_CONTEXT before the config file', async () => {
    await writeContext('remote', 'tcp://10.0.0.5:2375')
    await writeContext('other', 'unix:///run/other.sock')
    await setCurrentContext('other')
    const [candidate] = await resolveEngineCandidates(environment({ DOCKER_CONTEXT: 'remote' }))
    expect(candidate!.endpoint).toMatchObject({ host: 'tcp://10.0.0.5:2375', source: 'DOCKER_CONTEXT', contextName: 'remote' })
  })

  it('uses currentContext from config.json with the context TLS files', async () => {
    await writeContext('secure', 'tcp://secure.example:2376', { tls: true })
    await setCurrentContext('secure')
    const [candidate] = await resolveEngineCandidates(environment())
    expect(candidate!.endpoint).toMatchObject({ source: 'config', contextName: 'secure', tls: true })
    expect(String(candidate!.options.cert)).toBe('cert.pem of secure')
  })

  it('honours DOCKER_CONFIG as the config folder', async () => {
    const configDir = path.join(home, 'elsewhere')
    await writeContext('ci', 'unix:///run/ci.sock', { configDir })
    await setCurrentContext('ci', configDir)
    const [candidate] = await resolveEngineCandidates(environment({ DOCKER_CONFIG: configDir }))
    expect(candidate!.options).toEqual({ socketPath: '/run/ci.sock' })
  })

  it('names an unknown context in its error', async () => {
    await setCurrentContext('gone')
    const error = await resolveEngineCandidates(environment()).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(EngineResolutionError)
    expect((error as Error).message).toMatch(/Docker context "gone" was not found/)
  })

  it('falls back from the platform default to rootless Docker and Podman sockets', async () => {
    const candidates = await resolveEngineCandidates(environment({ XDG_RUNTIME_DIR: '/run/user/1000' }))
    expect(candidates.map((c) => [c.endpoint.host, c.endpoint.source])).toEqual([
      ['unix:///var/run/docker.sock', 'default'],
      ['unix:///run/user/1000/docker.sock', 'rootless'],
      ['unix:///run/user/1000/podman/podman.sock', 'podman'],
      ['unix:///run/podman/podman.sock', 'podman']
    ])
  })

  it('treats the "default" context as the platform default', async () => {
    await setCurrentContext('default')
    const candidates = await resolveEngineCandidates(environment())
    expect(candidates[0]!.endpoint.source).toBe('default')
  })

  it('uses the context chosen in Slipway above everything else', async () => {
    await writeContext('remote', 'tcp://10.0.0.5:2375')
    const [candidate] = await resolveEngineCandidates(environment({ DOCKER_HOST: 'unix:///tmp/x.sock' }, { chosenContext: 'remote' }))
    expect(candidate!.endpoint).toMatchObject({ source: 'chosen', contextName: 'remote', host: 'tcp://10.0.0.5:2375' })
  })

  it('uses the Windows named pipe on win32', async () => {
    const candidates = await resolveEngineCandidates(environment({}, { platform: 'win32' }))
    expect(candidates[0]!.endpoint.host).toBe('npipe:////./pipe/docker_engine')
    expect(candidates[0]!.options).toEqual({ socketPath: '\\\\.\\pipe\\docker_engine' })
  })
})

describe('listDockerContexts', () => {
  it('lists default and every context folder, marking the current one', async () => {
    await writeContext('remote', 'ssh://me@box')
    await writeContext('local-podman', 'unix:///run/user/1000/podman/podman.sock')
    await setCurrentContext('remote')
    await mkdir(path.join(home, '.docker', 'contexts', 'meta', 'broken'), { recursive: true })
    const contexts = await listDockerContexts(environment())
    expect(contexts.map((c) => [c.name, c.host, c.current])).toEqual([
      ['default', 'unix:///var/run/docker.sock', false],
      ['local-podman', 'unix:///run/user/1000/podman/podman.sock', false],
      ['remote', 'ssh://me@box', true]
    ])
  })

  it('shows only default when there is no config folder', async () => {
    const contexts = await listDockerContexts(environment({ DOCKER_HOST: 'tcp://h:1' }))
    expect(contexts).toEqual([expect.objectContaining({ name: 'default', host: 'tcp://h:1', current: true })])
  })
})
