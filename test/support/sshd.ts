// A real OpenSSH server on 127.0.0.1 for the ssh:// engine tests: Debian's sshd on a free port with a host key
// of its own, one authorized client key, and sessions whose `docker system dial-stdio` reaches the test daemon.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { freePort } from './free-port'

const SSHD = '/usr/sbin/sshd'

export interface TestSshd {
  port: number
  /** What a person would put in DOCKER_HOST or a docker context for this engine. */
  dockerHost: string
  /** The server's current public host key, as its .pub file says (`ssh-ed25519 AAAA… comment`). */
  hostPublicKey(): Promise<string>
  /** The fingerprint the real `ssh-keygen -l` prints for the current host key. */
  hostKeyFingerprint(): string
  /** Stops the server, gives it a new host key and starts it again on the same port. */
  replaceHostKey(): Promise<void>
  stop(): Promise<void>
}

/** Why these tests cannot run here, or null when they can. */
export function sshdSkipReason(): string | null {
  if (!existsSync(SSHD)) return `${SSHD} is not installed (apt-get install openssh-server)`
  if (process.getuid?.() !== 0) return 'starting sshd for the ssh:// engine tests needs root'
  if (spawnSync('sh', ['-c', 'command -v docker'], { stdio: 'ignore' }).status !== 0) return 'the docker CLI is not installed (apt-get install docker.io)'
  return null
}

function run(command: string, args: string[]): string {
  const result = spawnSync(command, args, { encoding: 'utf8' })
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr || result.stdout}`)
  return result.stdout
}

/** A client key pair in `<home>/.ssh/id_ed25519`, as `ssh-keygen` leaves it; returns the public key line. */
export async function makeClientKey(home: string): Promise<string> {
  await mkdir(path.join(home, '.ssh'), { recursive: true, mode: 0o700 })
  const file = path.join(home, '.ssh', 'id_ed25519')
  run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'slipway-test-client', '-f', file])
  return readFile(`${file}.pub`, 'utf8')
}

/** Resolves once the server sends its SSH banner. */
async function waitForBanner(port: number, child: ChildProcess, logFile: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (child.exitCode !== null) throw new Error(`sshd exited (${child.exitCode}): ${await readFile(logFile, 'utf8').catch(() => '')}`)
    const banner = await new Promise<string>((resolve) => {
      const socket = net.connect(port, '127.0.0.1')
      socket.setTimeout(1000)
      socket.once('data', (data) => {
        socket.destroy()
        resolve(data.toString('latin1'))
      })
      socket.once('timeout', () => socket.destroy())
      socket.once('error', () => resolve(''))
      socket.once('close', () => resolve(''))
    })
    if (banner.startsWith('SSH-2.0-')) return
    if (Date.now() > deadline) throw new Error(`sshd did not answer on 127.0.0.1:${port}: ${await readFile(logFile, 'utf8').catch(() => '')}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

/**
 * Starts sshd for `user` (the user running the tests) with `authorizedKey` as the only way in.
 * Its sessions get DOCKER_HOST=`engineHost`, so `docker system dial-stdio` there reaches that daemon.
 */
export async function startSshd(options: { authorizedKey: string; engineHost: string }): Promise<TestSshd> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'slipway-sshd-'))
  const hostKey = path.join(dir, 'ssh_host_ed25519_key')
  const logFile = path.join(dir, 'sshd.log')
  const config = path.join(dir, 'sshd_config')
  const port = await freePort()
  const user = os.userInfo().username
  await writeFile(path.join(dir, 'authorized_keys'), options.authorizedKey, { mode: 0o600 })
  await writeFile(
    config,
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${hostKey}`,
      `PidFile ${path.join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${path.join(dir, 'authorized_keys')}`,
      // The temp folder's modes are not what StrictModes wants of a home; the key file itself is 0600.
      'StrictModes no',
      'PubkeyAuthentication yes',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'UsePAM no',
      'PermitRootLogin prohibit-password',
      `AllowUsers ${user}`,
      `SetEnv DOCKER_HOST=${options.engineHost}`,
      'LogLevel VERBOSE',
      ''
    ].join('\n')
  )
  // sshd refuses to start without its privilege separation folder (made by the service unit otherwise).
  await mkdir('/run/sshd', { recursive: true, mode: 0o755 })

  let child: ChildProcess | null = null
  const newHostKey = async () => {
    await rm(hostKey, { force: true })
    await rm(`${hostKey}.pub`, { force: true })
    run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'slipway-test-host', '-f', hostKey])
  }
  const start = async () => {
    child = spawn(SSHD, ['-D', '-f', config, '-E', logFile], { stdio: 'ignore' })
    await waitForBanner(port, child, logFile)
  }
  const stopChild = async () => {
    const running = child
    child = null
    if (!running || running.exitCode !== null || running.signalCode !== null) return
    await new Promise<void>((resolve) => {
      running.once('exit', () => resolve())
      running.kill('SIGTERM')
    })
  }
  await newHostKey()
  await start()
  return {
    port,
    dockerHost: `ssh://${user}@127.0.0.1:${port}`,
    hostPublicKey: () => readFile(`${hostKey}.pub`, 'utf8'),
    hostKeyFingerprint: () => run('ssh-keygen', ['-l', '-E', 'sha256', '-f', `${hostKey}.pub`]).split(' ')[1]!,
    async replaceHostKey() {
      await stopChild()
      await newHostKey()
      await start()
    },
    async stop() {
      await stopChild()
      await rm(dir, { recursive: true, force: true })
    }
  }
}
