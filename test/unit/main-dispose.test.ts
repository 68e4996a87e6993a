// Quitting the app stops what handler groups started: the registries' background update check (a timer and an
// engine-state subscription) is disposed with the rest of main.
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { UpdateWatch } from '../../src/main/registry/update-watch'
import { startMain } from '../../src/main/services'
import { sourceIndexWorker } from '../support/index-worker'

describe('main services dispose', () => {
  afterEach(() => vi.restoreAllMocks())

  it('runs every cleanup a handler group registered, once, including the update watch', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'slipway-dispose-'))
    try {
      const watchDisposed = vi.spyOn(UpdateWatch.prototype, 'dispose')
      const services = startMain({
        transport: { handle: () => undefined, emit: () => undefined },
        dialogs: { openFile: async () => null, saveFile: async () => null, chooseFolder: async () => null, confirm: async () => 0 },
        dataDir: path.join(dir, 'data'),
        openExternal: async () => undefined,
        appVersion: '0.0.0-test',
        startIndexWorker: sourceIndexWorker,
        env: { PATH: process.env.PATH, DOCKER_HOST: `unix://${path.join(dir, 'no-engine.sock')}` },
        homeDir: dir,
        engineTiming: { healthIntervalMs: 60_000, retryDelaysMs: { first: 60_000, max: 60_000 } }
      })
      const cleanup = vi.fn()
      services.app.onDispose(cleanup)
      expect(watchDisposed).not.toHaveBeenCalled()
      services.dispose()
      expect(watchDisposed).toHaveBeenCalledTimes(1)
      expect(cleanup).toHaveBeenCalledTimes(1)
      services.dispose()
      expect(cleanup).toHaveBeenCalledTimes(1)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
