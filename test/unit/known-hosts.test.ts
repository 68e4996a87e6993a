// known_hosts read and written as OpenSSH does; OpenSSH's own ssh-keygen makes the keys, hashes the entries
// (-H), prints the fingerprints (-l) and finds the lines we write (-F), so the two are checked against each other.
import { execFileSync } from 'node:child_process'
import { appendFile, lstat, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkHostKey, fingerprintOf, knownHostName, parseKnownHosts, rememberHostKey, type SshHost } from '../../src/main/docker/known-hosts'

let dir: string
const keys: Record<'ed25519' | 'ed25519b' | 'ecdsa' | 'rsa', { line: string; blob: Buffer; fingerprint: string }> = {} as never

const sshKeygen = (...args: string[]) => execFileSync('ssh-keygen', args, { encoding: 'utf8' })

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'slipway-known-hosts-'))
  for (const [name, type] of [['ed25519', 'ed25519'], ['ed25519b', 'ed25519'], ['ecdsa', 'ecdsa'], ['rsa', 'rsa']] as const) {
    const file = path.join(dir, name)
    sshKeygen('-q', '-t', type, '-N', '', '-f', file)
    const line = (await readFile(`${file}.pub`, 'utf8')).trim()
    keys[name] = { line, blob: Buffer.from(line.split(' ')[1]!, 'base64'), fingerprint: sshKeygen('-l', '-E', 'sha256', '-f', `${file}.pub`).split(' ')[1]! }
  }
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

const entry = (hosts: string, key: { line: string }) => `${hosts} ${key.line.split(' ').slice(0, 2).join(' ')}`
const host = (hostname: string, port = 22): SshHost => ({ hostname, port })

