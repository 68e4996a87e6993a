// A given Node version's binary, from the npm registry's node-<platform>-<arch> packages, cached
// between runs: the tests reach only the package registry, and some need a Node other than this one.
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, rename, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)

function cacheDir(): string {
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache')
  return path.join(base, 'slipway-test')
}

/** The path of the node binary, or why there is none (the reason is printed by the test that skips). */
export async function nodeFromRegistry(version: string): Promise<{ node: string } | { unavailable: string }> {
  const packageName = `node-${process.platform}-${process.arch}`
  const dir = path.join(cacheDir(), `${packageName}-${version}`)
  const node = path.join(dir, 'bin', 'node')
  if (existsSync(node)) return { node }

  await mkdir(cacheDir(), { recursive: true })
  const work = await mkdtemp(path.join(cacheDir(), `.${packageName}-${version}-`))
  try {
    const { stdout } = await run('npm', ['pack', `${packageName}@${version}`, '--pack-destination', work, '--silent'], { cwd: work, maxBuffer: 16 << 20 })
    const tarball = path.join(work, stdout.trim().split('\n').at(-1) ?? '')
    await run('tar', ['-xzf', tarball, '-C', work, 'package/bin/node'])
    await mkdir(path.join(work, 'node', 'bin'), { recursive: true })
    await rename(path.join(work, 'package', 'bin', 'node'), path.join(work, 'node', 'bin', 'node'))
    // Another run may have finished first: then keep its copy.
    await rename(path.join(work, 'node'), dir).catch((error: NodeJS.ErrnoException) => {
      if (!existsSync(node)) throw error
    })
    return { node }
  } catch (error) {
    const detail = (error as { stderr?: string }).stderr?.trim().split('\n').at(-1) || (error as Error).message
    return { unavailable: `could not fetch Node ${version} as the npm package ${packageName}@${version} (${detail})` }
  } finally {
    await rm(work, { recursive: true, force: true })
  }
}
