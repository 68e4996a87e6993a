// Runs code in a child process as `nobody`. Root passes every permission check, so only another
// user sees "permission denied". That user may not be able to enter the checkout (a clone under
// /root or in a 0700 folder), so the child never loads anything from it: the code is bundled with
// esbuild (dependencies and src/ included) into one file in a world-readable temp folder and run
// with plain node.
import { spawn } from 'node:child_process'
import { chmod, mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..')
const probe = path.join(root, 'test/support/faults/as-user-probe.ts')

/** uid/gid of `nobody`: an unprivileged user that exists on Debian and most Linux systems. */
export const NOBODY = { uid: 65534, gid: 65534 }

export type ProbeResult = { ok: true } | { ok: false; code?: string; message: string }

/** A module to run: a file of the repository, or ES module source whose imports resolve from the repository root. */
export type ChildModule = { file: string } | { script: string }

// CommonJS dependencies (dockerode, ssh2) call require() for Node's built-in modules and read
// __dirname at load time, which an ES module bundle only has when it makes them. Files they read
// relative to __dirname later (dockerode's BuildKit protos) are not in the bundle folder, so a child
// can run classic builds but not BuildKit ones.
const CJS_SHIM = [
  "import { createRequire as __slipwayCreateRequire } from 'node:module';",
  "import { dirname as __slipwayDirname } from 'node:path';",
  "import { fileURLToPath as __slipwayFileURLToPath } from 'node:url';",
  'const require = __slipwayCreateRequire(import.meta.url);',
  'const __filename = __slipwayFileURLToPath(import.meta.url);',
  'const __dirname = __slipwayDirname(__filename);'
].join('\n')

/** Bundles the module into `<dir>/child.mjs`, readable by everyone (dir 0755, file 0644). */
async function bundleInto(dir: string, module: ChildModule): Promise<string> {
  const outfile = path.join(dir, 'child.mjs')
  await build({
    ...('file' in module
      ? { entryPoints: [module.file] }
      : { stdin: { contents: module.script, resolveDir: root, sourcefile: 'as-nobody-script.ts', loader: 'ts' as const } }),
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: `node${process.versions.node.split('.')[0]}`,
    banner: { js: CJS_SHIM },
    // ssh2's optional native addons: it falls back to JavaScript when they do not load.
    external: ['*.node'],
    logLevel: 'silent'
  })
  await chmod(outfile, 0o644)
  return outfile
}

/**
 * Runs the module with plain node as `nobody` and gives back the JSON it writes to stdout
 * (the child should write its uid in it: `whoami` checks it was really nobody).
 */
export async function runAsNobody<T>(module: ChildModule, args: string[] = [], env: Record<string, string> = {}): Promise<T> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'slipway-as-nobody-'))
  try {
    await chmod(dir, 0o755)
    const entry = await bundleInto(dir, module)
    return await spawnAsNobody<T>(entry, args, env, dir)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

function spawnAsNobody<T>(entry: string, args: string[], env: Record<string, string>, cwd: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [entry, ...args], {
      cwd,
      uid: NOBODY.uid,
      gid: NOBODY.gid,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: '/tmp', ...env },
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let out = ''
    let err = ''
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')))
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')))
    child.on('error', reject)
    child.on('close', (code) => {
      try {
        resolve(JSON.parse(out) as T)
      } catch {
        reject(new Error(`the child as nobody exited with ${code}: ${err.slice(0, 2000)}`))
      }
    })
  })
}

/** Runs a file service (read / save / walk) in a child process as `nobody`; returns how it ended. */
export function runServiceAsNobody(operation: 'read' | 'save' | 'walk', file: string, text?: string): Promise<ProbeResult> {
  return runAsNobody<ProbeResult>({ file: probe }, [operation, file, ...(text === undefined ? [] : [text])])
}

/** Whether this process can start children as another user (only root can). */
export function canSwitchUser(): boolean {
  return process.getuid?.() === 0
}
