// The Dockerode client talks to the resolved engine only: docker-modem's own reading of DOCKER_HOST,
// DOCKER_TLS_VERIFY, DOCKER_CERT_PATH, DOCKER_CLIENT_TIMEOUT and SSH_AUTH_SOCK must not leak in.
// (test/integration/engine.test.ts shows the same against two real daemons.)
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createDockerClient } from '../../src/main/docker/engine-connection'

const AMBIENT = ['DOCKER_HOST', 'DOCKER_TLS_VERIFY', 'DOCKER_CERT_PATH', 'DOCKER_CLIENT_TIMEOUT', 'SSH_AUTH_SOCK'] as const
let saved: Record<string, string | undefined>
let certs: string

beforeEach(async () => {
  saved = Object.fromEntries(AMBIENT.map((name) => [name, process.env[name]]))
  certs = await mkdtemp(path.join(os.tmpdir(), 'slipway-ambient-certs-'))
  for (const file of ['ca.pem', 'cert.pem', 'key.pem']) await writeFile(path.join(certs, file), `ambient ${file}`)
})
afterEach(async () => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name]
    else process.env[name] = value
  }
  await rm(certs, { recursive: true, force: true })
})

interface ModemFields {
  socketPath?: unknown
  host?: unknown
  port?: unknown
  protocol?: unknown
  ca?: unknown
  cert?: unknown
  key?: unknown
  timeout?: unknown
  username?: unknown
  sshOptions?: unknown
}
const modemOf = (options: Parameters<typeof createDockerClient>[0]) => createDockerClient(options).modem as ModemFields

describe('createDockerClient', () => {
  it('keeps a chosen socket when the environment names a TLS engine', () => {
    Object.assign(process.env, { DOCKER_HOST: 'tcp://ambient.example:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certs, DOCKER_CLIENT_TIMEOUT: '5' })
    const modem = modemOf({ socketPath: '/run/chosen/docker.sock' })
    expect(modem).toMatchObject({ socketPath: '/run/chosen/docker.sock', host: undefined, port: undefined, ca: undefined, cert: undefined, key: undefined, timeout: undefined })
    expect(modem.protocol).toBe('http')
    // The environment itself is left as it was, for the resolution and for child processes.
    expect(process.env.DOCKER_HOST).toBe('tcp://ambient.example:2376')
    expect(process.env.DOCKER_CERT_PATH).toBe(certs)
  })

  it('makes a client when DOCKER_CERT_PATH names a folder that is gone (docker-modem would throw ENOENT)', () => {
    Object.assign(process.env, { DOCKER_HOST: 'tcp://ambient.example:2376', DOCKER_CERT_PATH: path.join(certs, 'gone') })
    expect(modemOf({ socketPath: '/run/chosen/docker.sock' })).toMatchObject({ socketPath: '/run/chosen/docker.sock', host: undefined })
  })

  it('keeps a chosen ssh engine and its SSH options when the environment names another ssh engine and agent', () => {
    Object.assign(process.env, { DOCKER_HOST: 'ssh://ambient@ambient.example:2200', SSH_AUTH_SOCK: '/tmp/ambient-agent' })
    const hostVerifier = () => true
    const modem = modemOf({ protocol: 'ssh', host: 'builder', port: 22, username: 'deploy', sshOptions: { hostVerifier } } as never)
    expect(modem).toMatchObject({ host: 'builder', port: 22, protocol: 'ssh', username: 'deploy' })
    expect(modem.sshOptions).toEqual({ hostVerifier })
  })
})
