// A throwaway copy of the project as a fresh `npm install` leaves it for launching: the real
// package.json (so its real scripts run) and scripts/ensure-electron.mjs, node_modules linked to
// the project's, except electron (a copy without dist/ and path.txt, as npm installs it) and
// electron-vite (a copy, so it finds that electron: it resolves 'electron' from its own real path).
// Nothing here writes to the project's node_modules/electron, which other tests rely on.
import { spawn } from 'node:child_process'
import { cp, mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

export interface LaunchSandbox {
  dir: string
  electronDir: string
  /** Where the stand-in Electron writes how it was started. */
  recordFile: string
  remove(): Promise<void>
}

export interface Run {
  code: number | null
  stdout: string
  stderr: string
}

const COPIED = new Set(['electron', 'electron-vite', '.bin'])

export async function makeLaunchSandbox(projectRoot: string): Promise<LaunchSandbox> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'slipway-launch-'))
  const modules = path.join(dir, 'node_modules')
  const sharedModules = path.join(projectRoot, 'node_modules')
  await mkdir(path.join(modules, '.bin'), { recursive: true })
  for (const name of await readdir(sharedModules)) {
    if (!COPIED.has(name)) await symlink(path.join(sharedModules, name), path.join(modules, name))
  }
  const sharedElectron = path.join(sharedModules, 'electron')
  await cp(sharedElectron, path.join(modules, 'electron'), {
    recursive: true,
    filter: (source) => ![path.join(sharedElectron, 'dist'), path.join(sharedElectron, 'path.txt')].includes(source)
  })
  await cp(path.join(sharedModules, 'electron-vite'), path.join(modules, 'electron-vite'), { recursive: true })
  await symlink('../electron-vite/bin/electron-vite.js', path.join(modules, '.bin', 'electron-vite'))

  await cp(path.join(projectRoot, 'package.json'), path.join(dir, 'package.json'))
  await mkdir(path.join(dir, 'scripts'))
  await cp(path.join(projectRoot, 'scripts', 'ensure-electron.mjs'), path.join(dir, 'scripts', 'ensure-electron.mjs'))
  // `electron-vite preview --skipBuild` checks that package.json's main exists; the stand-in never reads it.
  await mkdir(path.join(dir, 'out', 'main'), { recursive: true })
  await writeFile(path.join(dir, 'out', 'main', 'index.js'), '// stand-in main bundle\n')

  return {
    dir,
    electronDir: path.join(modules, 'electron'),
    recordFile: path.join(dir, 'stand-in-record.txt'),
    remove: () => rm(dir, { recursive: true, force: true })
  }
}

/**
 * Runs `npm <args>` in the sandbox with the given node first on PATH, in an environment without
 * this test run's npm_* and Electron settings (npm test sets many), plus the given variables.
 * Electron's download cache is the sandbox's own, so nothing lands in ~/.cache/electron.
 */
export function runNpm(sandbox: LaunchSandbox, node: string, args: string[], env: Record<string, string>): Promise<Run> {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^npm_|electron|^DEBUG$|^NODE_OPTIONS$/i.test(key))
  )
  const child = spawn('npm', args, {
    cwd: sandbox.dir,
    env: {
      ...inherited,
      PATH: `${path.dirname(node)}${path.delimiter}${process.env.PATH ?? ''}`,
      electron_config_cache: path.join(sandbox.dir, '.electron-cache'),
      npm_config_update_notifier: 'false',
      npm_config_fund: 'false',
      SLIPWAY_STAND_IN_RECORD: sandbox.recordFile,
      ...env
    },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  return new Promise((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}
