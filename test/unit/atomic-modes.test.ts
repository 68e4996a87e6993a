// Saving keeps who may read a file: the mode (and, as root, the owner) of the file it replaces,
// or the mode the caller asks for.
import { chmod, chown, mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { writeFileAtomic } from '../../src/main/files/atomic'
import { writeDockerfile } from '../../src/main/files/save'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'slipway-modes-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

const modeOf = async (file: string): Promise<number> => (await stat(file)).mode & 0o7777

describe('writeFileAtomic keeps the permissions of the file it replaces', () => {
  it('a 0600 Dockerfile stays 0600 after Save', async () => {
    const file = path.join(dir, 'Dockerfile')
    await writeFile(file, 'FROM scratch\n')
    await chmod(file, 0o600)
    await writeDockerfile(file, 'FROM busybox\n', false)
    expect(await readFile(file, 'utf8')).toBe('FROM busybox\n')
    expect((await modeOf(file)).toString(8)).toBe('600')
  })

  it('keeps an executable or group-writable mode as it was, whatever the umask', async () => {
    for (const mode of [0o755, 0o664, 0o640, 0o400]) {
      const file = path.join(dir, `f${mode.toString(8)}`)
      await writeFile(file, 'old')
      await chmod(file, mode)
      await writeFileAtomic(file, 'new')
      expect(await readFile(file, 'utf8')).toBe('new')
      expect((await modeOf(file)).toString(8)).toBe(mode.toString(8))
    }
  })

  it('saving through a symbolic link keeps the mode of the file it points to', async () => {
    const target = path.join(dir, 'real.Dockerfile')
    await writeFile(target, 'FROM scratch\n')
    await chmod(target, 0o600)
    await symlink(target, path.join(dir, 'Dockerfile'))
    await writeDockerfile(path.join(dir, 'Dockerfile'), 'FROM busybox\n', false)
    expect(await readFile(target, 'utf8')).toBe('FROM busybox\n')
    expect((await modeOf(target)).toString(8)).toBe('600')
  })

  it('a new file gets the same mode as any new file (0666 less the umask)', async () => {
    const reference = path.join(dir, 'reference')
    await writeFile(reference, '')
    const file = path.join(dir, 'new')
    await writeFileAtomic(file, 'x')
    expect((await modeOf(file)).toString(8)).toBe((await modeOf(reference)).toString(8))
  })

  it('{ mode } sets exactly that mode, on a new file and on an existing wider one', async () => {
    const fresh = path.join(dir, 'fresh.json')
    await writeFileAtomic(fresh, '{}', { mode: 0o600 })
    expect((await modeOf(fresh)).toString(8)).toBe('600')
    const wide = path.join(dir, 'wide.json')
    await writeFile(wide, '{}')
    await chmod(wide, 0o666)
    await writeFileAtomic(wide, '{"a":1}', { mode: 0o600 })
    expect((await modeOf(wide)).toString(8)).toBe('600')
    expect(await readFile(wide, 'utf8')).toBe('{"a":1}')
  })

  const root = process.getuid?.() === 0
  if (!root) console.log('[atomic-modes] not running as root: the owner test needs root to chown, skipped')
  it.skipIf(!root)('as root, a file owned by someone else keeps its owner and group', async () => {
    const file = path.join(dir, 'Dockerfile')
    await writeFile(file, 'FROM scratch\n')
    await chown(file, 65534, 65534)
    await chmod(file, 0o640)
    await writeDockerfile(file, 'FROM busybox\n', false)
    const info = await stat(file)
    expect([info.uid, info.gid, (info.mode & 0o7777).toString(8)]).toEqual([65534, 65534, '640'])
  })
})
