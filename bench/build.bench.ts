// Build time through Slipway's build service next to `DOCKER_BUILDKIT=0 docker build` on the
// same daemon, same context, no cache: a generated 20,000-file, 300 MB context and a small one.
// Client CPU is reported beside wall time, since packing the context competes with the daemon
// on a small machine. The contexts are generated under the temp folder and removed afterwards.
import { spawn } from 'node:child_process'
import { randomBytes, randomUUID } from 'node:crypto'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { runBuild } from '../src/main/docker/build/run-build'
import { BUSYBOX_IMAGE, ensureBusyboxImage } from '../test/support/base-images'
import { dockerodeFor, startPrivateDockerd, type PrivateDockerd } from '../test/support/daemon'
import { median, type BenchRow, type BenchRun } from './types'

interface Measured {
  wallMs: number
  cpuMs: number
}

export const DOCKERFILE = `FROM ${BUSYBOX_IMAGE}\nCOPY . /context\nRUN du -s /context\n`

/** 20,000 files: 19,990 of ~12 KB in 200 folders and 10 of 6 MB; random bytes, so nothing compresses. */
export async function generateLargeContext(dir: string): Promise<void> {
  const pool = randomBytes(64 * 1024 * 1024)
  let offset = 0
  const take = (size: number): Buffer => {
    if (offset + size > pool.length) offset = (offset * 7919 + 13) % (pool.length - size)
    const slice = pool.subarray(offset, offset + size)
    offset += size
    return slice
  }
  for (let folder = 0; folder < 200; folder++) {
    const sub = path.join(dir, `src${folder}`, `part${folder % 7}`)
    await mkdir(sub, { recursive: true })
    const count = folder < 190 ? 100 : 99
    await Promise.all(Array.from({ length: count }, (_, i) => writeFile(path.join(sub, `file${i}.bin`), take(9_000 + ((folder * 100 + i) % 7_000)))))
  }
  await mkdir(path.join(dir, 'data'), { recursive: true })
  for (let i = 0; i < 10; i++) await writeFile(path.join(dir, 'data', `blob${i}.bin`), take(6 * 1024 * 1024))
}

async function generateSmallContext(dir: string): Promise<void> {
  await writeFile(path.join(dir, 'app.py'), 'print("hello")\n')
  await writeFile(path.join(dir, 'requirements.txt'), 'flask\n')
  await mkdir(path.join(dir, 'static'))
  for (let i = 0; i < 20; i++) await writeFile(path.join(dir, 'static', `f${i}.css`), `.c${i} { color: red; }\n`.repeat(50))
}

/** `docker build` with the classic builder; CPU from bash's `time` (user + system of the CLI). */
function dockerBuild(dockerHost: string, contextDir: string, tag: string): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const child = spawn('bash', ['-c', 'TIMEFORMAT="%U %S"; time docker build --no-cache -q -t "$1" "$2" >/dev/null', 'bash', tag, contextDir], {
      env: { ...process.env, DOCKER_HOST: dockerHost, DOCKER_BUILDKIT: '0' },
      stdio: ['ignore', 'ignore', 'pipe']
    })
    let err = ''
    child.stderr.on('data', (d: Buffer) => (err += d.toString()))
    child.on('error', reject)
    child.on('close', (code) => {
      const wallMs = performance.now() - started
      const times = /([\d.]+) ([\d.]+)\s*$/.exec(err)
      if (code !== 0 || !times) return reject(new Error(`docker build failed: ${err}`))
      resolve({ wallMs, cpuMs: (Number(times[1]) + Number(times[2])) * 1000 })
    })
  })
}

async function slipwayBuild(dockerHost: string, contextDir: string, tag: string): Promise<Measured> {
  const docker = dockerodeFor(dockerHost)
  const dockerfileText = await readFile(path.join(contextDir, 'Dockerfile'), 'utf8')
  const cpu = process.cpuUsage()
  const started = performance.now()
  const outcome = await runBuild(
    docker,
    { dockerfileText, dockerfilePath: path.join(contextDir, 'Dockerfile'), contextDir, tags: [tag], buildArgs: [], target: null, noCache: true, pull: false, builder: 'classic' },
    new AbortController().signal
  )
  const wallMs = performance.now() - started
  const used = process.cpuUsage(cpu)
  if (outcome.status !== 'succeeded') throw new Error(`Slipway build failed: ${outcome.error}`)
  return { wallMs, cpuMs: (used.user + used.system) / 1000 }
}

