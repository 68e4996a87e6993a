import { existsSync } from 'node:fs'
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { listPackage } from '@electron/asar'
import { FuseV1Options, FuseVersion, getCurrentFuseWire } from '@electron/fuses'
import { FuseState } from '@electron/fuses/dist/constants'
import { build, Platform } from 'electron-builder'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
// @electron/fuses finds the fuse wire after this sentinel: version byte, length byte, one byte per fuse.
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'
/** Electron's own defaults (electron/build/fuses/fuses.json5), in wire order: what ships where the config says nothing. */
const ELECTRON_DEFAULT_FUSES = '10110001'

/**
 * The real Electron binary comes from outside the package registry, so the package is made with
 * `--linux dir` around a stand-in: a tiny executable that carries an Electron-style fuse wire.
 */
async function makeStandInElectron(dir: string): Promise<void> {
  const wire = Buffer.concat([
    Buffer.from(`#!/bin/sh\necho stand-in electron\nexit 0\n# ${FUSE_SENTINEL}`),
    Buffer.from([Number(FuseVersion.V1), ELECTRON_DEFAULT_FUSES.length]),
    Buffer.from(ELECTRON_DEFAULT_FUSES)
  ])
  await writeFile(path.join(dir, 'electron'), wire)
  await chmod(path.join(dir, 'electron'), 0o755)
  await writeFile(path.join(dir, 'version'), '45.5.0')
  await writeFile(path.join(dir, 'LICENSE'), 'stand-in')
}

/** Every fuse of the packaged binary by name, read with the library electron-builder flips them with. */
async function readFuses(binary: string): Promise<Record<string, 'on' | 'off' | 'removed'>> {
  const wire = await getCurrentFuseWire(binary)
  const names = Object.keys(FuseV1Options).filter((key) => Number.isNaN(Number(key))) as (keyof typeof FuseV1Options)[]
  return Object.fromEntries(
    names.map((name) => {
      const state = (wire as unknown as Record<number, number>)[FuseV1Options[name]]
      return [name, state === FuseState.ENABLE ? 'on' : state === FuseState.DISABLE ? 'off' : 'removed']
    })
  )
}

describe('packaging (electron-builder --linux dir)', () => {
  let work: string
  let appDir: string
  let files: string[]

  beforeAll(async () => {
    if (!existsSync(path.join(root, 'out', 'main', 'index.js'))) throw new Error('Build first (npm test runs electron-vite build)')
    work = await mkdtemp(path.join(os.tmpdir(), 'slipway-pack-'))
    const electronDist = path.join(work, 'electron-dist')
    await import('node:fs/promises').then((fs) => fs.mkdir(electronDist))
    await makeStandInElectron(electronDist)
    await build({
      projectDir: root,
      targets: Platform.LINUX.createTarget('dir'),
      // electron-builder.yml is read as usual; these only point it at the stand-in and a temp folder.
      config: { electronDist, electronVersion: '45.5.0', directories: { output: path.join(work, 'dist'), buildResources: 'resources' } },
      publish: 'never'
    })
    appDir = path.join(work, 'dist', 'linux-unpacked')
    files = listPackage(path.join(appDir, 'resources', 'app.asar'), { isPack: false }).map((f) => f.replace(/\\/g, '/'))
  }, 240_000)

  afterAll(async () => {
    if (work) await rm(work, { recursive: true, force: true })
  })

  it('packs the main, preload and renderer bundles', () => {
    expect(files).toContain('/out/main/index.js')
    // The image files' index worker, which electron-vite bundles on its own (`?modulePath`).
    expect(files.some((f) => /^\/out\/main\/chunks\/index-worker-[0-9a-f]+\.js$/.test(f))).toBe(true)
    expect(files).toContain('/out/preload/index.cjs')
    expect(files).toContain('/out/renderer/index.html')
    expect(files.some((f) => /^\/out\/renderer\/assets\/index-.*\.js$/.test(f))).toBe(true)
    expect(files).toContain('/package.json')
  })

  it('packs the runtime dependencies the main process loads', () => {
    for (const dependency of ['dockerode', 'docker-modem', 'zod', 'tar-stream', '@balena/dockerignore']) {
      expect(files, dependency).toContain(`/node_modules/${dependency}/package.json`)
    }
  })

  it('leaves out sources, tests and dev dependencies', () => {
    const offending = files.filter((f) =>
      /^\/(src|test|bench|scripts|docs)\//.test(f) ||
      /^\/node_modules\/(vitest|vite|electron|electron-builder|playwright-core|typescript|eslint|@playwright|fast-check|esbuild|tsx)\//.test(f) ||
      /\.map$/.test(f)
    )
    expect(offending).toEqual([])
  })

  it('names the app Slipway and sets all eight Electron fuses', async () => {
    expect(existsSync(path.join(appDir, 'slipway'))).toBe(true)
    expect(await readFuses(path.join(appDir, 'slipway'))).toEqual({
      RunAsNode: 'off',
      EnableCookieEncryption: 'on',
      EnableNodeOptionsEnvironmentVariable: 'off',
      EnableNodeCliInspectArguments: 'off',
      EnableEmbeddedAsarIntegrityValidation: 'on',
      OnlyLoadAppFromAsar: 'on',
      LoadBrowserProcessSpecificV8Snapshot: 'off',
      // The renderer comes from app://; file:// pages get no more than a browser gives them.
      GrantFileProtocolExtraPrivileges: 'off'
    })
  })
})
