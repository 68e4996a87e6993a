import { mkdir, mkdtemp, readFile, readdir, rm, symlink, utimes, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { inspectContext, type InspectOptions } from '../../src/main/docker/build/context'
import { DraftStore } from '../../src/main/files/drafts'
import { readDockerfile } from '../../src/main/files/read'
import { checkDiskChange, writeDockerfile } from '../../src/main/files/save'
import { existingTemplateFiles, findTemplatesDir, getTemplate, listTemplates, writeTemplate } from '../../src/main/files/templates'
import { dockerfileHandlers } from '../../src/main/handlers/dockerfile'
import type { AppServices } from '../../src/main/app-services'
import type { Dialogs } from '../../src/main/dialogs'
import { HostGrants } from '../../src/main/grants'
import { toChunks } from '../../src/shared/ipc/channels/dockerfile'
import { lintDockerfile, parseDockerfile } from '../../src/shared/dockerfile'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'slipway-files-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('reading a Dockerfile', () => {
  it('reads UTF-8 text with its stamp, and keeps a byte order mark for saving', async () => {
    const file = path.join(dir, 'Dockerfile')
    await writeFile(file, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('FROM debian:bookworm\n# café\n')]))
    const opened = await readDockerfile(file)
    expect(opened.text).toBe('FROM debian:bookworm\n# café\n')
    expect(opened.bom).toBe(true)
    expect(opened.stamp.hash).toMatch(/^[0-9a-f]{64}$/)
    await writeDockerfile(file, opened.text, opened.bom)
    expect((await readFile(file))[0]).toBe(0xef)
  })

  it('refuses files over 5 MB with the size in the message', async () => {
    const file = path.join(dir, 'Dockerfile')
    await writeFile(file, Buffer.alloc(5 * 1024 * 1024 + 1, 0x41))
    await expect(readDockerfile(file)).rejects.toThrow(/is 5,242,881 bytes; Slipway opens Dockerfiles up to 5 MB \(5,242,880 bytes\)/)
  })

  it('refuses text that is not UTF-8, and binary files, saying what to do', async () => {
    const latin1 = path.join(dir, 'latin1')
    await writeFile(latin1, Buffer.from('FROM debian\n# caf\xe9\n', 'latin1'))
    await expect(readDockerfile(latin1)).rejects.toThrow(/not UTF-8 text.*convert it/)
    const binary = path.join(dir, 'binary')
    await writeFile(binary, Buffer.from([0x46, 0x00, 0x01]))
    await expect(readDockerfile(binary)).rejects.toThrow(/binary file/)
  })

  it('says when the file is missing, a folder, or unreadable', async () => {
    await expect(readDockerfile(path.join(dir, 'nope'))).rejects.toMatchObject({ code: 'not-found', message: expect.stringMatching(/does not exist any more/) })
    await expect(readDockerfile(dir)).rejects.toThrow(/is a folder, not a file/)
    if (process.getuid?.() !== 0) {
      const locked = path.join(dir, 'locked')
      await writeFile(locked, 'FROM x\n', { mode: 0o000 })
      await expect(readDockerfile(locked)).rejects.toThrow(/permission to read/)
    }
  })
})

describe('saving', () => {
  it('writes atomically, leaving no temp files, and returns a stamp that matches the disk', async () => {
    const file = path.join(dir, 'Dockerfile')
    await writeFile(file, 'FROM old\n')
    const stamp = await writeDockerfile(file, 'FROM new\n', false)
    expect(await readFile(file, 'utf8')).toBe('FROM new\n')
    expect(await readdir(dir)).toEqual(['Dockerfile'])
    expect(await checkDiskChange(file, stamp)).toEqual({ kind: 'unchanged' })
  })

  it('notices a change made by another program since the file was read, but not a mere touch', async () => {
    const file = path.join(dir, 'Dockerfile')
    await writeFile(file, 'FROM a\n')
    const opened = await readDockerfile(file)
    const later = new Date(Date.now() + 5000)
    await utimes(file, later, later)
    expect(await checkDiskChange(file, opened.stamp)).toEqual({ kind: 'unchanged' })
    await writeFile(file, 'FROM b\n')
    await utimes(file, later, later)
    expect((await checkDiskChange(file, opened.stamp)).kind).toBe('modified')
    await rm(file)
    expect(await checkDiskChange(file, opened.stamp)).toEqual({ kind: 'deleted' })
  })
})

