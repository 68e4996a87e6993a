import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import {
  electronMirror,
  explainInstallFailure,
  isAtLeast,
  isElectronInstalled,
  minimumNodeVersion,
  retryCommand,
  type InstallFailure
} from '../../scripts/ensure-electron.mjs'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

// What Electron 45.5.0's install.js printed (with DEBUG=@electron/get*) in each case, trimmed.
const DOWNLOADING = (url: string): string =>
  `2026-11-28T08:11:54.106Z @electron/get:index Downloading ${url} to /tmp/electron-download-n1nwRT/electron-v45.5.0-linux-x64.zip with options: undefined\n`
const MIRROR_404 =
  DOWNLOADING('http://127.0.0.1:8765/nothing/v45.5.0/electron-v45.5.0-linux-x64.zip') +
  'HTTPError: Response code 404 (File not found) for http://127.0.0.1:8765/nothing/v45.5.0/electron-v45.5.0-linux-x64.zip\n' +
  '    at FetchDownloader.download (file:///work/main/node_modules/@electron/get/dist/FetchDownloader.js:48:23)\n'
const CHECKSUM =
  DOWNLOADING('http://127.0.0.1:8765/v45.5.0/electron-v45.5.0-linux-x64.zip') +
  'Error: Generated checksum for "electron-v45.5.0-linux-x64.zip" did not match expected checksum.\n' +
  '    at Hash.<anonymous> (/work/main/node_modules/sumchecker/index.js:133:20)\n'
const NO_CONNECTION =
  DOWNLOADING('https://github.com/electron/electron/releases/download/v45.5.0/electron-v45.5.0-linux-x64.zip') +
  'TypeError: fetch failed\n    at node:internal/deps/undici/undici:14976:13\n'
const OLD_NODE =
  "/tmp/p/node_modules/electron/install.js:3\nconst { downloadArtifact } = require('@electron/get');\n\n" +
  'Error [ERR_REQUIRE_ESM]: require() of ES Module /tmp/p/node_modules/@electron/get/dist/index.js from /tmp/p/node_modules/electron/install.js not supported.\n' +
  "    at Object.<anonymous> (/tmp/p/node_modules/electron/install.js:3:30) {\n  code: 'ERR_REQUIRE_ESM'\n}\n\nNode.js v20.18.0\n"

const failure = (output: string, more: Partial<InstallFailure> = {}): InstallFailure => ({
  output,
  electronVersion: '45.5.0',
  nodeVersion: 'v20.18.0',
  minimumNode: '22.12.0',
  mirror: null,
  retry: 'npm start',
  electronDir: 'node_modules/electron',
  ...more
})

/** One sentence: no line breaks, no stack frames, ends with a full stop. */
function expectOneSentence(message: string): void {
  expect(message).not.toMatch(/\n/)
  expect(message).not.toMatch(/\bat .*:\d+:\d+/)
  expect(message).toMatch(/\.$/)
}

describe('ensure-electron: is the binary there', () => {
  const installed = { version: '45.5.0', distVersion: 'v45.5.0', pathTxt: 'electron', expectedPathTxt: 'electron', binaryExists: true }

  it('takes an install as done only when version, path.txt and binary all agree', () => {
    expect(isElectronInstalled(installed)).toBe(true)
    expect(isElectronInstalled({ ...installed, pathTxt: null })).toBe(false)
    expect(isElectronInstalled({ ...installed, distVersion: null })).toBe(false)
    expect(isElectronInstalled({ ...installed, distVersion: '44.0.0' })).toBe(false)
    expect(isElectronInstalled({ ...installed, binaryExists: false })).toBe(false)
    expect(isElectronInstalled({ ...installed, pathTxt: 'electron.exe' })).toBe(false)
  })
})