describe('known_hosts', () => {
  it('prints fingerprints exactly as ssh-keygen -l does', () => {
    for (const key of Object.values(keys)) expect(fingerprintOf(key.blob)).toBe(key.fingerprint)
  })

  it('looks hosts up as `host` on port 22 and `[host]:port` elsewhere, lowercased', () => {
    expect(knownHostName(host('Builder.Example'))).toBe('builder.example')
    expect(knownHostName(host('10.0.0.5', 2222))).toBe('[10.0.0.5]:2222')
  })

  it('matches the hashed entries ssh-keygen -H writes, for plain and [host]:port names', async () => {
    const file = path.join(dir, 'hashed')
    await writeFile(file, `${entry('builder.example', keys.ed25519)}\n${entry('[127.0.0.1]:2222', keys.ecdsa)}\n`)
    sshKeygen('-H', '-f', file)
    const text = await readFile(file, 'utf8')
    expect(text).not.toContain('builder.example')
    const lines = parseKnownHosts(text, file)
    expect(lines.map((l) => l.hosts.startsWith('|1|'))).toEqual([true, true])
    expect(checkHostKey(lines, host('builder.example'), keys.ed25519.blob)).toMatchObject({ status: 'known', line: { lineNumber: 1 } })
    expect(checkHostKey(lines, host('127.0.0.1', 2222), keys.ecdsa.blob)).toMatchObject({ status: 'known', line: { lineNumber: 2 } })
    // The same name on another port, or another name, is not vouched for.
    expect(checkHostKey(lines, host('127.0.0.1'), keys.ecdsa.blob)).toEqual({ status: 'unknown', otherKeyTypes: [] })
    expect(checkHostKey(lines, host('other.example'), keys.ed25519.blob)).toEqual({ status: 'unknown', otherKeyTypes: [] })
  })

  it('reads several hosts per line, wildcards and negations, skipping comments and blank lines', () => {
    const text = [
      '# machines at work',
      '',
      entry('alpha.example,[beta.example]:2200,10.0.0.7', keys.ed25519),
      entry('*.build.example,!evil.build.example', keys.rsa),
      entry('node?.example', keys.ecdsa)
    ].join('\n')
    const lines = parseKnownHosts(text, 'kh')
    expect(lines.map((l) => l.lineNumber)).toEqual([3, 4, 5])
    for (const h of [host('alpha.example'), host('beta.example', 2200), host('10.0.0.7')]) {
      expect(checkHostKey(lines, h, keys.ed25519.blob).status).toBe('known')
    }
    expect(checkHostKey(lines, host('beta.example'), keys.ed25519.blob).status).toBe('unknown')
    expect(checkHostKey(lines, host('ci.build.example'), keys.rsa.blob).status).toBe('known')
    expect(checkHostKey(lines, host('evil.build.example'), keys.rsa.blob).status).toBe('unknown')
    expect(checkHostKey(lines, host('node1.example'), keys.ecdsa.blob).status).toBe('known')
    expect(checkHostKey(lines, host('node12.example'), keys.ecdsa.blob).status).toBe('unknown')
  })

  it('calls a different key of a known type "changed" (with its line), and a new type "unknown" naming the known ones', () => {
    const lines = parseKnownHosts(`# one\n${entry('box', keys.rsa)}\n${entry('box', keys.ed25519)}\n`, '/home/me/.ssh/known_hosts')
    expect(checkHostKey(lines, host('box'), keys.ed25519b.blob)).toMatchObject({ status: 'changed', line: { lineNumber: 3, file: '/home/me/.ssh/known_hosts', keyType: 'ssh-ed25519' } })
    expect(checkHostKey(lines, host('box'), keys.ecdsa.blob)).toEqual({ status: 'unknown', otherKeyTypes: ['ssh-rsa', 'ssh-ed25519'] })
  })

  it('refuses a @revoked key for any host, and lets a @cert-authority line vouch for nothing', () => {
    const lines = parseKnownHosts([entry('box', keys.ed25519), `@revoked * ${keys.ed25519.line}`, `@cert-authority * ${keys.ecdsa.line}`].join('\n'), 'kh')
    expect(checkHostKey(lines, host('box'), keys.ed25519.blob)).toMatchObject({ status: 'revoked', line: { lineNumber: 2 } })
    expect(checkHostKey(lines, host('box'), keys.ecdsa.blob)).toEqual({ status: 'unknown', otherKeyTypes: ['ssh-ed25519'] })
  })

  it('ignores broken lines: a key that is not base64, or whose blob names another type', () => {
    const lines = parseKnownHosts(`box ssh-ed25519 not-base64!\nbox ssh-rsa ${keys.ed25519.line.split(' ')[1]}\n`, 'kh')
    expect(lines).toEqual([])
  })

  it('remembers a key in a new ~/.ssh (0700) and known_hosts (0600) that OpenSSH finds, keeping earlier lines', async () => {
    const home = await mkdtemp(path.join(os.tmpdir(), 'slipway-known-hosts-home-'))
    try {
      const file = path.join(home, '.ssh', 'known_hosts')
      await rememberHostKey(file, host('127.0.0.1', 2222), keys.ed25519.blob)
      expect((await lstat(path.dirname(file))).mode & 0o777).toBe(0o700)
      expect((await lstat(file)).mode & 0o777).toBe(0o600)
      // A last line without its newline is not joined to ours.
      await appendFile(file, entry('other.example', keys.rsa))
      await rememberHostKey(file, host('box'), keys.ecdsa.blob)
      const text = await readFile(file, 'utf8')
      expect(text.split('\n')).toEqual([entry('[127.0.0.1]:2222', keys.ed25519), entry('other.example', keys.rsa), entry('box', keys.ecdsa), ''])
      expect(sshKeygen('-F', '[127.0.0.1]:2222', '-f', file)).toContain(keys.ed25519.line.split(' ')[1])
      expect(sshKeygen('-F', 'box', '-f', file)).toContain(keys.ecdsa.line.split(' ')[1])
    } finally {
      await rm(home, { recursive: true, force: true })
    }
  })
})