function handlersWith(dialogs: Partial<Dialogs>) {
  const calls: string[] = []
  const all: Dialogs = {
    openFile: async () => null,
    saveFile: async () => null,
    chooseFolder: async () => null,
    confirm: async (o) => o.buttons.length - 1,
    ...dialogs
  }
  const recorded: Dialogs = {
    openFile: (o) => (calls.push('openFile'), all.openFile(o)),
    saveFile: (o) => (calls.push('saveFile'), all.saveFile(o)),
    chooseFolder: (o) => (calls.push('chooseFolder'), all.chooseFolder(o)),
    confirm: (o) => (calls.push(`confirm:${o.message}`), all.confirm(o))
  }
  const grants = new HostGrants({ dialogs: recorded, homeDir: path.join(dir, 'home'), engineSockets: () => [] })
  const app = { dialogs: recorded, grants, dataDir: path.join(dir, 'data') } as unknown as AppServices
  return { handlers: dockerfileHandlers(app), calls }
}

describe('the dockerfile handlers', () => {
  it('asks before overwriting a file that changed on disk, and keeps the other version on Cancel', async () => {
    const file = path.join(dir, 'Dockerfile')
    await writeFile(file, 'FROM a\n')
    let answer = 2
    const { handlers, calls } = handlersWith({ openFile: async () => file, confirm: async () => answer })
    const opened = (await handlers.open({}))!
    await writeFile(file, 'FROM theirs\n')
    const later = new Date(Date.now() + 5000)
    await utimes(file, later, later)
    const cancelled = await handlers.save({ path: file, text: toChunks('FROM mine\n'), expected: opened.stamp, bom: false })
    expect(cancelled).toEqual({ status: 'cancelled' })
    expect(await readFile(file, 'utf8')).toBe('FROM theirs\n')
    expect(calls.at(-1)).toMatch(/^confirm:Dockerfile changed on disk since you opened it/)
    answer = 0
    const saved = await handlers.save({ path: file, text: toChunks('FROM mine\n'), expected: opened.stamp, bom: false })
    expect(saved.status).toBe('saved')
    expect(await readFile(file, 'utf8')).toBe('FROM mine\n')
  })

  it('saves without asking when nothing changed, and refuses paths it never opened', async () => {
    const file = path.join(dir, 'Dockerfile')
    await writeFile(file, 'FROM a\n')
    const { handlers, calls } = handlersWith({ openFile: async () => file })
    const opened = (await handlers.open({}))!
    const saved = await handlers.save({ path: file, text: toChunks('FROM b\n'), expected: opened.stamp, bom: false })
    expect(saved.status).toBe('saved')
    expect(calls).toEqual(['openFile'])
    await expect(handlers.save({ path: path.join(dir, 'other'), text: toChunks('x'), expected: null, bom: false })).rejects.toMatchObject({ code: 'forbidden' })
  })

  it('writes a template into the chosen folder and asks before replacing existing files', async () => {
    const folder = path.join(dir, 'app')
    await mkdir(folder)
    await writeFile(path.join(folder, 'app.py'), 'mine\n')
    const { handlers, calls } = handlersWith({ chooseFolder: async () => folder })
    expect(await handlers.createFromTemplate({ id: 'python-flask' })).toBeNull()
    expect(await readFile(path.join(folder, 'app.py'), 'utf8')).toBe('mine\n')
    expect(calls.at(-1)).toMatch(/^confirm:app\.py already exists in /)
    await rm(path.join(folder, 'app.py'))
    const opened = (await handlers.createFromTemplate({ id: 'python-flask' }))!
    expect(opened.path).toBe(path.join(folder, 'Dockerfile'))
    expect((await readdir(folder)).sort()).toEqual(['.dockerignore', 'Dockerfile', 'app.py', 'requirements.txt'])
  })
})

