// Settings and drafts in the data folder: owner-only, and tightened when they were written before this rule.
import { chmod, mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterEach, expect, it } from 'vitest'
import { DraftStore } from '../../src/main/files/drafts'
import { SettingsStore } from '../../src/main/files/settings'

const temps: string[] = []
const modeOf = async (file: string) => (await stat(file)).mode & 0o777

afterEach(async () => {
  await Promise.all(temps.splice(0).map((dir) => rm(dir, { recursive: true, force: true })))
})

async function dataDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'slipway-data-'))
  temps.push(dir)
  return path.join(dir, 'Slipway')
}

it('writes new settings and drafts 0600 in 0700 folders', async () => {
  const dir = await dataDir()
  await new SettingsStore(dir).update({ engineContext: 'default' })
  await new DraftStore(dir).save({ text: 'FROM scratch\n', filePath: null, contextDir: null, stamp: null, bom: false })
  expect(await modeOf(dir)).toBe(0o700)
  expect(await modeOf(path.join(dir, 'drafts'))).toBe(0o700)
  expect(await modeOf(path.join(dir, 'settings.json'))).toBe(0o600)
  expect(await modeOf(path.join(dir, 'drafts', 'dockerfile.json'))).toBe(0o600)
})

it('tightens files and folders that others could read', async () => {
  const dir = await dataDir()
  await mkdir(path.join(dir, 'drafts'), { recursive: true })
  await writeFile(path.join(dir, 'settings.json'), '{}', { mode: 0o644 })
  await writeFile(path.join(dir, 'drafts', 'dockerfile.json'), '{}', { mode: 0o666 })
  await chmod(path.join(dir, 'drafts', 'dockerfile.json'), 0o666)
  await chmod(path.join(dir, 'drafts'), 0o755)
  await chmod(dir, 0o755)
  await new SettingsStore(dir).update({ engineContext: null })
  await new DraftStore(dir).save({ text: 'FROM scratch\n', filePath: null, contextDir: null, stamp: null, bom: false })
  expect(await modeOf(dir)).toBe(0o700)
  expect(await modeOf(path.join(dir, 'drafts'))).toBe(0o700)
  expect(await modeOf(path.join(dir, 'settings.json'))).toBe(0o600)
  expect(await modeOf(path.join(dir, 'drafts', 'dockerfile.json'))).toBe(0o600)
})
