// The build context's size and its largest folders, as the build options show them before a large
// context is sent: counted after .dockerignore (exceptions included), in the bytes Docker sends.
// Big files are sparse (truncate): the size counted is their length, which is what the tar carries.
import { mkdir, mkdtemp, rm, stat, truncate, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { ignorePatternFor, largestFolders, packContext, walkContext } from '../../src/main/docker/build/context'

const MB = 1000 * 1000
const temps: string[] = []

afterAll(async () => {
  await Promise.all(temps.map((dir) => rm(dir, { recursive: true, force: true })))
})

/** Files by relative path: a number makes a sparse file of that many bytes, a string a small text file. */
async function contextWith(files: Record<string, number | string>): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'slipway-ctx-size-'))
  temps.push(dir)
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name)
    await mkdir(path.dirname(file), { recursive: true })
    if (typeof content === 'number') {
      await writeFile(file, '')
      await truncate(file, content)
    } else {
      await writeFile(file, content)
    }
  }
  return dir
}

describe('build context size and largest folders', () => {
  it('lists the largest folders biggest first, a sub-folder only when it holds most (not all) of its parent, and counts no ignored file', async () => {
    const dir = await contextWith({
      'media/videos/intro.mp4': 90 * MB,
      'media/videos/outro.mp4': 30 * MB,
      'media/thumbs/a.png': 30 * MB,
      'node_modules/pkg-a/blob.bin': 50 * MB,
      'node_modules/pkg-b/blob.bin': 30 * MB,
      'app.py': 'print("hi")\n',
      'big-root-file.iso': 10 * MB,
      // Ignored, except one file kept by an exception.
      'cache/huge.bin': 400 * MB,
      'cache/keep.txt': 'kept\n',
      // As in Docker, `*.log` matches at the top of the context only; `**/*.tmp` at any depth.
      'debug.log': 40 * MB,
      'logs/today.log': 1 * MB,
      'media/videos/render.tmp': 200 * MB,
      '.dockerignore': '# build junk\ncache\n!cache/keep.txt\n*.log\n**/*.tmp\n'
    })
    const walked = await walkContext(dir)
    const dockerignoreBytes = '# build junk\ncache\n!cache/keep.txt\n*.log\n**/*.tmp\n'.length
    const expectedBytes = 150 * MB + 80 * MB + 'print("hi")\n'.length + 10 * MB + 'kept\n'.length + 1 * MB + dockerignoreBytes
    expect(walked.bytes).toBe(expectedBytes)
    expect(walked.files).toBe(10)
    expect(walked.entries.map((e) => e.name)).not.toContain('debug.log')
    expect(walked.entries.map((e) => e.name)).toContain('logs/today.log')
    expect(largestFolders(walked)).toEqual([
      { path: 'media', pattern: 'media', bytes: 150 * MB, files: 3 },
      { path: 'media/videos', pattern: 'media/videos', bytes: 120 * MB, files: 2 },
      { path: 'node_modules', pattern: 'node_modules', bytes: 80 * MB, files: 2 },
      { path: 'node_modules/pkg-a', pattern: 'node_modules/pkg-a', bytes: 50 * MB, files: 1 },
      { path: 'logs', pattern: 'logs', bytes: 1 * MB, files: 1 },
      { path: 'cache', pattern: 'cache', bytes: 'kept\n'.length, files: 1 }
    ])
    // media/thumbs (30 MB of 150) and node_modules/pkg-b (30 of 80) are not the better thing to ignore.
  })

  it('the bytes counted are the bytes the packed context carries for the files (a sparse file is sent whole)', async () => {
    const dir = await contextWith({ 'data/sparse.bin': 12 * MB, 'data/small.txt': 'small\n' })
    expect((await stat(path.join(dir, 'data/sparse.bin'))).blocks).toBeLessThan(100)
    const walked = await walkContext(dir)
    expect(walked.bytes).toBe(12 * MB + 6)
    const packed = packContext(walked, 'FROM scratch\n')
    let tarBytes = 0
    for await (const chunk of packed.stream) tarBytes += (chunk as Buffer).length
    await packed.done
    // The tar adds a 512-byte header per entry, padding to 512 bytes, and the end blocks.
    expect(tarBytes).toBeGreaterThanOrEqual(walked.bytes)
    expect(tarBytes - walked.bytes).toBeLessThan(16 * 1024)
  })

  it('after adding the largest folders to .dockerignore, they are neither counted nor listed', async () => {
    const dir = await contextWith({ 'media/videos/intro.mp4': 120 * MB, 'node_modules/pkg/blob.bin': 60 * MB, 'src/app.py': 'x\n', '.dockerignore': 'secret.env\n' })
    const before = await walkContext(dir)
    // A sub-folder holding all of its parent is not offered as well.
    expect(largestFolders(before).map((f) => f.path)).toEqual(['media', 'node_modules', 'src'])
    await writeFile(path.join(dir, '.dockerignore'), 'secret.env\nmedia\nnode_modules\n')
    const after = await walkContext(dir)
    expect(after.bytes).toBe(2 + 'secret.env\nmedia\nnode_modules\n'.length)
    expect(largestFolders(after)).toEqual([{ path: 'src', pattern: 'src', bytes: 2, files: 1 }])
  })

  it('offers a .dockerignore line that leaves out exactly the folder, even when its name holds pattern characters', async () => {
    const names = ['weird[1]', '#notes', '!keep', 'st*ar', 'what?', 'back\\slash']
    const lookAlikes = ['weird1', 'stXar', 'whatX']
    const files: Record<string, number> = {}
    for (const name of [...names, ...lookAlikes]) files[`${name}/blob.bin`] = 2 * MB
    const dir = await contextWith(files)
    const offered = largestFolders(await walkContext(dir), 20)
    expect(offered.map((f) => f.path).sort()).toEqual([...names, ...lookAlikes].sort())
    await writeFile(path.join(dir, '.dockerignore'), `${offered.filter((f) => names.includes(f.path)).map((f) => f.pattern).join('\n')}\n`)
    const after = await walkContext(dir)
    expect(after.entries.filter((e) => e.type === 'file' && e.name !== '.dockerignore').map((e) => e.name).sort()).toEqual(lookAlikes.map((name) => `${name}/blob.bin`).sort())
  })

  it('on Windows, where Docker has no escape character, a pattern character becomes ? (one character)', () => {
    expect(ignorePatternFor('weird[1]', 'win32')).toBe('weird?1?')
    expect(ignorePatternFor('node_modules', 'win32')).toBe('node_modules')
    expect(ignorePatternFor('#notes', 'linux')).toBe('\\#notes')
  })
})
