// `npm start` on a fresh install, where node_modules/electron has no binary and no path.txt (Electron
// 45 has no install script): the launch preparation runs Electron's real installer against a local
// mirror serving a stand-in Electron, then the real `electron-vite preview` launches it.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isAtLeast } from '../../scripts/ensure-electron.mjs'
import { closedPort, sha256, standInElectronZip, startElectronMirror, type ElectronMirror } from '../support/electron-mirror'
import { makeLaunchSandbox, runNpm, type LaunchSandbox, type Run } from '../support/launch-sandbox'
import { nodeFromRegistry } from '../support/registry-node'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const sharedElectron = path.join(root, 'node_modules', 'electron')
const electronVersion = (JSON.parse(readFileSync(path.join(sharedElectron, 'package.json'), 'utf8')) as { version: string }).version
const zipName = `electron-v${electronVersion}-${process.platform}-${process.arch}.zip`
// Electron's own minimum (its engines field), and one release before the one that loads its downloader.
const MINIMUM_NODE = '22.12.0'
const TOO_OLD_NODE = '20.18.0'
// `npm start -- --skipBuild`: the real start script, with the build left out (the stand-in needs no bundle).
const START = ['start', '--', '--skipBuild']

const platformSkip = process.platform === 'linux' ? null : `the stand-in Electron is a shell script named as on Linux; this is ${process.platform}`

function sharedElectronState(): string[] {
  return readdirSync(sharedElectron).sort()
}

/** Stack frames ("    at fn (file:1:2)") anywhere in what the user saw. */
function stackFrames(run: Run): string[] {
  return `${run.stdout}\n${run.stderr}`.split('\n').filter((line) => /^\s+at .*(:\d+:\d+\)?|\(native\))$/.test(line))
}

function skip(ctx: { skip: (reason: string) => void }, reason: string): void {
  console.warn(`ensure-electron: skipped: ${reason}`)
  ctx.skip(reason)
}