describe('drafts', () => {
  it('keeps the latest draft and gives it back; a broken draft file is no draft', async () => {
    const store = new DraftStore(dir)
    expect(await store.load()).toBeNull()
    await store.save({ text: 'FROM a\n', filePath: null, contextDir: null, stamp: null, bom: false }, 1000)
    await store.save({ text: 'FROM b\n', filePath: '/x/Dockerfile', contextDir: '/x', stamp: null, bom: false }, 2000)
    expect(await store.load()).toEqual({ text: 'FROM b\n', filePath: '/x/Dockerfile', contextDir: '/x', stamp: null, bom: false, savedAt: 2000 })
    await writeFile(path.join(dir, 'drafts', 'dockerfile.json'), '{"text": ')
    expect(await store.load()).toBeNull()
    await store.clear()
    expect(await store.load()).toBeNull()
  })
})

/** The context as BuildKit (the default builder) sends it, the Dockerfile's folder readable. */
const listBuildContext = (root: string, dockerfilePath: string | null, options: Partial<InspectOptions> = {}) =>
  inspectContext(root, { builder: 'buildkit', dockerfilePath, dockerfileDirReadable: true, ...options })

describe('build context listing', () => {
  async function makeContext(files: Record<string, string>) {
    for (const [name, content] of Object.entries(files)) {
      await mkdir(path.dirname(path.join(dir, name)), { recursive: true })
      await writeFile(path.join(dir, name), content)
    }
  }

  it('honours .dockerignore like BuildKit: exclusions, exceptions, whole folders, the Dockerfile and .dockerignore themselves', async () => {
    await makeContext({
      Dockerfile: 'FROM x\n',
      '.dockerignore': '# comment\nnode_modules\n*.log\n!keep.log\ndocs/**\n!docs/README.md\nDockerfile\n.dockerignore\n',
      'app.py': '12345',
      'keep.log': '12',
      'debug.log': '123456789',
      'sub/trace.log': '1',
      'node_modules/a/index.js': 'x'.repeat(100),
      'docs/guide.md': 'abc',
      'docs/README.md': 'abcd'
    })
    const listing = await listBuildContext(dir, path.join(dir, 'Dockerfile'))
    expect([...listing.files].sort()).toEqual(['app.py', 'docs/README.md', 'keep.log', 'sub/trace.log'])
    expect(listing.ignored).toEqual(expect.arrayContaining(['debug.log', 'docs/guide.md', 'Dockerfile', '.dockerignore']))
    expect(listing.ignoreFile).toEqual({ path: path.join(dir, '.dockerignore'), name: '.dockerignore' })
    expect(listing.totalBytes).toBe(5 + 2 + 1 + 4)
    expect(listing.sentFiles).toBe(4)
    const nodeModules = listing.tree.children!.find((c) => c.name === 'node_modules')!
    expect(nodeModules.ignored).toBe(true)
    const docs = listing.tree.children!.find((c) => c.name === 'docs')!
    expect(docs).toMatchObject({ ignored: false, size: 4 })
    expect(listing.tree.size).toBe(listing.totalBytes)
  })

  it('feeds the COPY/ADD-source lint rule: a missing source and an ignored one are reported, present ones are not', async () => {
    await makeContext({ Dockerfile: '', '.dockerignore': 'secret.txt\n', 'app.py': 'x', 'secret.txt': 'y' })
    const listing = await listBuildContext(dir, path.join(dir, 'Dockerfile'))
    const doc = parseDockerfile('FROM debian:bookworm\nCOPY app.py /app/\nCOPY secret.txt /app/\nCOPY missing.txt /app/\n')
    const rules = lintDockerfile(doc, { files: listing.files, ignoredFiles: listing.ignored }).map((d) => `${d.line}:${d.rule}`)
    expect(rules).toContain('3:buildkit/CopyIgnoredFile')
    expect(rules).toContain('4:copy-source-missing')
    expect(rules.some((r) => r.startsWith('2:copy'))).toBe(false)
  })

  it('BuildKit uses <Dockerfile>.dockerignore beside the Dockerfile first, and lists symlinks without following', async () => {
    await makeContext({ 'ctx/a.txt': '1', 'ctx/b.txt': '22', 'ctx/.dockerignore': 'b.txt\n', 'build/Dockerfile': 'FROM x\n', 'build/Dockerfile.dockerignore': 'a.txt\n' })
    await symlink('/etc/passwd', path.join(dir, 'ctx', 'link'))
    const listing = await listBuildContext(path.join(dir, 'ctx'), path.join(dir, 'build', 'Dockerfile'))
    expect(listing.files.sort()).toEqual(['.dockerignore', 'b.txt', 'link'])
    expect(listing.ignored).toEqual(['a.txt'])
    expect(listing.ignoreFile).toEqual({ path: path.join(dir, 'build', 'Dockerfile.dockerignore'), name: 'Dockerfile.dockerignore' })
    // The Dockerfile is served apart from the context: its bytes are not the context's.
    expect(listing.totalBytes).toBe('b.txt\n'.length + 2)
    expect(listing.tree.children!.find((c) => c.name === 'link')!.type).toBe('symlink')
  })

  it('the classic builder reads only the context\'s .dockerignore, and says that <Dockerfile>.dockerignore does not apply', async () => {
    await makeContext({ 'ctx/a.txt': '1', 'ctx/b.txt': '22', 'ctx/.dockerignore': 'b.txt\n', 'ctx/Dockerfile': 'FROM x\n', 'ctx/Dockerfile.dockerignore': 'a.txt\n' })
    const ctx = path.join(dir, 'ctx')
    const classic = await listBuildContext(ctx, path.join(ctx, 'Dockerfile'), { builder: 'classic' })
    expect(classic.builder).toBe('classic')
    expect(classic.ignoreFile).toEqual({ path: path.join(ctx, '.dockerignore'), name: '.dockerignore' })
    expect(classic.files).toContain('a.txt')
    expect(classic.ignored).toEqual(['b.txt'])
    expect(classic.warnings.join(' ')).toContain('The classic builder does not read Dockerfile.dockerignore')
    const buildkit = await listBuildContext(ctx, path.join(ctx, 'Dockerfile'))
    expect(buildkit.ignored).toEqual(['a.txt'])
    expect(buildkit.files).toContain('b.txt')
  })

  it('reads no <Dockerfile>.dockerignore from a folder Slipway may not read, and says so', async () => {
    await makeContext({ 'ctx/a.txt': '1', 'elsewhere/Dockerfile': 'FROM x\n', 'elsewhere/Dockerfile.dockerignore': 'a.txt\n' })
    const listing = await listBuildContext(path.join(dir, 'ctx'), path.join(dir, 'elsewhere', 'Dockerfile'), { dockerfileDirReadable: false })
    expect(listing.files).toEqual(['a.txt'])
    expect(listing.ignoreFile).toBeNull()
    expect(listing.warnings.join(' ')).toMatch(/Dockerfile\.dockerignore is in .*elsewhere, a folder you did not pick in Slipway/)
  })

  it('never reads an ignore file through a link that leads outside the context or the Dockerfile folder', async () => {
    const secret = path.join(dir, 'outside', 'id_ed25519')
    await makeContext({ 'outside/id_ed25519': 'SECRET-KEY-LINE\nkeep.txt\n', 'ctx/keep.txt': 'k', 'ctx/drop.txt': 'd', 'ctx/docker/ignore': 'drop.txt\n' })
    const ctx = path.join(dir, 'ctx')
    await symlink(secret, path.join(ctx, '.dockerignore'))
    const outsideLink = await listBuildContext(ctx, path.join(ctx, 'Dockerfile'))
    expect(outsideLink.files.sort()).toEqual(['.dockerignore', 'drop.txt', 'keep.txt', 'docker/ignore'].sort())
    expect(outsideLink.ignoreFile).toBeNull()
    expect(outsideLink.warnings.join(' ')).toContain(`.dockerignore is a symbolic link to ${secret}, outside the build context`)
    expect(outsideLink.tree.children!.find((c) => c.name === '.dockerignore')!.type).toBe('symlink')

    // <Dockerfile>.dockerignore -> outside is not read either; the context's own .dockerignore then applies.
    await rm(path.join(ctx, '.dockerignore'))
    await symlink('docker/ignore', path.join(ctx, '.dockerignore'))
    await symlink(secret, path.join(ctx, 'Dockerfile.dockerignore'))
    const linked = await listBuildContext(ctx, path.join(ctx, 'Dockerfile'))
    expect(linked.ignored).toEqual(['drop.txt'])
    expect(linked.files).toContain('keep.txt')
    expect(linked.ignoreFile?.name).toBe('.dockerignore')
    expect(linked.warnings.join(' ')).toContain('Dockerfile.dockerignore is a symbolic link to')
  })

  it('stops listing paths beyond the limit but still counts every byte', async () => {
    const files: Record<string, string> = {}
    for (let i = 0; i < 30; i++) files[`f${i}.txt`] = 'xx'
    await makeContext(files)
    const listing = await listBuildContext(dir, null, { maxListed: 10 })
    expect(listing.truncated).toBe(true)
    expect(listing.files).toEqual([])
    expect(listing.totalBytes).toBe(60)
  })

  it('says what to do when the context folder does not exist', async () => {
    await expect(listBuildContext(path.join(dir, 'gone'), null)).rejects.toThrow(/does not exist. Choose an existing folder/)
  })
})

