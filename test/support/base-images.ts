// Base images made without a registry: busybox FROM scratch from Debian's
// busybox-static, and Debian bookworm from debootstrap, cached as a tarball.
import { execFileSync, spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { createReadStream, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import type { Readable } from 'node:stream'
import type Dockerode from 'dockerode'
import { TEST_LABEL } from './daemon'
import { removeTreeUnmounting } from './processes'

export const BUSYBOX_IMAGE = 'slipway-test/busybox:latest'
export const DEBIAN_IMAGE = 'slipway-test/debian:bookworm'

/** Identifies the content an image was made from, so a changed input rebuilds it. */
const SOURCE_LABEL = 'com.slipway.test.source'
const BUSYBOX_BINARY = '/bin/busybox'
const DEBIAN_SUITE = 'bookworm'
const DEFAULT_MIRROR = 'http://deb.debian.org/debian'

// tar-stream ships without types; this is the part we use.
interface TarPack extends Readable {
  entry(header: { name: string; type?: 'file' | 'directory' | 'symlink'; mode?: number; linkname?: string; mtime?: Date }, content?: Buffer | string): void
  finalize(): void
}
const tarStream = createRequire(import.meta.url)('tar-stream') as { pack(): TarPack }

function log(message: string): void {
  process.stderr.write(`[slipway tests] ${message}\n`)
}

async function imageSource(docker: Dockerode, reference: string): Promise<string | null> {
  try {
    const info = await docker.getImage(reference).inspect()
    return info.Config?.Labels?.[SOURCE_LABEL] ?? null
  } catch {
    return null
  }
}

// ---------------------------------------------------------------------------
// busybox

export async function ensureBusyboxImage(docker: Dockerode): Promise<string> {
  if (!existsSync(BUSYBOX_BINARY)) throw new Error(`${BUSYBOX_BINARY} is missing (apt-get install busybox-static)`)
  const binary = readFileSync(BUSYBOX_BINARY)
  const source = `busybox-sha256:${createHash('sha256').update(binary).digest('hex').slice(0, 16)}`
  if ((await imageSource(docker, BUSYBOX_IMAGE)) === source) return BUSYBOX_IMAGE

  const context = busyboxContext(binary, source)
  const stream = await docker.buildImage(context, { t: BUSYBOX_IMAGE, rm: true, forcerm: true })
  await followBuild(docker, stream)
  return BUSYBOX_IMAGE
}

/** The build context: a Dockerfile and rootfs/ with busybox and its applet symlinks (what `busybox --install -s` makes). */
function busyboxContext(binary: Buffer, source: string): TarPack {
  const applets = execFileSync(BUSYBOX_BINARY, ['--list-full'], { encoding: 'utf8' })
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.includes('/') && line !== 'bin/busybox')
  const dockerfile = [
    'FROM scratch',
    'COPY rootfs/ /',
    `LABEL ${TEST_LABEL}="1" ${SOURCE_LABEL}="${source}"`,
    'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    'CMD ["sh"]',
    ''
  ].join('\n')

  const pack = tarStream.pack()
  const mtime = new Date(0)
  const dirs = new Set(['rootfs', 'rootfs/bin', 'rootfs/tmp', 'rootfs/etc', 'rootfs/root', 'rootfs/var', 'rootfs/var/www'])
  for (const applet of applets) {
    const parts = path.posix.dirname(`rootfs/${applet}`).split('/')
    for (let i = 1; i <= parts.length; i++) dirs.add(parts.slice(0, i).join('/'))
  }
  pack.entry({ name: 'Dockerfile', mtime }, dockerfile)
  for (const dir of [...dirs].sort()) pack.entry({ name: dir, type: 'directory', mode: dir === 'rootfs/tmp' ? 0o1777 : 0o755, mtime })
  pack.entry({ name: 'rootfs/bin/busybox', mode: 0o755, mtime }, binary)
  for (const applet of applets) pack.entry({ name: `rootfs/${applet}`, type: 'symlink', linkname: '/bin/busybox', mtime })
  pack.entry({ name: 'rootfs/etc/passwd', mode: 0o644, mtime }, 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n')
  pack.entry({ name: 'rootfs/etc/group', mode: 0o644, mtime }, 'root:x:0:\nnogroup:x:65534:\n')
  pack.finalize()
  return pack
}

async function followBuild(docker: Dockerode, stream: NodeJS.ReadableStream): Promise<void> {
  const output = await new Promise<Array<{ error?: string; errorDetail?: { message?: string }; stream?: string }>>((resolve, reject) =>
    docker.modem.followProgress(stream, (err: Error | null, res: unknown[]) => (err ? reject(err) : resolve(res as never)))
  )
  const failed = output.find((line) => line.error || line.errorDetail)
  if (failed) {
    const transcript = output.map((line) => line.stream ?? '').join('')
    throw new Error(`building ${BUSYBOX_IMAGE} failed: ${failed.errorDetail?.message ?? failed.error}\n${transcript}`)
  }
}

// ---------------------------------------------------------------------------
// Debian

export async function ensureDebianImage(docker: Dockerode): Promise<string> {
  const mirror = debianMirror()
  const source = `debootstrap-minbase:${DEBIAN_SUITE}:${os.arch()}:${mirror}`
  if ((await imageSource(docker, DEBIAN_IMAGE)) === source) return DEBIAN_IMAGE

  const tarball = await ensureDebianTarball(mirror, source)
  const started = Date.now()
  const [repo, tag] = DEBIAN_IMAGE.split(':') as [string, string]
  const stream = await docker.importImage(createReadStream(tarball) as unknown as string, {
    repo,
    tag,
    changes: [`LABEL ${TEST_LABEL}="1" ${SOURCE_LABEL}="${source}"`, 'CMD ["bash"]']
  } as object)
  await new Promise<void>((resolve, reject) =>
    docker.modem.followProgress(stream, (err: Error | null, res: Array<{ error?: string }>) => {
      const failed = res?.find((line) => line.error)
      if (err || failed) reject(err ?? new Error(`docker import of ${tarball} failed: ${failed?.error}`))
      else resolve()
    })
  )
  log(`imported ${DEBIAN_IMAGE} from ${tarball} in ${((Date.now() - started) / 1000).toFixed(1)}s`)
  return DEBIAN_IMAGE
}

function cacheDir(): string {
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache')
  return path.join(base, 'slipway-test')
}

/** The Debian mirror this machine's apt uses (so the tests reach what the machine may reach). */
export function debianMirror(): string {
  const files = ['/etc/apt/sources.list']
  try {
    for (const name of readdirSync('/etc/apt/sources.list.d')) files.push(path.join('/etc/apt/sources.list.d', name))
  } catch {
    // no sources.list.d
  }
  for (const file of files) {
    let text: string
    try {
      text = readFileSync(file, 'utf8')
    } catch {
      continue
    }
    const found = file.endsWith('.sources') ? mirrorFromDeb822(text) : mirrorFromOneLine(text)
    if (found) return found.replace(/\/+$/, '')
  }
  return DEFAULT_MIRROR
}

function mirrorFromOneLine(text: string): string | null {
  for (const line of text.split('\n')) {
    const words = line.replace(/#.*/, '').replace(/\[[^\]]*\]/, '').trim().split(/\s+/)
    if (words[0] === 'deb' && words[2] === DEBIAN_SUITE && words[1]) return words[1]
  }
  return null
}

function mirrorFromDeb822(text: string): string | null {
  for (const stanza of text.split(/\n\s*\n/)) {
    const fields = new Map<string, string>()
    for (const line of stanza.split('\n')) {
      const match = /^([A-Za-z-]+):\s*(.*)$/.exec(line)
      if (match) fields.set(match[1]!.toLowerCase(), match[2]!.trim())
    }
    if (fields.get('enabled') === 'no' || !(fields.get('types') ?? '').split(/\s+/).includes('deb')) continue
    if (!(fields.get('suites') ?? '').split(/\s+/).includes(DEBIAN_SUITE)) continue
    const uri = (fields.get('uris') ?? '').split(/\s+/)[0]
    if (uri) return uri
  }
  return null
}

async function ensureDebianTarball(mirror: string, source: string): Promise<string> {
  const dir = cacheDir()
  const key = createHash('sha256').update(source).digest('hex').slice(0, 12)
  const tarball = path.join(dir, `debian-${DEBIAN_SUITE}-minbase-${os.arch()}-${key}.tar`)
  if (existsSync(tarball)) return tarball

  mkdirSync(dir, { recursive: true })
  if (process.getuid?.() !== 0) throw new Error(`making ${DEBIAN_IMAGE} needs debootstrap as root (cache ${tarball} not found)`)
  const rootfs = path.join(dir, `rootfs-${process.pid}`)
  const partial = `${tarball}.${process.pid}.partial`
  const started = Date.now()
  log(`making ${DEBIAN_IMAGE}: debootstrap --variant=minbase ${DEBIAN_SUITE} from ${mirror} (takes minutes, once; cached in ${dir})`)
  try {
    await run('debootstrap', ['--variant=minbase', DEBIAN_SUITE, rootfs, mirror], 'debootstrap')
    // Package lists and downloaded .debs only make the image bigger; containers run apt-get update anyway.
    for (const sub of ['var/cache/apt/archives', 'var/lib/apt/lists']) {
      const full = path.join(rootfs, sub)
      for (const name of readdirSync(full)) {
        if (name !== 'partial' && name !== 'lock') rmSync(path.join(full, name), { recursive: true, force: true })
      }
    }
    log(`debootstrap done in ${((Date.now() - started) / 1000).toFixed(0)}s; packing ${tarball}`)
    await run('tar', ['--numeric-owner', '-C', rootfs, '-cf', partial, '.'], 'tar')
    renameSync(partial, tarball)
  } finally {
    rmSync(partial, { force: true })
    removeTreeUnmounting(rootfs)
  }
  log(`cached ${tarball} (${(statSync(tarball).size / 1e6).toFixed(0)} MB) after ${((Date.now() - started) / 1000).toFixed(0)}s`)
  return tarball
}

/** Runs a command, passing its output on as progress lines; fails with the output's tail. */
function run(command: string, args: string[], tag: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } })
    const tail: string[] = []
    const onData = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line.trim()) continue
        tail.push(line)
        if (tail.length > 30) tail.shift()
        // debootstrap prints a line per package per step; the step lines are the progress worth showing.
        if (!/^I: (Retrieving|Validating|Extracting|Unpacking|Configuring) [^ ]+?(\.\.\.| \S*\d\S*)$/.test(line.trim())) log(`${tag}: ${line}`)
      }
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.on('error', reject)
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited with ${code}:\n${tail.join('\n')}`))))
  })
}
