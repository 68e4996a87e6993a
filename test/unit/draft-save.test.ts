// A draft is written by the page, and the page is not trusted: a path inside a draft must not become
// writable just because the draft was read back. Only a native dialog (Open, Save As, a template's
// folder) makes a path writable; a restored draft's path needs main's own "Save to <path>?" first.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Dialogs } from '../../src/main/dialogs'
import { startMain, type MainServices } from '../../src/main/services'
import type { RequestHandler, Transport } from '../../src/main/transport'
import { toChunks } from '../../src/shared/ipc/channels/dockerfile'
import type { Envelope } from '../../src/shared/ipc/errors'
import { sourceIndexWorker } from '../support/index-worker'

let dir: string
let services: MainServices | null = null

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'slipway-draft-save-'))
})
afterEach(async () => {
  services?.dispose()
  services = null
  await rm(dir, { recursive: true, force: true })
})

/** The real main side (no engine needed for files), called by wire name as the page calls it. */
function startWith(dialogs: Partial<Dialogs>, dataDir = path.join(dir, 'data')) {
  const routes = new Map<string, RequestHandler>()
  const transport: Transport = { handle: (channel, handler) => routes.set(channel, handler), emit: () => undefined }
  const confirms: string[] = []
  services = startMain({
    transport,
    dialogs: {
      openFile: async () => null,
      saveFile: async () => null,
      chooseFolder: async () => null,
      ...dialogs,
      confirm: async (o) => {
        confirms.push(`${o.message}\n${o.detail ?? ''}`)
        return dialogs.confirm ? dialogs.confirm(o) : o.buttons.length - 1
      }
    },
    dataDir,
    openExternal: async () => undefined,
    appVersion: '0.0.0-test',
    startIndexWorker: sourceIndexWorker,
    env: { PATH: process.env.PATH, DOCKER_HOST: `unix://${path.join(dir, 'no-engine.sock')}` },
    homeDir: dir,
    engineTiming: { healthIntervalMs: 60_000, retryDelaysMs: { first: 60_000, max: 60_000 } }
  })
  const call = async (wire: string, input: unknown): Promise<Envelope> => routes.get(wire)!(input, { trusted: true, description: 'test' })
  return { call, confirms }
}

const draftOf = (filePath: string) => ({ text: toChunks('FROM evil\n'), filePath, contextDir: path.dirname(filePath), stamp: null, bom: false })
const saveOf = (filePath: string, text = '# pwned\n') => ({ path: filePath, text: toChunks(text), expected: null, bom: false })

describe('a restored draft\'s path', () => {
  it('is not writable without asking: main asks "Save to <path>?" and, refused, leaves the file alone', async () => {
    const victim = path.join(dir, 'bashrc')
    await writeFile(victim, 'alias ls="ls --color"\n')
    const { call, confirms } = startWith({})
    expect((await call('dockerfile.saveDraft', draftOf(victim))).ok).toBe(true)
    const loaded = await call('dockerfile.loadDraft', {})
    expect(loaded).toMatchObject({ ok: true, value: { filePath: victim } })

    const saved = await call('dockerfile.save', saveOf(victim))
    expect(saved).toEqual({ ok: true, value: { status: 'cancelled' } })
    expect(await readFile(victim, 'utf8')).toBe('alias ls="ls --color"\n')
    expect(confirms).toHaveLength(1)
    expect(confirms[0]).toContain(`Save to ${victim}?`)
  })

  it('is saved after the person agrees, and later saves do not ask again', async () => {
    const file = path.join(dir, 'Dockerfile')
    await writeFile(file, 'FROM old\n')
    const { call, confirms } = startWith({ confirm: async () => 0 })
    await call('dockerfile.saveDraft', draftOf(file))
    await call('dockerfile.loadDraft', {})
    expect(await call('dockerfile.save', saveOf(file, 'FROM restored\n'))).toMatchObject({ ok: true, value: { status: 'saved' } })
    expect(await readFile(file, 'utf8')).toBe('FROM restored\n')
    expect(await call('dockerfile.save', saveOf(file, 'FROM again\n'))).toMatchObject({ ok: true, value: { status: 'saved' } })
    expect(await readFile(file, 'utf8')).toBe('FROM again\n')
    expect(confirms).toHaveLength(1)
  })

  it('stays refused for any other path, without a prompt the page could use to nag', async () => {
    const victim = path.join(dir, 'authorized_keys')
    await writeFile(victim, 'ssh-ed25519 AAAA mine\n')
    const { call, confirms } = startWith({ confirm: async () => 0 })
    await call('dockerfile.saveDraft', draftOf(path.join(dir, 'Dockerfile')))
    await call('dockerfile.loadDraft', {})
    const saved = await call('dockerfile.save', saveOf(victim))
    expect(saved).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    expect(await readFile(victim, 'utf8')).toBe('ssh-ed25519 AAAA mine\n')
    expect(confirms).toEqual([])
  })

  it('a draft written in one session and read in the next does not make its path writable either', async () => {
    const victim = path.join(dir, 'profile')
    await writeFile(victim, 'export PATH\n')
    const dataDir = path.join(dir, 'data')
    const first = startWith({}, dataDir)
    await first.call('dockerfile.saveDraft', draftOf(victim))
    services!.dispose()
    const second = startWith({}, dataDir)
    await second.call('dockerfile.loadDraft', {})
    expect(await second.call('dockerfile.save', saveOf(victim))).toEqual({ ok: true, value: { status: 'cancelled' } })
    expect(await readFile(victim, 'utf8')).toBe('export PATH\n')
  })
})
