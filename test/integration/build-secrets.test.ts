// A build with a secret build arg on the real daemon: the engine gets the value, Slipway never shows or
// stores it; every file Slipway keeps in its data folder is 0600 in 0700 folders.
import { chmod, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import type Dockerode from 'dockerode'
import { describe, expect, it } from 'vitest'
import type { BuildProgress, BuildRequest } from '../../src/shared/ipc/channels/build'
import { BuildHistory } from '../../src/main/docker/build/build-history'
import { BuildManager } from '../../src/main/docker/build/manager'
import { DraftStore } from '../../src/main/files/drafts'
import { SettingsStore } from '../../src/main/files/settings'
import { BUSYBOX_IMAGE } from '../support/base-images'
import { requireDaemon } from '../support/daemon'
import { scratch } from '../support/scratch'
import { buildersUnderTest } from '../support/engines/under-test'

const daemon = requireDaemon()
const made = scratch(daemon, 'slipway-test-')
const SECRET = 'tok-4f9a-SECRET-81c2'
const reversed = (text: string) => [...text].reverse().join('')

const tempDir = (prefix: string) => made.folder(prefix)

/** Every file and folder under `dir`, with its mode and (for files) its text. */
async function walk(dir: string): Promise<{ path: string; mode: number; isDir: boolean; text: string }[]> {
  const found: { path: string; mode: number; isDir: boolean; text: string }[] = []
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name)
    const mode = (await stat(full)).mode & 0o777
    if (entry.isDirectory()) found.push({ path: full, mode, isDir: true, text: '' }, ...(await walk(full)))
    else found.push({ path: full, mode, isDir: false, text: await readFile(full, 'utf8') })
  }
  return found
}

describe.skipIf(!daemon)('secret build args', () => {
  const docker = daemon?.docker as Dockerode

  it.each(buildersUnderTest('secret build args'))('reach the engine but never the screen or the data folder (%s builder)', async (builder) => {
    const dataDir = await tempDir('slipway-data-')
    // A data folder and a history from before this rule: readable by everyone.
    await chmod(dataDir, 0o755)
    await mkdir(path.join(dataDir, 'builds'), { mode: 0o755 })
    await writeFile(path.join(dataDir, 'builds', 'history.json'), '[]', { mode: 0o644 })
    await chmod(path.join(dataDir, 'builds'), 0o755)

    const contextDir = await tempDir('slipway-secret-ctx-')
    const dockerfileText = `FROM ${BUSYBOX_IMAGE}\nARG TOKEN\nARG PLAIN\nRUN echo "reversed:$(printf '%s' "$TOKEN" | rev)" && echo "plain:$TOKEN" && echo "visible:$PLAIN"\n`
    await writeFile(path.join(contextDir, 'Dockerfile'), dockerfileText)
    const tag = `slipway-test-secret/${builder}-${Math.random().toString(36).slice(2, 8)}:1`
    made.keep(tag)
    const request: BuildRequest = {
      dockerfileText,
      dockerfilePath: path.join(contextDir, 'Dockerfile'),
      contextDir,
      tags: [tag],
      buildArgs: [
        { name: 'TOKEN', value: SECRET, secret: true },
        { name: 'PLAIN', value: 'not-a-secret' }
      ],
      target: null,
      noCache: true,
      pull: false,
      builder
    }

    const emitted: BuildProgress[] = []
    const manager = new BuildManager({ docker: () => docker, history: new BuildHistory(dataDir), emit: (progress) => emitted.push(progress) })
    const started = await manager.start(request)
    expect(started.request.buildArgs).toEqual([
      { name: 'TOKEN', value: '', secret: true },
      { name: 'PLAIN', value: 'not-a-secret' }
    ])
    const done = await manager.wait(started.id)
    expect(done.status, done.error).toBe('succeeded')

    const detail = await manager.get(started.id)
    const log = detail.log.join('\n')
    // The engine had the real value: the build printed it backwards (masking cannot see that form).
    expect(log).toContain(`reversed:${reversed(SECRET)}`)
    expect(log).toContain('plain:****')
    expect(log).toContain('visible:not-a-secret')
    expect(JSON.stringify(emitted)).not.toContain(SECRET)
    expect(JSON.stringify(await manager.list())).not.toContain(SECRET)

    // The other stores write into the same folder, as the app does.
    await new SettingsStore(dataDir).update({ engineContext: 'default' })
    await new DraftStore(dataDir).save({ text: dockerfileText, filePath: request.dockerfilePath, contextDir, stamp: null, bom: false })

    const entries = await walk(dataDir)
    expect(entries.map((e) => path.relative(dataDir, e.path)).sort()).toEqual(
      ['builds', 'builds/history.json', `builds/${started.id}.log.json`, 'drafts', 'drafts/dockerfile.json', 'settings.json'].sort()
    )
    expect((await stat(dataDir)).mode & 0o777).toBe(0o700)
    for (const entry of entries) {
      expect(entry.mode, path.relative(dataDir, entry.path)).toBe(entry.isDir ? 0o700 : 0o600)
      expect(entry.text, path.relative(dataDir, entry.path)).not.toContain(SECRET)
    }
    const history = JSON.parse(await readFile(path.join(dataDir, 'builds', 'history.json'), 'utf8')) as { request: BuildRequest }[]
    expect(history[0]!.request.buildArgs[0]).toEqual({ name: 'TOKEN', value: '', secret: true })

    // After a restart the history still says which arg was secret, without its value.
    const restarted = await new BuildManager({ docker: () => docker, history: new BuildHistory(dataDir), emit: () => undefined }).get(started.id)
    expect(restarted.record.request.buildArgs[0]).toEqual({ name: 'TOKEN', value: '', secret: true })
    expect(restarted.log.join('\n')).toContain('plain:****')
    manager.dispose()
  }, 180_000)
})
