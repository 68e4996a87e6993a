// ssh:// engines through the real main-side wiring (startMain) against a real OpenSSH server on 127.0.0.1
// whose sessions reach the test daemon: the host key is checked against the temp home's known_hosts, a new
// host is put to the person natively with ssh's fingerprint, a changed key is refused without a question.
import { lstat, mkdtemp, readFile, readdir, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { MainServices } from '../../src/main/services'
import type { ConnectionState } from '../../src/shared/ipc/channels/engine'
import type { ImageList } from '../../src/shared/ipc/channels/images'
import type { ImageFilesSummary } from '../../src/shared/ipc/channels/layers'
import type { OperationSnapshot } from '../../src/shared/ipc/channels/operations'
import { BUSYBOX_IMAGE } from '../support/base-images'
import { requireDaemon } from '../support/daemon'
import { startMainUnderTest } from '../support/faults/handlers'
import { scriptedDialogs, type ConfirmOptions } from '../support/scripted-dialogs'
import { makeClientKey, sshdSkipReason, startSshd, type TestSshd } from '../support/sshd'

const daemon = requireDaemon()
const skipReason = sshdSkipReason()
if (skipReason) console.warn(`[slipway tests] skipping ssh:// engine tests: ${skipReason}`)

const U = `${process.pid}-${Date.now().toString(36)}`
const MARK_REPO = `slipway-test/over-ssh-${U}`

interface App {
  services: MainServices
  questions: ConfirmOptions[]
  call<T>(wire: string, input: unknown): Promise<T>
  waitForSettled(): Promise<ConnectionState>
  dispose(): void
}

/** The main side as the Electron main builds it, with a scripted native confirm that answers `answer`. */
async function startApp(home: string, dockerHost: string, answer: 'trust' | 'cancel'): Promise<App> {
  const dialogs = scriptedDialogs({ confirm: (options) => (answer === 'trust' ? 0 : options.buttons.length - 1) })
  // No SSH_AUTH_SOCK: the client key in the temp home is the only way in.
  const main = await startMainUnderTest(dockerHost, {
    homeDir: home,
    dialogs,
    waitForConnection: false,
    engineTiming: { healthIntervalMs: 60_000, retryDelaysMs: { first: 300, max: 600 } }
  })
  const { services } = main
  return {
    services,
    questions: dialogs.confirms,
    call: (wire, input) => main.value(wire, input),
    async waitForSettled() {
      await expect.poll(() => services.app.engine.state.status, { timeout: 30_000 }).not.toBe('connecting')
      return services.app.engine.state
    },
    dispose: () => void main.dispose()
  }
}

/** The key blob of a .pub line, base64, as known_hosts holds it. */
const keyOf = (publicKeyLine: string) => publicKeyLine.trim().split(/\s+/)[1]!

describe.skipIf(!daemon || skipReason)('ssh:// engines: host keys checked as ssh does', () => {
  let sshd: TestSshd
  let home: string
  let knownHosts: string
  const apps: App[] = []
  const app = async (h: string, answer: 'trust' | 'cancel') => {
    const started = await startApp(h, sshd.dockerHost, answer)
    apps.push(started)
    return started
  }

  beforeAll(async () => {
    home = await mkdtemp(path.join(os.tmpdir(), 'slipway-ssh-home-'))
    knownHosts = path.join(home, '.ssh', 'known_hosts')
    sshd = await startSshd({ authorizedKey: await makeClientKey(home), engineHost: daemon!.dockerHost })
    // An image only this test names, to see that the list really comes from the engine behind sshd.
    await daemon!.docker.getImage(BUSYBOX_IMAGE).tag({ repo: MARK_REPO, tag: '1' })
  }, 60_000)

  afterAll(async () => {
    for (const a of apps) a.dispose()
    await sshd?.stop()
    await daemon?.docker.getImage(`${MARK_REPO}:1`).remove().catch(() => undefined)
    await rm(home, { recursive: true, force: true })
  })

  it('asks about an unknown host with the fingerprint ssh prints, then connects, lists images and remembers the key', async () => {
    const first = await app(home, 'trust')
    const state = await first.waitForSettled()
    expect(state, JSON.stringify(state)).toMatchObject({ status: 'connected', endpoint: { host: sshd.dockerHost, source: 'DOCKER_HOST' } })

    expect(first.questions).toHaveLength(1)
    const [question] = first.questions
    expect(question!.message).toBe(`Trust the SSH host 127.0.0.1 (port ${sshd.port})?`)
    expect(question!.detail).toContain(`ED25519 key fingerprint is:\n\n${sshd.hostKeyFingerprint()}\n`)
    expect(question!.buttons).toEqual(['Trust and Connect', 'Cancel'])

    const { images } = await first.call<ImageList>('images.list', {})
    expect(images.flatMap((image) => image.tags)).toContain(`${MARK_REPO}:1`)

    expect(await readFile(knownHosts, 'utf8')).toBe(`[127.0.0.1]:${sshd.port} ssh-ed25519 ${keyOf(await sshd.hostPublicKey())}\n`)
    expect((await lstat(path.dirname(knownHosts))).mode & 0o777).toBe(0o700)
    expect((await lstat(knownHosts)).mode & 0o777).toBe(0o600)
  }, 60_000)

  it('connects again without asking once the key is known', async () => {
    const second = await app(home, 'cancel')
    expect(await second.waitForSettled()).toMatchObject({ status: 'connected' })
    expect(second.questions).toEqual([])
    const retried = await second.call<ConnectionState>('engine.retry', {})
    expect(retried.status).toBe('connected')
    expect(second.questions).toEqual([])
  }, 60_000)

  it("reads an image's files over ssh: the main thread passes the export on to the index worker", async () => {
    const reader = await app(home, 'cancel')
    expect(await reader.waitForSettled()).toMatchObject({ status: 'connected' })
    const started = await reader.call<OperationSnapshot<'layers'>>('layers.index', { image: `${MARK_REPO}:1` })
    const ended = await reader.services.app.operations.wait(started.id)
    expect(ended.state, ended.error ?? '').toBe('finished')
    const inspect = await daemon!.docker.getImage(`${MARK_REPO}:1`).inspect()
    const summary = await reader.call<ImageFilesSummary>('layers.summary', { imageId: inspect.Id })
    expect(summary.layers.map((layer) => layer.digest)).toEqual(inspect.RootFS.Layers)
    expect(summary.layers.reduce((files, layer) => files + layer.added, 0)).toBeGreaterThan(100)
  }, 60_000)

  it('refuses a changed host key with what it means and which line to remove, without asking', async () => {
    const before = await readFile(knownHosts, 'utf8')
    const oldFingerprint = sshd.hostKeyFingerprint()
    const connected = apps.at(-1)!
    await sshd.replaceHostKey()
    // Every request checks the key again: an app that connected before the change gets no answer through it.
    await expect(connected.call<ImageList>('images.list', {})).rejects.toThrow()
    const third = await app(home, 'trust')
    const state = await third.waitForSettled()
    expect(third.questions).toEqual([])
    expect(state.status).toBe('disconnected')
    if (state.status !== 'disconnected') return
    expect(state.error).toBe(
      `The SSH host key of 127.0.0.1 (port ${sshd.port}) has changed, so Slipway did not connect. ` +
        `It now shows ED25519 ${sshd.hostKeyFingerprint()}, not the ED25519 key ${oldFingerprint} remembered at line 1 of ${knownHosts}. ` +
        'Either the machine was reinstalled or its key replaced, or someone between you and it is pretending to be it.'
    )
    expect(state.hint).toContain(`remove line 1 of ${knownHosts} (\`ssh-keygen -R "[127.0.0.1]:${sshd.port}"\` does it)`)
    expect(() => third.services.app.engine.docker()).toThrow(/Not connected/)
    // Still refused when Retry is pressed, and known_hosts is left as it was.
    expect((await third.call<ConnectionState>('engine.retry', {})).status).toBe('disconnected')
    expect(third.questions).toEqual([])
    expect(await readFile(knownHosts, 'utf8')).toBe(before)
  }, 60_000)

  it('does not connect or write anything when the person declines, and waits for Retry instead of retrying on a timer', async () => {
    const freshHome = await mkdtemp(path.join(os.tmpdir(), 'slipway-ssh-home-'))
    try {
      await sshd.stop().catch(() => undefined)
      sshd = await startSshd({ authorizedKey: await makeClientKey(freshHome), engineHost: daemon!.dockerHost })
      const declined = await app(freshHome, 'cancel')
      const state = await declined.waitForSettled()
      expect(declined.questions).toHaveLength(1)
      expect(state.status).toBe('disconnected')
      if (state.status !== 'disconnected') return
      expect(state.error).toBe(
        `You did not trust the SSH host key of 127.0.0.1 (port ${sshd.port}) (ED25519 ${sshd.hostKeyFingerprint()}), so Slipway did not connect.`
      )
      expect(state.hint).toBe('Press Retry to see the key again, or pick another engine.')
      expect(state.nextRetryAt).toBeNull()
      // Longer than two automatic retries (300 and 600 ms) would take: none happens, nobody is asked again.
      await new Promise((r) => setTimeout(r, 1500))
      expect(declined.questions).toHaveLength(1)
      expect(declined.services.app.engine.state.status).toBe('disconnected')
      expect((await readdir(path.join(freshHome, '.ssh'))).sort()).toEqual(['id_ed25519', 'id_ed25519.pub'])
    } finally {
      await rm(freshHome, { recursive: true, force: true })
    }
  }, 60_000)
})