describe.skipIf(platformSkip)('npm start on a fresh install (no Electron binary yet)', () => {
  const zip = standInElectronZip(electronVersion)
  const sandboxes: LaunchSandbox[] = []
  let mirror: ElectronMirror
  let sharedBefore: string[]
  let minimumNode: { node: string } | { unavailable: string }

  const sandbox = async (): Promise<LaunchSandbox> => {
    const made = await makeLaunchSandbox(root)
    sandboxes.push(made)
    expect(existsSync(path.join(made.electronDir, 'path.txt'))).toBe(false)
    expect(existsSync(path.join(made.electronDir, 'dist'))).toBe(false)
    return made
  }

  const mirrorEnv = (url: string): Record<string, string> => ({ ELECTRON_MIRROR: url, electron_use_remote_checksums: '1' })

  beforeAll(async () => {
    sharedBefore = sharedElectronState()
    mirror = await startElectronMirror({
      [`v${electronVersion}/${zipName}`]: zip,
      [`v${electronVersion}/SHASUMS256.txt`]: `${sha256(zip)} *${zipName}\n`
    })
    minimumNode = await nodeFromRegistry(MINIMUM_NODE)
  }, 300_000)

  afterAll(async () => {
    await mirror?.close()
    for (const made of sandboxes) await made.remove()
  })

  async function installsThenLaunches(node: string): Promise<void> {
    const made = await sandbox()
    const first = await runNpm(made, node, START, mirrorEnv(mirror.url))
    expect(first.code, first.stdout + first.stderr).toBe(0)
    expect(first.stdout).toContain(`Downloading Electron ${electronVersion} (once, into node_modules/electron) from ${new URL(mirror.url).host}`)
    expect(mirror.requests).toEqual(expect.arrayContaining([`v${electronVersion}/${zipName}`, `v${electronVersion}/SHASUMS256.txt`]))
    expect(readFileSync(path.join(made.electronDir, 'path.txt'), 'utf8')).toBe('electron')
    // electron-vite preview started the installed binary, in the project, with the project as the app.
    expect(readFileSync(made.recordFile, 'utf8').split('\n').filter(Boolean)).toEqual([path.join(made.electronDir, 'dist', 'electron'), made.dir, '.'])

    // The next start launches straight away: nothing is downloaded again.
    const asked = mirror.requests.length
    const second = await runNpm(made, node, START, mirrorEnv(mirror.url))
    expect(second.code, second.stdout + second.stderr).toBe(0)
    expect(second.stdout).not.toContain('Downloading')
    expect(mirror.requests.length).toBe(asked)
  }

  it(`with Node ${MINIMUM_NODE} (Electron's minimum): installs Electron from the mirror, then electron-vite preview launches it`, async (ctx) => {
    if ('unavailable' in minimumNode) return skip(ctx, minimumNode.unavailable)
    await installsThenLaunches(minimumNode.node)
  })

  it(`with this machine's Node (${process.version}), which the project supports too`, async (ctx) => {
    // Electron declares Node 22.12+, but its downloader loads from 20.19 on (require of an ES module).
    if (!isAtLeast(process.version, '20.19.0')) return skip(ctx, `Node ${process.version} cannot load Electron's downloader (20.19+ can)`)
    await installsThenLaunches(process.execPath)
  })

  describe('when the download cannot happen, one sentence says which and what to do, and nothing launches', () => {
    async function failsWith(run: Run, made: LaunchSandbox, sentence: RegExp): Promise<void> {
      expect(run.code).not.toBe(0)
      const sentences = run.stderr.split('\n').filter((line) => sentence.test(line))
      expect(sentences, run.stderr).toHaveLength(1)
      expect(sentences[0]).toMatch(/then run `npm start` again\.$|and run `npm start` again\.$/)
      expect(stackFrames(run)).toEqual([])
      expect(existsSync(made.recordFile)).toBe(false)
      expect(existsSync(path.join(made.electronDir, 'path.txt'))).toBe(false)
    }

    it('the mirror does not have Electron', async () => {
      const made = await sandbox()
      const empty = await startElectronMirror({})
      try {
        const run = await runNpm(made, process.execPath, START, mirrorEnv(empty.url))
        await failsWith(run, made, new RegExp(`^Could not download Electron ${electronVersion}: 127\\.0\\.0\\.1:\\d+ answered 404 Not Found for ${empty.url}v${electronVersion}/${zipName}; check that ELECTRON_MIRROR`))
      } finally {
        await empty.close()
      }
    })

    it('nothing answers at the mirror (no connection)', async () => {
      const made = await sandbox()
      const port = await closedPort()
      const run = await runNpm(made, process.execPath, START, mirrorEnv(`http://127.0.0.1:${port}/`))
      await failsWith(run, made, new RegExp(`^Could not download Electron ${electronVersion}: no connection to 127\\.0\\.0\\.1:${port} \\(connection refused\\); check your network connection`))
    })

    it("the download does not match Electron's published checksum", async () => {
      const made = await sandbox()
      // Without electron_use_remote_checksums the installer checks against the checksums Electron ships.
      const run = await runNpm(made, process.execPath, START, { ELECTRON_MIRROR: mirror.url })
      await failsWith(run, made, new RegExp(`^Could not install Electron ${electronVersion}: the file downloaded from 127\\.0\\.0\\.1:\\d+ does not match its published SHA-256 checksum`))
    })

    it(`Node ${TOO_OLD_NODE} is too old for Electron's downloader`, async (ctx) => {
      const old = await nodeFromRegistry(TOO_OLD_NODE)
      if ('unavailable' in old) return skip(ctx, old.unavailable)
      const made = await sandbox()
      const run = await runNpm(made, old.node, START, mirrorEnv(mirror.url))
      await failsWith(run, made, new RegExp(`^Electron ${electronVersion}'s downloader cannot run on Node v${TOO_OLD_NODE.replace(/\./g, '\\.')}: install Node 22\\.12\\.0 or newer`))
    }, 300_000)
  })

  it("leaves the project's own node_modules/electron as it was", () => {
    expect(sharedElectronState()).toEqual(sharedBefore)
    for (const made of sandboxes) expect(made.dir.startsWith(root)).toBe(false)
  })
})

if (platformSkip) {
  it('npm start on a fresh install', (ctx) => skip(ctx, platformSkip))
}
