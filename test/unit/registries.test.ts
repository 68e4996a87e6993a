// Registries, the pure parts: registry addresses as `docker login` keys them, where credentials go (the CLI's
// GetCredentialsStore and DetectDefaultStore), the auth encoding of config.json, push progress, and the
// "Push to…" target.
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { decodeAuth, encodeAuth } from '../../src/main/registry/config-file'
import { DockerCredentials } from '../../src/main/registry/credentials'
import { applyPushEvent, pushCommand, pushReference } from '../../src/main/registry/push'
import { DOCKER_HUB_KEY, loginCommand, readRegistryHost, registryKeyOfReference } from '../../src/shared/docker/registry-host'
import type { PushProgress } from '../../src/shared/ipc/channels/registries'
import { pushTarget, splitForPush } from '../../src/renderer/components/images/push-target'

describe('registry addresses', () => {
  it('keys Docker Hub by the index URL and other registries by host[:port]', () => {
    for (const hub of ['', 'docker.io', 'index.docker.io', 'registry-1.docker.io', DOCKER_HUB_KEY]) expect(readRegistryHost(hub)).toMatchObject({ ok: true, key: DOCKER_HUB_KEY })
    expect(readRegistryHost('LocalHost:5000')).toEqual({ ok: true, key: 'localhost:5000', host: 'localhost:5000' })
    expect(registryKeyOfReference('ubuntu')).toBe(DOCKER_HUB_KEY)
    expect(registryKeyOfReference('me/app:1')).toBe(DOCKER_HUB_KEY)
    expect(registryKeyOfReference('127.0.0.1:5000/me/app:1')).toBe('127.0.0.1:5000')
  })

  it('refuses a scheme, a path, spaces and a bad port with what to write instead', () => {
    expect(readRegistryHost('https://ghcr.io/v2/')).toEqual({ ok: false, message: 'Write the registry without "https://": just its host and port, e.g. ghcr.io.' })
    expect(readRegistryHost('ghcr.io/me')).toEqual({ ok: false, message: "Write only the registry's host and port, without a path: ghcr.io instead of ghcr.io/me." })
    expect(readRegistryHost('my registry')).toMatchObject({ ok: false })
    expect(readRegistryHost('localhost:99999')).toEqual({ ok: false, message: 'The port 99999 is out of range (1 to 65535).' })
  })

  it('shows the docker login command, quoted for a shell', () => {
    expect(loginCommand(DOCKER_HUB_KEY, 'me')).toBe('docker login -u me')
    expect(loginCommand('localhost:5000', 'me')).toBe('docker login -u me localhost:5000')
  })
})

describe('config.json auth', () => {
  it('encodes base64 "user:password" as the CLI does and reads it back (a password may hold colons)', () => {
    expect(encodeAuth('me', 'a:b')).toBe(Buffer.from('me:a:b').toString('base64'))
    expect(decodeAuth(encodeAuth('me', 'a:b'))).toEqual({ username: 'me', password: 'a:b' })
    expect(decodeAuth(Buffer.from('nocolon').toString('base64'))).toBeNull()
  })
})

describe('where credentials go (GetCredentialsStore, DetectDefaultStore)', () => {
  const bin = mkdtempSync(path.join(os.tmpdir(), 'slipway-unit-bin-'))
  for (const name of ['docker-credential-pass', 'pass', 'docker-credential-secretservice']) {
    writeFileSync(path.join(bin, name), '#!/bin/sh\n')
    chmodSync(path.join(bin, name), 0o755)
  }
  const store = (PATH: string) => new DockerCredentials({ env: { PATH }, homeDir: os.tmpdir(), platform: 'linux' })

  it('credHelpers for the registry first, then credsStore', () => {
    const json = { credsStore: 'desktop', credHelpers: { 'ghcr.io': 'gh' } }
    expect(store(bin).sourceFor('ghcr.io', json)).toEqual({ kind: 'helper', helper: 'gh', from: 'credHelpers' })
    expect(store(bin).sourceFor('quay.io', json)).toEqual({ kind: 'helper', helper: 'desktop', from: 'credsStore' })
  })

  it('with no credentials configured at all, the platform default helper when installed (pass when pass is on PATH), else the file', () => {
    expect(store(bin).sourceFor('x', {})).toEqual({ kind: 'helper', helper: 'pass', from: 'detected' })
    expect(store(bin).sourceFor('x', { auths: {} })).toEqual({ kind: 'helper', helper: 'pass', from: 'detected' })
    expect(store('/nonexistent').sourceFor('x', {})).toEqual({ kind: 'file' })
    // Any auths entry counts as configured: the CLI then keeps using the file.
    expect(store(bin).sourceFor('x', { auths: { other: {} } })).toEqual({ kind: 'file' })
  })
})