/** Other test runs on a shared daemon may remove a labelled image the moment it is built; such a run is repeated. */
async function retried(work: () => Promise<Measured>): Promise<Measured> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work()
    } catch (error) {
      if (attempt >= 3 || !/failed to get digest|No such image|no such file or directory/i.test(String((error as Error).message))) throw error
      console.error('  the image vanished right after the build (another run cleaned up); measuring again')
    }
  }
}

async function compare(dockerHost: string, label: string, contextDir: string, runs: number): Promise<BenchRow[]> {
  const docker = dockerodeFor(dockerHost)
  const tag = `slipway-test/bench-build-${randomUUID().slice(0, 6)}:1`
  const slipway: Measured[] = []
  const cli: Measured[] = []
  try {
    // One warm-up of each (page cache, daemon), then alternate so drift hits both alike.
    await retried(() => slipwayBuild(dockerHost, contextDir, tag))
    await retried(() => dockerBuild(dockerHost, contextDir, tag))
    for (let i = 0; i < runs; i++) {
      slipway.push(await retried(() => slipwayBuild(dockerHost, contextDir, tag)))
      cli.push(await retried(() => dockerBuild(dockerHost, contextDir, tag)))
      console.error(`  ${label} run ${i + 1}: Slipway ${slipway.at(-1)!.wallMs.toFixed(0)} ms (CPU ${slipway.at(-1)!.cpuMs.toFixed(0)} ms), docker ${cli.at(-1)!.wallMs.toFixed(0)} ms (CPU ${cli.at(-1)!.cpuMs.toFixed(0)} ms)`)
    }
  } finally {
    await docker.getImage(tag).remove({ force: true }).catch(() => undefined)
  }
  return [
    { name: `build: ${label}, no cache (wall time)`, slipwayMs: median(slipway.map((m) => m.wallMs)), dockerMs: median(cli.map((m) => m.wallMs)), goal: 'ratio ≤ 1.05', note: `median of ${runs}, classic builder` },
    { name: `build: ${label}, client CPU`, slipwayMs: median(slipway.map((m) => m.cpuMs)), dockerMs: median(cli.map((m) => m.cpuMs)), note: 'user+system of the client process' }
  ]
}

/**
 * A private dockerd when we may start one: on a shared daemon, other test runs' cleanup removes fresh
 * labelled images (our intermediate images inherit the label from the base image) in the middle of a
 * long build. Both sides are measured against the same daemon either way.
 */
async function benchDaemon(shared: string): Promise<{ dockerHost: string; engine: PrivateDockerd | null }> {
  if (process.getuid?.() !== 0) return { dockerHost: shared, engine: null }
  try {
    const engine = await startPrivateDockerd({ networking: 'none', name: 'bench-build' })
    await ensureBusyboxImage(dockerodeFor(engine.dockerHost))
    return { dockerHost: engine.dockerHost, engine }
  } catch (error) {
    console.error(`  no private dockerd (${(error as Error).message}); using ${shared}`)
    return { dockerHost: shared, engine: null }
  }
}

export const run: BenchRun = async ({ dockerHost: shared }) => {
  if (!shared) return []
  const { dockerHost, engine } = await benchDaemon(shared)
  const root = await mkdtemp(path.join(os.tmpdir(), 'slipway-bench-build-'))
  try {
    const small = path.join(root, 'small')
    const large = path.join(root, 'large')
    await mkdir(small)
    await mkdir(large)
    await generateSmallContext(small)
    await writeFile(path.join(small, 'Dockerfile'), DOCKERFILE)
    console.error('  generating a 20,000-file, 300 MB context…')
    await generateLargeContext(large)
    await writeFile(path.join(large, 'Dockerfile'), DOCKERFILE)
    return [...(await compare(dockerHost, 'small context (22 files)', small, 5)), ...(await compare(dockerHost, '20,000 files, 300 MB context', large, 5))]
  } finally {
    await rm(root, { recursive: true, force: true })
    await engine?.destroy()
  }
}
