// Trust for ssh:// engines, as `ssh` gives it: the host key must be in known_hosts; a new host is shown to
// the person (type and SHA256 fingerprint) and remembered when they trust it; a changed key is refused.
import path from 'node:path'
import { Client, type Algorithms, type ConnectConfig, type ServerHostKeyAlgorithm } from 'ssh2'
import {
  checkHostKey,
  fingerprintOf,
  hostsFieldMatches,
  keyTypeLabel,
  keyTypeOf,
  knownHostName,
  readKnownHosts,
  rememberHostKey,
  type HostKeyVerdict,
  type SshHost
} from './known-hosts'

export interface UnknownHostQuestion {
  host: SshHost
  keyType: string
  fingerprint: string
  /** Key types this host is already known with (another key may have been negotiated). */
  otherKeyTypes: string[]
}

export interface SshHostKeyOptions {
  homeDir: string
  /** Read after the person's own files; OpenSSH's defaults unless a test passes its own. */
  systemKnownHostsFiles?: string[]
  /** Shows the question natively and says whether the person trusts the key. */
  confirmUnknownHost: (question: UnknownHostQuestion) => Promise<boolean>
  handshakeTimeoutMs?: number
}

/** Why Slipway did not connect to an ssh:// engine, with what to do about it. */
export class HostKeyError extends Error {
  constructor(
    message: string,
    readonly hint: string
  ) {
    super(message)
    this.name = 'HostKeyError'
  }
}

/** The ssh2 options that make every connection to this host check its key. */
export type HostKeyConnectOptions = Pick<ConnectConfig, 'hostVerifier' | 'algorithms'>

const SYSTEM_KNOWN_HOSTS = ['/etc/ssh/ssh_known_hosts', '/etc/ssh/ssh_known_hosts2']

/** ssh2's preference, most wanted first; the types a host is already known with are moved ahead, as ssh does. */
const HOST_KEY_ALGORITHMS: ServerHostKeyAlgorithm[] = [
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'rsa-sha2-512',
  'rsa-sha2-256',
  'ssh-rsa'
]

/** The key type an algorithm yields: the rsa-sha2 signatures use ssh-rsa keys. */
const keyTypeOfAlgorithm = (algorithm: string): string => (algorithm.startsWith('rsa-sha2-') ? 'ssh-rsa' : algorithm)

const describeHost = (host: SshHost): string => (host.port === 22 ? host.hostname : `${host.hostname} (port ${host.port})`)

export class SshHostKeys {
  constructor(private readonly options: SshHostKeyOptions) {}

  /** The person's known_hosts, where a trusted key is remembered. */
  get userKnownHostsFile(): string {
    return path.join(this.options.homeDir, '.ssh', 'known_hosts')
  }

  private files(): string[] {
    const user = [this.userKnownHostsFile, path.join(this.options.homeDir, '.ssh', 'known_hosts2')]
    return [...user, ...(this.options.systemKnownHostsFiles ?? (process.platform === 'win32' ? [] : SYSTEM_KNOWN_HOSTS))]
  }

  async check(host: SshHost, blob: Buffer): Promise<HostKeyVerdict> {
    return checkHostKey(await readKnownHosts(this.files()), host, blob)
  }

  /**
   * Makes sure the host's key is trusted before Slipway talks to the engine: fetches the key in a handshake of
   * its own (so the question does not wait inside a request's timeout), then checks it. An unknown key is put
   * to the person only when `interactive` (a connect they started), so automatic retries never pop a dialog.
   * Returns the options every later connection needs, which check the key again each time.
   */
  async ensureTrusted(host: SshHost, { interactive }: { interactive: boolean }): Promise<HostKeyConnectOptions> {
    const algorithms = await this.algorithmsFor(host)
    const blob = await fetchHostKey(host, algorithms, this.options.handshakeTimeoutMs ?? 10_000)
    const verdict = await this.check(host, blob)
    if (verdict.status === 'unknown') {
      const question: UnknownHostQuestion = { host, keyType: keyTypeOf(blob), fingerprint: fingerprintOf(blob), otherKeyTypes: verdict.otherKeyTypes }
      if (!interactive) {
        throw new HostKeyError(
          `The SSH host key of ${describeHost(host)} is not in ${this.userKnownHostsFile}, so Slipway did not connect.`,
          'Press Retry to see the key and decide whether to trust it, or pick another engine.'
        )
      }
      if (!(await this.options.confirmUnknownHost(question))) {
        throw new HostKeyError(
          `You did not trust the SSH host key of ${describeHost(host)} (${keyTypeLabel(question.keyType)} ${question.fingerprint}), so Slipway did not connect.`,
          'Press Retry to see the key again, or pick another engine.'
        )
      }
      await rememberHostKey(this.userKnownHostsFile, host, blob)
    } else if (verdict.status !== 'known') {
      throw refusal(host, blob, verdict)
    }
    return { hostVerifier: this.verifierFor(host), algorithms }
  }