describe('ensure-electron: why the download failed, in one sentence', () => {
  it('a Node too old to load the downloader: names the version and what to install', () => {
    const { reason, message } = explainInstallFailure(failure(OLD_NODE))
    expect(reason).toBe('node-too-old')
    expect(message).toBe("Electron 45.5.0's downloader cannot run on Node v20.18.0: install Node 22.12.0 or newer (for example `nvm install 22`) and run `npm start` again.")
    expectOneSentence(message)
  })

  it('no connection: names the host, the cause and the way out', () => {
    const { reason, message } = explainInstallFailure(failure(NO_CONNECTION, { nodeVersion: 'v22.12.0', connectionError: 'ENOTFOUND' }))
    expect(reason).toBe('no-network')
    expect(message).toBe(
      "Could not download Electron 45.5.0: no connection to github.com (its name does not resolve); check your network connection (and proxy settings) or set ELECTRON_MIRROR to a mirror of Electron's releases that you can reach, then run `npm start` again."
    )
    expectOneSentence(message)
    // Without a probe result it still says which, with what Node reported.
    expect(explainInstallFailure(failure(NO_CONNECTION)).message).toContain('no connection to github.com (fetch failed)')
  })

  it('a mirror that answers with an error: names the status and URL, and points at ELECTRON_MIRROR', () => {
    const { reason, message } = explainInstallFailure(failure(MIRROR_404, { nodeVersion: 'v22.12.0', mirror: 'http://127.0.0.1:8765/nothing/', retry: 'npm run dev' }))
    expect(reason).toBe('mirror-error')
    expect(message).toBe(
      "Could not download Electron 45.5.0: 127.0.0.1:8765 answered 404 File not found for http://127.0.0.1:8765/nothing/v45.5.0/electron-v45.5.0-linux-x64.zip; check that ELECTRON_MIRROR (http://127.0.0.1:8765/nothing/) points at a mirror of Electron's releases, then run `npm run dev` again."
    )
    expectOneSentence(message)
  })

  it('a download that does not match its checksum', () => {
    const { reason, message } = explainInstallFailure(failure(CHECKSUM, { nodeVersion: 'v22.12.0', mirror: 'http://127.0.0.1:8765/' }))
    expect(reason).toBe('checksum')
    expect(message).toContain('does not match its published SHA-256 checksum')
    expectOneSentence(message)
  })

  it('a node_modules it cannot write to', () => {
    const { reason, message } = explainInstallFailure(failure("Error: EACCES: permission denied, open 'node_modules/electron/path.txt'\n    at x (y.js:1:1)\n", { nodeVersion: 'v22.12.0' }))
    expect(reason).toBe('cannot-write')
    expect(message).toContain('Could not install Electron 45.5.0 into node_modules/electron (EACCES)')
    expectOneSentence(message)
  })

  it('anything else: the first error line and how to see the rest, never the stack', () => {
    const { reason, message } = explainInstallFailure(failure('Error: something new\n    at a (b.js:1:2)\n    at c (d.js:3:4)\n', { nodeVersion: 'v20.19.0' }))
    expect(reason).toBe('installer-failed')
    expect(message).toBe(
      'Electron 45.5.0\'s installer failed with "Error: something new" (Electron supports Node 22.12.0 or newer; this is v20.19.0): run `node node_modules/electron/install.js` to see its full output.'
    )
    expectOneSentence(message)
  })
})

describe('ensure-electron: settings read the way Electron reads them', () => {
  it('finds the mirror in .npmrc (npm_config_*) before the environment, like @electron/get', () => {
    expect(electronMirror({})).toBeNull()
    expect(electronMirror({ ELECTRON_MIRROR: 'https://env/' })).toBe('https://env/')
    expect(electronMirror({ ELECTRON_MIRROR: 'https://env/', npm_config_electron_mirror: 'https://npmrc/' })).toBe('https://npmrc/')
  })

  it("takes the minimum Node from Electron's engines field", () => {
    const electronManifest = JSON.parse(readFileSync(path.join(root, 'node_modules', 'electron', 'package.json'), 'utf8')) as { engines: { node: string } }
    expect(minimumNodeVersion(electronManifest.engines.node)).toBe('22.12.0')
    expect(isAtLeast('v22.12.0', '22.12.0')).toBe(true)
    expect(isAtLeast('v22.9.1', '22.12.0')).toBe(false)
    expect(isAtLeast('v24.0.0', '22.12.0')).toBe(true)
  })

  it('says which npm command to run again', () => {
    expect(retryCommand('start')).toBe('npm start')
    expect(retryCommand('dev')).toBe('npm run dev')
    expect(retryCommand('dist')).toBe('npm run dist')
    expect(retryCommand(undefined)).toBe('npm start')
  })
})

describe('package.json: every command that launches or packages Electron prepares it first', () => {
  const scripts = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts

  it.each(['start', 'dev', 'dist'])('npm run %s', (name) => {
    expect(scripts[name]).toMatch(/^node scripts\/ensure-electron\.mjs && /)
  })

  it('npm start builds once (electron-vite preview builds by itself)', () => {
    expect(scripts.start).toBe('node scripts/ensure-electron.mjs && electron-vite preview')
  })
})
