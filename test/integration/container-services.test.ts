// The container services behind the handlers, called without IPC: main's own question is computed from
// the engine, and nothing happens on the engine unless the person agreed.
import os from 'node:os'
import { afterAll, describe, expect, it } from 'vitest'
import { removeAfterConfirm } from '../../src/main/docker/containers/remove'
import { replaceRequested, type RunRequestContext } from '../../src/main/docker/containers/run-request'
import { requireOfferedLink } from '../../src/main/docker/containers/links'
import { runContainer } from '../../src/main/docker/run'
import { HostGrants } from '../../src/main/grants'
import { emptyRunOptions, type RunOptions } from '../../src/shared/docker/run-command'
import { BUSYBOX_IMAGE } from '../support/base-images'
import { requireDaemon, TEST_LABEL } from '../support/daemon'
import { scriptedDialogs } from '../support/scripted-dialogs'

const daemon = requireDaemon()
const U = `${process.pid}-${Date.now().toString(36)}`

describe.skipIf(!daemon)('container services without IPC', () => {
  const docker = daemon!.docker
  const made: string[] = []
  const options = (name: string, overrides: Partial<RunOptions> = {}): RunOptions => ({
    ...emptyRunOptions(BUSYBOX_IMAGE),
    name: `${name}-${U}`,
    command: ['sleep', '60'],
    labels: [{ key: TEST_LABEL, value: '1' }],
    ...overrides
  })
  const exists = (id: string) =>
    docker
      .getContainer(id)
      .inspect()
      .then(
        () => true,
        () => false
      )

  afterAll(async () => {
    await Promise.all(made.map((id) => docker.getContainer(id).remove({ force: true }).catch(() => undefined)))
  })

  it('removes a container only once the person agrees, asking in words from the engine', async () => {
    const { id } = await runContainer(docker, options('svc-remove'))
    made.push(id)
    const dialogs = scriptedDialogs({ confirm: () => 1 })
    expect(await removeAfterConfirm(docker, dialogs, id)).toBe(false)
    expect(await exists(id)).toBe(true)
    expect(dialogs.confirms).toEqual([
      {
        message: `Remove container "svc-remove-${U}"?`,
        detail: 'It is running: Slipway stops it first. Files written inside the container are lost; the image and named volumes stay.',
        buttons: ['Remove', 'Cancel'],
        boundary: true
      }
    ])
    expect(await removeAfterConfirm(docker, scriptedDialogs({ confirm: () => 0 }), id)).toBe(true)
    expect(await exists(id)).toBe(false)
  })

  it('replaces nothing when the person does not agree, and says what replacing a self-removing container costs', async () => {
    const { id } = await runContainer(docker, options('svc-replace', { autoRemove: true }))
    made.push(id)
    const dialogs = scriptedDialogs()
    const context: RunRequestContext = { docker, engineIsLocal: true, grants: new HostGrants({ dialogs, homeDir: os.tmpdir(), engineSockets: () => [] }), dialogs }
    expect(await replaceRequested(context, id, options('svc-replace', { autoRemove: true, env: [{ key: 'A', value: '1' }] }))).toBeNull()
    expect(dialogs.confirms.map((c) => c.detail)).toEqual([
      `Slipway stops "svc-replace-${U}" (it removes itself when stopped), then runs the new container. Files written inside the old container are lost.`
    ])
    const info = await docker.getContainer(id).inspect()
    expect(info.State.Running).toBe(true)
    expect(info.Config.Env).not.toContain('A=1')
  })

  it('opens no link for an engine on another machine, without asking that engine', async () => {
    const engine = {
      state: { status: 'connected', endpoint: { host: 'tcp://10.1.2.3:2375', source: 'env' }, engine: {}, attempts: [] } as never,
      docker: () => {
        throw new Error('the engine was asked')
      }
    }
    await expect(requireOfferedLink(engine, 'http://localhost:8080')).rejects.toThrow(
      'The engine runs on another machine (tcp://10.1.2.3:2375), so the ports its containers publish are open there, not here; Slipway does not open links to them. Refused http://localhost:8080.'
    )
  })
})
