// Debian's `docker-registry` (the distribution registry 2.8), started on a free 127.0.0.1 port with
// htpasswd basic auth (bcrypt, made by apache2-utils' htpasswd) and its storage in a temp folder. The engine
// trusts 127.0.0.0/8 registries over plain HTTP, so it pushes and pulls here as to any registry.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { freePort } from './free-port'

export const DISTRIBUTION_REGISTRY = '/usr/bin/docker-registry'
const HTPASSWD = '/usr/bin/htpasswd'

export interface DistributionRegistry {
  /** `127.0.0.1:<port>` */
  host: string
  username: string
  password: string
  /** Everything the registry printed (its access log), for a failing test's message. */
  log(): string
  stop(): Promise<void>
}

/** Why the registry cannot run here, or null when it can. */
export function distributionRegistryMissing(): string | null {
  if (!existsSync(DISTRIBUTION_REGISTRY)) return `${DISTRIBUTION_REGISTRY} is not installed (apt-get install docker-registry)`
  if (!existsSync(HTPASSWD)) return `${HTPASSWD} is not installed (apt-get install apache2-utils)`
  return null
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

export async function startDistributionRegistry(credentials = { username: 'me', password: 'correct horse battery staple' }): Promise<DistributionRegistry> {
  const missing = distributionRegistryMissing()
  if (missing) throw new Error(missing)
  const dir = await mkdtemp(path.join(os.tmpdir(), 'slipway-distribution-'))
  const made = spawnSync(HTPASSWD, ['-Bbn', credentials.username, credentials.password], { encoding: 'utf8' })
  if (made.status !== 0) throw new Error(`htpasswd failed: ${made.stderr}`)
  await writeFile(path.join(dir, 'htpasswd'), made.stdout)
  const port = await freePort()
  const host = `127.0.0.1:${port}`
  await writeFile(
    path.join(dir, 'config.yml'),
    [
      'version: 0.1',
      'log:',
      '  level: info',
      'storage:',
      '  filesystem:',
      `    rootdirectory: ${path.join(dir, 'data')}`,
      '  delete:',
      '    enabled: true',
      'http:',
      `  addr: ${host}`,
      'auth:',
      '  htpasswd:',
      '    realm: slipway-test',
      `    path: ${path.join(dir, 'htpasswd')}`,
      ''
    ].join('\n')
  )
  let output = ''
  const child: ChildProcess = spawn(DISTRIBUTION_REGISTRY, ['serve', path.join(dir, 'config.yml')], { stdio: ['ignore', 'pipe', 'pipe'] })
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')))
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')))
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM')
      await Promise.race([exited, sleep(5_000)])
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    }
    await rm(dir, { recursive: true, force: true })
  }
  const deadline = Date.now() + 15_000
  for (;;) {
    const answer = await fetch(`http://${host}/v2/`).then(
      (r) => r.status,
      () => 0
    )
    if (answer === 401) break
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop()
      throw new Error(`docker-registry did not start on ${host} (answer ${answer}):\n${output}`)
    }
    await sleep(100)
  }
  return { host, ...credentials, log: () => output, stop }
}