  /** For ssh2: accepts only a key known_hosts vouches for at that moment, never asking. */
  verifierFor(host: SshHost): (key: Buffer, verify: (valid: boolean) => void) => void {
    return (key, verify) => {
      this.check(host, key).then(
        (verdict) => verify(verdict.status === 'known'),
        () => verify(false)
      )
    }
  }

  private async algorithmsFor(host: SshHost): Promise<Algorithms | undefined> {
    const name = knownHostName(host)
    const lines = await readKnownHosts(this.files())
    const knownTypes = new Set(lines.filter((line) => line.marker === null && hostsFieldMatches(line.hosts, name)).map((line) => line.keyType))
    if (knownTypes.size === 0) return undefined
    const known = (algorithm: ServerHostKeyAlgorithm) => knownTypes.has(keyTypeOfAlgorithm(algorithm))
    return { serverHostKey: [...HOST_KEY_ALGORITHMS.filter(known), ...HOST_KEY_ALGORITHMS.filter((a) => !known(a))] }
  }
}

function refusal(host: SshHost, blob: Buffer, verdict: Extract<HostKeyVerdict, { status: 'changed' | 'revoked' }>): HostKeyError {
  const where = `line ${verdict.line.lineNumber} of ${verdict.line.file}`
  const presented = `${keyTypeLabel(keyTypeOf(blob))} ${fingerprintOf(blob)}`
  if (verdict.status === 'revoked') {
    return new HostKeyError(
      `The SSH host key of ${describeHost(host)} (${presented}) is marked revoked (${where}), so Slipway did not connect.`,
      'A revoked key must not be trusted. Ask whoever runs that machine for its new host key.'
    )
  }
  return new HostKeyError(
    `The SSH host key of ${describeHost(host)} has changed, so Slipway did not connect. ` +
      `It now shows ${presented}, not the ${keyTypeLabel(verdict.line.keyType)} key ${fingerprintOf(verdict.line.key)} remembered at ${where}. ` +
      'Either the machine was reinstalled or its key replaced, or someone between you and it is pretending to be it.',
    `If you know the key was changed (ask whoever runs that machine, and compare the new fingerprint), remove ${where} ` +
      `(\`ssh-keygen -R "${knownHostName(host)}"\` does it), then press Retry to be asked about the new key. Otherwise do not connect.`
  )
}

/** Runs the start of an SSH handshake only to read the host key, then hangs up before authenticating. */
export function fetchHostKey(host: SshHost, algorithms: Algorithms | undefined, timeoutMs: number): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const client = new Client()
    let key: Buffer | null = null
    const settle = (error?: Error) => {
      client.removeAllListeners()
      client.on('error', () => undefined)
      client.end()
      if (key) resolve(key)
      else reject(error ?? new Error(`${describeHost(host)} closed the SSH connection before showing its host key.`))
    }
    client.on('error', (error) => settle(error))
    client.on('close', () => settle())
    client.connect({
      host: host.hostname,
      port: host.port,
      username: 'slipway-host-key-check',
      readyTimeout: timeoutMs,
      ...(algorithms ? { algorithms } : {}),
      hostVerifier: (presented: Buffer, verify: (valid: boolean) => void) => {
        key = Buffer.from(presented)
        verify(false)
      }
    })
  })
}

/** The native question for a host seen for the first time, in the words ssh uses, with what to compare. */
export function unknownHostDialog(question: UnknownHostQuestion): { message: string; detail: string; buttons: string[] } {
  const name = knownHostName(question.host)
  const label = keyTypeLabel(question.keyType)
  const others = question.otherKeyTypes.length
    ? `\n\nThis host is already known with another key type (${question.otherKeyTypes.map(keyTypeLabel).join(', ')}); it showed ${label} this time.`
    : ''
  return {
    message: `Trust the SSH host ${describeHost(question.host)}?`,
    detail:
      `Slipway has not connected to ${name} before, so it cannot tell that this is the machine you mean. ` +
      `Its ${label} key fingerprint is:\n\n${question.fingerprint}\n\n` +
      `Compare it with the one on that machine (\`ssh-keygen -lf /etc/ssh/ssh_host_${label.toLowerCase()}_key.pub\` there). ` +
      `If they match, trust it: Slipway remembers it in ~/.ssh/known_hosts, as ssh does, and connects.${others}`,
    buttons: ['Trust and Connect', 'Cancel']
  }
}
