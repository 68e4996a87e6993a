// OpenSSH's known_hosts files, read and appended the way `ssh` does (see sshd(8) "SSH_KNOWN_HOSTS FILE FORMAT").
import { createHash, createHmac, timingSafeEqual } from 'node:crypto'
import { mkdir, open, readFile } from 'node:fs/promises'
import path from 'node:path'

/** The machine an ssh:// engine lives on, as the known_hosts lookup sees it. */
export interface SshHost {
  hostname: string
  port: number
}

export interface KnownHostLine {
  file: string
  /** 1-based, as `ssh` reports it ("Offending key in …:3"). */
  lineNumber: number
  marker: '@revoked' | '@cert-authority' | null
  /** The comma-separated host patterns, or one hashed `|1|salt|hash` entry. */
  hosts: string
  keyType: string
  key: Buffer
}

export type HostKeyVerdict =
  | { status: 'known'; line: KnownHostLine }
  /** A line for this host holds a different key of the same type: possibly someone in the middle. */
  | { status: 'changed'; line: KnownHostLine }
  | { status: 'revoked'; line: KnownHostLine }
  /** Nothing vouches for this key; otherKeyTypes lists types this host is known with (ssh mentions them too). */
  | { status: 'unknown'; otherKeyTypes: string[] }

/** The name ssh looks up: `host` on port 22, `[host]:port` elsewhere; lowercased as ssh does. */
export function knownHostName(host: SshHost): string {
  const name = host.hostname.toLowerCase()
  return host.port === 22 ? name : `[${name}]:${host.port}`
}

/** The key type a public key blob names in its first field (`ssh-ed25519`, `ssh-rsa`, …). */
export function keyTypeOf(blob: Buffer): string {
  if (blob.length < 4) throw new Error('The host key is too short to be an SSH public key.')
  const length = blob.readUInt32BE(0)
  if (length === 0 || 4 + length > blob.length) throw new Error('The host key is not an SSH public key blob.')
  return blob.subarray(4, 4 + length).toString('latin1')
}

/** The fingerprint exactly as ssh prints it: `SHA256:` and the unpadded base64 of the blob's SHA-256. */
export function fingerprintOf(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`
}

/** What ssh calls a key type in its messages: ED25519, ECDSA, RSA, DSA. */
export function keyTypeLabel(keyType: string): string {
  if (keyType === 'ssh-ed25519') return 'ED25519'
  if (keyType.startsWith('ecdsa-sha2-')) return 'ECDSA'
  if (keyType === 'ssh-rsa') return 'RSA'
  if (keyType === 'ssh-dss') return 'DSA'
  return keyType
}

export function parseKnownHosts(text: string, file: string): KnownHostLine[] {
  const lines: KnownHostLine[] = []
  text.split('\n').forEach((raw, index) => {
    const fields = raw.trim().split(/[ \t]+/)
    if (!fields[0] || fields[0].startsWith('#')) return
    let marker: KnownHostLine['marker'] = null
    if (fields[0] === '@revoked' || fields[0] === '@cert-authority') marker = fields.shift() as KnownHostLine['marker']
    else if (fields[0].startsWith('@')) return // a marker this version does not know: ssh skips the line too
    const [hosts, keyType, base64] = fields
    if (!hosts || !keyType || !base64 || !/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) return
    const key = Buffer.from(base64, 'base64')
    try {
      // A line whose blob names another type than its key type field is broken; ssh ignores it.
      if (keyTypeOf(key) !== keyType) return
    } catch {
      return
    }
    lines.push({ file, lineNumber: index + 1, marker, hosts, keyType, key })
  })
  return lines
}

/** ssh's match_pattern: `*` any run, `?` one character. */
function matchesWildcard(name: string, pattern: string): boolean {
  const regex = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 's')
  return regex.test(name)
}

function matchesHashed(name: string, entry: string): boolean {
  // |1|<base64 salt>|<base64 HMAC-SHA1(salt, name)>, written by `ssh-keygen -H` or HashKnownHosts yes.
  const [, magic, salt, hash] = entry.split('|')
  if (magic !== '1' || !salt || !hash) return false
  const expected = Buffer.from(hash, 'base64')
  const actual = createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest()
  return expected.length === actual.length && timingSafeEqual(expected, actual)
}

/** Whether a line's host field names this host: a hashed entry, or patterns where a `!` match excludes. */
export function hostsFieldMatches(hosts: string, name: string): boolean {
  if (hosts.startsWith('|')) return matchesHashed(name, hosts)
  let matched = false
  for (const pattern of hosts.toLowerCase().split(',')) {
    if (pattern.startsWith('!')) {
      if (matchesWildcard(name, pattern.slice(1))) return false
    } else if (matchesWildcard(name, pattern)) {
      matched = true
    }
  }
  return matched
}

/**
 * What the known_hosts lines say about the key a host presented, as ssh decides: a revoked key is refused;
 * a line with the same key vouches for it; a line of the same type with another key means the key changed.
 * `@cert-authority` lines sign host certificates, which Slipway's SSH client does not use: they vouch for nothing.
 */
export function checkHostKey(lines: KnownHostLine[], host: SshHost, blob: Buffer): HostKeyVerdict {
  const revoked = lines.find((line) => line.marker === '@revoked' && line.key.equals(blob))
  if (revoked) return { status: 'revoked', line: revoked }
  const name = knownHostName(host)
  const forHost = lines.filter((line) => line.marker === null && hostsFieldMatches(line.hosts, name))
  const known = forHost.find((line) => line.key.equals(blob))
  if (known) return { status: 'known', line: known }
  const keyType = keyTypeOf(blob)
  const changed = forHost.find((line) => line.keyType === keyType)
  if (changed) return { status: 'changed', line: changed }
  return { status: 'unknown', otherKeyTypes: [...new Set(forHost.map((line) => line.keyType))] }
}

/** Every line of the given files that exist; a missing or unreadable file holds no lines, as for ssh. */
export async function readKnownHosts(files: string[]): Promise<KnownHostLine[]> {
  const texts = await Promise.all(files.map((file) => readFile(file, 'utf8').catch(() => '')))
  return texts.flatMap((text, index) => parseKnownHosts(text, files[index]!))
}

export function knownHostsLine(host: SshHost, blob: Buffer): string {
  return `${knownHostName(host)} ${keyTypeOf(blob)} ${blob.toString('base64')}`
}

/** Appends a line for this host and key, creating ~/.ssh (0700) and the file (0600) as ssh does (modes only narrow under a umask). */
export async function rememberHostKey(file: string, host: SshHost, blob: Buffer): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 })
  const handle = await open(file, 'a+', 0o600)
  try {
    const { size } = await handle.stat()
    let prefix = ''
    if (size > 0) {
      const last = Buffer.alloc(1)
      await handle.read(last, 0, 1, size - 1)
      if (last[0] !== 0x0a) prefix = '\n'
    }
    await handle.appendFile(`${prefix}${knownHostsLine(host, blob)}\n`)
  } finally {
    await handle.close()
  }
}