describe('templates', () => {
  it('lists every template, each with a Dockerfile that passes our lint rules in its own context', async () => {
    const templatesDir = findTemplatesDir()
    const templates = await listTemplates(templatesDir)
    expect(templates.map((t) => t.name)).toEqual(['Empty', 'Python web app (Flask)', 'Static site (nginx)', 'Node.js app', 'Go (multi-stage)'])
    for (const template of templates.filter((t) => t.needsFolder)) {
      const folder = path.join(dir, template.id)
      await mkdir(folder)
      expect(await existingTemplateFiles(template, folder)).toEqual([])
      const dockerfile = await writeTemplate(templatesDir, template, folder)
      const listing = await listBuildContext(folder, dockerfile)
      const diagnostics = lintDockerfile(parseDockerfile(await readFile(dockerfile, 'utf8')), { files: listing.files, ignoredFiles: listing.ignored })
      // Tips (info) such as pinning apt versions are advice official images do not follow either.
      expect(diagnostics.filter((d) => d.severity !== 'info'), template.name).toEqual([])
    }
  })

  it('the Flask template follows the classic tutorial: install Python and pip, requirements first, EXPOSE 5000, exec-form CMD', async () => {
    const text = await readFile(path.join(findTemplatesDir(), 'python-flask', 'Dockerfile'), 'utf8')
    const keywords = parseDockerfile(text).blocks.flatMap((b) => (b.kind === 'instruction' ? [b.keyword] : []))
    expect(keywords).toEqual(['FROM', 'RUN', 'RUN', 'ENV', 'WORKDIR', 'COPY', 'RUN', 'COPY', 'EXPOSE', 'CMD'])
    expect(text).toMatch(/apt-get install -y --no-install-recommends python3 python3-pip/)
    expect(text).toMatch(/COPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\n\nCOPY app.py ./)
    expect(text).toContain('EXPOSE 5000\nCMD ["python3", "app.py"]\n')
    await expect(getTemplate(findTemplatesDir(), '../etc')).rejects.toThrow(/no template/)
  })
})