describe('push progress', () => {
  it('follows each layer from Preparing through bytes to Pushed, Layer already exists or Mounted from, and keeps the digest', () => {
    const progress: PushProgress = { reference: 'localhost:5000/me/app:1', layers: [], status: '', command: '' }
    const result = { digest: null as string | null }
    const events = [
      { status: 'The push refers to repository [localhost:5000/me/app]' },
      { id: 'aaa', status: 'Preparing', progressDetail: {} },
      { id: 'bbb', status: 'Preparing', progressDetail: {} },
      { id: 'aaa', status: 'Pushing', progressDetail: { current: 512, total: 2048 } },
      { id: 'bbb', status: 'Mounted from me/other', progressDetail: {} },
      { id: 'aaa', status: 'Pushed', progressDetail: {} },
      { status: '1: digest: sha256:' + 'a'.repeat(64) + ' size: 527' },
      { aux: { Tag: '1', Digest: 'sha256:' + 'a'.repeat(64), Size: 527 } }
    ]
    const seen: string[] = []
    for (const event of events) {
      applyPushEvent(progress, event, result)
      seen.push(progress.layers.map((l) => `${l.id}:${l.status}:${l.current}/${l.total}`).join(' '))
    }
    expect(seen[3]).toBe('aaa:Pushing:512/2048 bbb:Preparing:0/0')
    expect(progress.layers).toEqual([
      { id: 'aaa', status: 'Pushed', current: 2048, total: 2048 },
      { id: 'bbb', status: 'Mounted from me/other', current: 0, total: 0 }
    ])
    expect(result.digest).toBe('sha256:' + 'a'.repeat(64))
    expect(progress.status).toMatch(/^1: digest: sha256:a+ size: 527$/)
  })

  it('pushes a tag (":latest" when none), never a digest, and shows the commands', () => {
    expect(pushReference('localhost:5000/me/app')).toBe('localhost:5000/me/app:latest')
    expect(() => pushReference(`me/app@sha256:${'a'.repeat(64)}`)).toThrow(/digest/)
    expect(pushCommand('me/app:1', 'app:1')).toBe('docker tag app:1 me/app:1 && docker push me/app:1')
  })
})

describe('Push to… target', () => {
  it('joins registry and repository, checks the grammar, and asks for a username on Docker Hub', () => {
    expect(pushTarget('localhost:5000', 'me/myfirstapp')).toEqual({ ok: true, reference: 'localhost:5000/me/myfirstapp:latest' })
    expect(pushTarget('', 'me/myfirstapp:1')).toEqual({ ok: true, reference: 'me/myfirstapp:1' })
    expect(pushTarget('', 'myfirstapp')).toEqual({ ok: false, message: 'On Docker Hub a repository is yours under your username: write USERNAME/myfirstapp.' })
    expect(pushTarget('localhost:5000', 'Me/App')).toMatchObject({ ok: false, message: expect.stringContaining('lowercase') })
    expect(pushTarget('http://localhost:5000', 'me/app')).toMatchObject({ ok: false })
    expect(splitForPush('127.0.0.1:5000/me/app:1')).toEqual({ registry: '127.0.0.1:5000', name: 'me/app:1' })
    expect(splitForPush('me/app:1')).toEqual({ registry: '', name: 'me/app:1' })
  })
})
