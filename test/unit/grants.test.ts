// HostGrants on real folders and links: what is granted, what is sensitive, and that links are resolved.
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Dialogs } from '../../src/main/dialogs'
import { HostGrants } from '../../src/main/grants'

let dir: string
let home: string
let grants: HostGrants
let confirmAnswer = 1

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'slipway-grants-'))
  home = path.join(dir, 'home', 'me')
  await mkdir(path.join(home, '.ssh'), { recursive: true })
  await mkdir(path.join(home, 'projects', 'app'), { recursive: true })
  await mkdir(path.join(home, 'projects', 'app-other'), { recursive: true })
  const dialogs = { confirm: async () => confirmAnswer } as unknown as Dialogs
  grants = new HostGrants({ dialogs, homeDir: home, engineSockets: () => [path.join(dir, 'engine', 'docker.sock')] })
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

const concernOf = async (p: string) => (await grants.review(p)).concern

describe('HostGrants', () => {
  it('grants a picked folder and what is inside it, not a sibling whose name starts the same', async () => {
    const app = path.join(home, 'projects', 'app')
    expect(await concernOf(app)).toBe('not a folder you picked in Slipway')
    await grants.grantFolder(app)
    expect(await concernOf(app)).toBeNull()
    await mkdir(path.join(app, 'src'))
    expect(await concernOf(path.join(app, 'src'))).toBeNull()
    expect(await concernOf(path.join(home, 'projects', 'app-other'))).toBe('not a folder you picked in Slipway')
    expect(await concernOf(path.join(app, '..', 'app-other'))).toBe('not a folder you picked in Slipway')
  })

  it('resolves links before deciding: a link out of a granted folder grants nothing beyond it', async () => {
    const app = path.join(home, 'projects', 'app')
    await grants.grantFolder(app)
    await symlink(path.join(home, 'projects', 'app-other'), path.join(app, 'elsewhere'))
    await symlink(path.join(home, '.ssh'), path.join(app, 'keys'))
    const elsewhere = await grants.review(path.join(app, 'elsewhere'))
    expect(elsewhere).toMatchObject({ real: path.join(home, 'projects', 'app-other'), concern: 'not a folder you picked in Slipway', sensitive: false })
    expect(await grants.review(path.join(app, 'keys'))).toMatchObject({ sensitive: true, concern: 'your SSH keys' })
  })

  it('never grants sensitive places, even when picked: the home folder, what contains it, credentials, system folders, sockets', async () => {
    for (const place of [home, path.join(home, '.ssh'), path.dirname(home), '/', '/etc', '/etc/ssh', '/proc/self']) await grants.grantFolder(place)
    expect(await concernOf(home)).toBe('your home folder')
    expect(await concernOf(path.dirname(home))).toBe(`it contains ${home}: your home folder`)
    expect(await concernOf('/')).toBe('the whole file system')
    expect(await concernOf(path.join(home, '.ssh'))).toBe('your SSH keys')
    expect(await concernOf('/etc/ssh')).toBe("inside /etc: the system's configuration")
    expect((await grants.review('/proc/self')).sensitive).toBe(true)
    // Inside the home folder is fine once picked; the home folder's own files are not granted by that.
    await grants.grantFolder(path.join(home, 'projects'))
    expect(await concernOf(path.join(home, 'projects', 'app'))).toBeNull()
  })

  it('asks for any socket and for folders holding the engine\'s socket', async () => {
    const socketDir = path.join(dir, 'engine')
    await mkdir(socketDir)
    await grants.grantFolder(dir)
    const server: Server = createServer()
    await new Promise<void>((resolve) => server.listen(path.join(socketDir, 'other.sock'), resolve))
    try {
      expect((await grants.review(path.join(socketDir, 'other.sock'))).concern).toMatch(/^a socket/)
      expect((await grants.review(socketDir)).concern).toMatch(/^it contains .*docker\.sock: a Docker engine's socket/)
    } finally {
      server.close()
    }
  })

  it('on a remote engine, knows nothing about a path but its name: always asks', async () => {
    await grants.grantFolder(path.join(home, 'projects'))
    expect(await grants.reviewRemote(path.join(home, 'projects'))).toMatchObject({ sensitive: false, concern: "a path on the engine's machine, which Slipway cannot check" })
    expect(await grants.reviewRemote('/var/run/docker.sock')).toMatchObject({ sensitive: true })
  })

  it('main\'s confirmation throws cancelled unless the person picks the first button', async () => {
    confirmAnswer = 1
    await expect(grants.confirm({ message: 'm', detail: 'd', accept: 'Go', refused: 'Nothing happened.' })).rejects.toMatchObject({ code: 'cancelled', message: 'Nothing happened.' })
    confirmAnswer = 0
    await expect(grants.confirm({ message: 'm', detail: 'd', accept: 'Go', refused: 'Nothing happened.' })).resolves.toBeUndefined()
  })

  it('does not grant a folder that does not exist (it could be made later, pointing anywhere)', async () => {
    const later = path.join(dir, 'later')
    await grants.grantFolder(later)
    await writeFile(later, '')
    expect(await concernOf(later)).toBe('not a folder you picked in Slipway')
  })
})
