// A Debian trixie root file system holding the engines of the test matrix (Docker Engine 26 with
// docker-buildx, Podman 5), made once by debootstrap and apt-get from this machine's Debian mirror and
// cached as a folder in ~/.cache/slipway-test. The daemons run from it read-only (an overlay on top).
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { debianMirror } from '../base-images'
import { removeTreeUnmounting } from '../processes'

const SUITE = 'trixie'
/** Bump when what goes into the root changes in a way the key below does not see. */
const ROOT_VERSION = 1
export const TRIXIE_PACKAGES = [
  'docker.io',
  'docker-buildx',
  'containerd',
  'runc',
  'podman',
  'conmon',
  'netavark',
  'iptables',
  'nftables',
  'iproute2',
  'ca-certificates'
]

export function log(message: string): void {
  process.stderr.write(`[slipway engines] ${message}\n`)
}

export function cacheDir(): string {
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache')
  return path.join(base, 'slipway-test')
}

/** The cached root's folder: its name changes with everything that goes into it. */
export function trixieRootPath(mirror = debianMirror()): string {
  const source = [SUITE, os.arch(), mirror, ROOT_VERSION, ...TRIXIE_PACKAGES].join(' ')
  const key = createHash('sha256').update(source).digest('hex').slice(0, 12)
  return path.join(cacheDir(), `trixie-engines-${os.arch()}-${key}`)
}

/** The root folder, made now (about 30 s and 1 GB) unless a previous run cached it. */
export async function ensureTrixieRoot(): Promise<string> {
  const mirror = debianMirror()
  const root = trixieRootPath(mirror)
  // The folder gets its final name only when complete, so existing means usable.
  if (existsSync(root)) return root
  if (process.getuid?.() !== 0) throw new Error(`making the trixie engine root needs root (debootstrap, chroot); ${root} is not cached`)

  mkdirSync(cacheDir(), { recursive: true })
  const partial = `${root}.${process.pid}.partial`
  removeTreeUnmounting(partial)
  const started = Date.now()
  log(`making ${root}: debootstrap --variant=minbase ${SUITE} from ${mirror}, then apt-get install ${TRIXIE_PACKAGES.join(' ')} (once; cached)`)
  try {
    await run('debootstrap', ['--variant=minbase', SUITE, partial, mirror])
    // No package may start a service while it is installed into the root.
    writeFileSync(path.join(partial, 'usr/sbin/policy-rc.d'), '#!/bin/sh\nexit 101\n', { mode: 0o755 })
    const apt = [
      'apt-get update -qq',
      `apt-get install -y -qq --no-install-recommends ${TRIXIE_PACKAGES.join(' ')} >/dev/null`,
      'apt-get clean',
      'rm -rf /var/lib/apt/lists/*'
    ].join(' && ')
    // /proc for the maintainer scripts, in a mount namespace of its own so nothing stays mounted.
    await run('unshare', [
      '--mount',
      '--propagation',
      'private',
      '--',
      'sh',
      '-c',
      'mount -t proc proc "$1/proc" && exec chroot "$1" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive sh -c "$2"',
      'chroot-apt',
      partial,
      apt
    ])
    try {
      renameSync(partial, root)
    } catch (error) {
      // Another run finished first: keep its copy.
      if (!existsSync(root)) throw error
      removeTreeUnmounting(partial)
    }
  } catch (error) {
    removeTreeUnmounting(partial)
    throw error
  }
  removeStaleRoots(root)
  log(`cached ${root} after ${((Date.now() - started) / 1000).toFixed(0)}s`)
  return root
}

/** Old roots (another key) take a gigabyte each: removed when a new one is made. */
function removeStaleRoots(keep: string): void {
  for (const name of readdirSync(cacheDir())) {
    const full = path.join(cacheDir(), name)
    if (name.startsWith('trixie-engines-') && full !== keep && !name.endsWith('.partial')) rmSync(full, { recursive: true, force: true })
  }
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } })
    const tail: string[] = []
    const keep = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) tail.push(line)
      tail.splice(0, Math.max(0, tail.length - 30))
    }
    child.stdout.on('data', keep)
    child.stderr.on('data', keep)
    child.on('error', reject)
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.slice(0, 3).join(' ')} … exited with ${code}:\n${tail.join('\n')}`))))
  })
}
