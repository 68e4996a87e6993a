// BuildKit builds: Slipway's default builder (BuildKit through its own session, runBuild as the app
// calls it) next to `docker buildx build` on the same engine and the same generated 20,000-file,
// 300 MB context: a cold build (the engine's build cache pruned before each, for both sides) and a
// rebuild after changing exactly one file, wall time, median of 5, measured in turns (CLI then Slipway,
// Slipway then CLI, …) so the load of a shared machine hits both alike. What the rebuild sent is read on both sides
// from BuildKit's own status ("transferring context: …"), so the two figures are counted the same way.
// Runs where the engine has BuildKit and a docker-buildx plugin is found (`npm run bench -- buildkit`;
// on Docker 26: `npx tsx test/support/engines/run.ts exec docker26 -- npm run bench -- buildkit`).
import { spawn, spawnSync } from 'node:child_process'
import { randomBytes, randomUUID } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { PassThrough, type Readable } from 'node:stream'
import type Dockerode from 'dockerode'
import { decodeStatusResponse } from '../src/main/docker/build/buildkit-stream'
import { engineHasBuildKit } from '../src/main/docker/build/builder-choice'
import type { EngineMessage } from '../src/main/docker/build/classic-stream'
import { readJsonMessages } from '../src/main/docker/build/json-stream'
import { runBuild } from '../src/main/docker/build/run-build'
import { readEngineInfo } from '../src/main/docker/engine-connection'
import type { EngineInfo } from '../src/shared/ipc/channels/engine'
import { dockerodeFor, startPrivateDockerd, type PrivateDockerd } from '../test/support/daemon'
import { ensureBusyboxImage } from '../test/support/base-images'
import { trixieRootPath } from '../test/support/engines/trixie-root'
import { DOCKERFILE, generateLargeContext } from './build.bench'
import { median, type BenchRow, type BenchRun } from './types'

const RUNS = 5
/** The file the rebuild finds changed (one of the 19,990 small ones). */
const CHANGED_FILE = path.join('src0', 'part0', 'file0.bin')
const TRANSFERRING_CONTEXT = 'transferring context:'
const msOf = (t: { seconds?: number | string | null; nanos?: number | null }): number => Number(t.seconds ?? 0) * 1000 + (t.nanos ?? 0) / 1e6

interface Measured {
  wallMs: number
  /** CPU of the client: Slipway's process, or the docker CLI and its buildx plugin. */
  cpuMs: number
  /** What BuildKit reported receiving for the context ("transferring context: …"). */
  contextBytes: number
  /** How long BuildKit's "[internal] load build context" step took (the transfer), in ms. */
  contextMs: number
}

/** go-units' HumanSize, as BuildKit's plain progress prints it: "315.52MB", "1.02kB", "683B" (powers of 1000). */
export function parseHumanSize(text: string): number {
  const match = /^([\d.]+)\s*([kMGT]?)B$/.exec(text.trim())
  if (!match) throw new Error(`not a size: ${text}`)
  return Number(match[1]) * 1000 ** ' kMGT'.indexOf(match[2] || ' ')
}

/** The last "transferring context: SIZE" of a `--progress=plain` log. */
export function contextBytesFromPlainLog(log: string): number {
  const sizes = [...log.matchAll(/transferring context: ([\d.]+\s*[kMGT]?B)/g)].map((m) => m[1]!)
  if (sizes.length === 0) throw new Error(`docker buildx build printed no "transferring context" line:\n${log.slice(-2000)}`)
  return parseHumanSize(sizes.at(-1)!)
}

/** How long the plain log's "[internal] load build context" step took, from its "#N DONE 9.4s". */
export function contextMsFromPlainLog(log: string): number {
  const step = /^#(\d+) \[internal\] load build context$/m.exec(log)?.[1]
  const done = step ? new RegExp(`^#${step} DONE ([\\d.]+)s$`, 'm').exec(log)?.[1] : undefined
  return done === undefined ? NaN : Number(done) * 1000
}

/**
 * A folder to use as DOCKER_CONFIG in which the CLI finds docker-buildx: the engine matrix's trixie root
 * holds it (the host's docker client may have none). Null when `docker buildx` works as is.
 */
async function buildxConfigDir(root: string): Promise<string | null> {
  const works = (env: NodeJS.ProcessEnv) => spawnSync('docker', ['buildx', 'version'], { env: { ...process.env, ...env }, stdio: 'ignore' }).status === 0
  if (works({})) return null
  const candidates = [path.join(trixieRootPath(), 'usr/libexec/docker/cli-plugins/docker-buildx'), '/usr/libexec/docker/cli-plugins/docker-buildx', '/usr/lib/docker/cli-plugins/docker-buildx']
  const plugin = candidates.find((candidate) => existsSync(candidate))
  if (!plugin) throw new Error(`no docker-buildx plugin (looked in ${candidates.join(', ')}); start the engine matrix once (test/support/engines/run.ts) or install docker-buildx`)
  const config = path.join(root, 'docker-config')
  await mkdir(path.join(config, 'cli-plugins'), { recursive: true })
  await symlink(plugin, path.join(config, 'cli-plugins', 'docker-buildx'))
  if (!works({ DOCKER_CONFIG: config })) throw new Error(`docker buildx does not run with ${plugin}`)
  return config
}

/** Runs the docker CLI; resolves with its output and the CPU it and its plugin used (bash's `time`: user + system). */
function docker(args: string[], env: NodeJS.ProcessEnv): Promise<{ log: string; cpuMs: number }> {
  return new Promise((resolve, reject) => {
    // The CLI's output on stdout, `time`'s on stderr.
    const child = spawn('bash', ['-c', 'TIMEFORMAT="%U %S"; time docker "$@" 2>&1', 'bash', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
    let log = ''
    let times = ''
    child.stdout.on('data', (d: Buffer) => (log += d.toString()))
    child.stderr.on('data', (d: Buffer) => (times += d.toString()))
    child.on('error', reject)
    child.on('close', (code) => {
      const cpu = /([\d.]+) ([\d.]+)\s*$/.exec(times)
      if (code !== 0 || !cpu) return reject(new Error(`docker ${args.join(' ')} failed (${code}):\n${log.slice(-3000)}${times}`))
      resolve({ log, cpuMs: (Number(cpu[1]) + Number(cpu[2])) * 1000 })
    })
  })
}

async function cliBuild(env: NodeJS.ProcessEnv, contextDir: string, tag: string): Promise<Measured> {
  const started = performance.now()
  const { log, cpuMs } = await docker(['buildx', 'build', '--progress=plain', '-t', tag, contextDir], env)
  return { wallMs: performance.now() - started, cpuMs, contextBytes: contextBytesFromPlainLog(log), contextMs: contextMsFromPlainLog(log) }
}

/**
 * A Dockerode whose `/build` progress is also read here, for BuildKit's "transferring context" status;
 * runBuild reads its own copy of the stream unchanged.
 */
function withContextTransferReader(dockerHost: string, seen: Pick<Measured, 'contextBytes' | 'contextMs'>): Dockerode {
  const client = dockerodeFor(dockerHost)
  const modem = client.modem as { dial: (options: { path?: string; isStream?: boolean }, callback: (error: unknown, response: unknown) => void) => void }
  const dial = modem.dial.bind(modem)
  modem.dial = (options, callback) =>
    dial(options, (error, response) => {
      if (error || options.path !== '/build?' || !options.isStream) return callback(error, response)
      const source = response as Readable
      const forBuild = new PassThrough()
      const forUs = new PassThrough()
      source.on('error', (e: Error) => {
        forBuild.destroy(e)
        forUs.destroy(e)
      })
      source.pipe(forBuild)
      source.pipe(forUs)
      void (async () => {
        for await (const message of readJsonMessages<EngineMessage>(forUs)) {
          if (message.id !== 'moby.buildkit.trace' || typeof message.aux !== 'string') continue
          const { statuses = [], vertexes = [] } = decodeStatusResponse(message.aux)
          for (const status of statuses) {
            if (status.ID === TRANSFERRING_CONTEXT && status.current !== undefined) seen.contextBytes = Math.max(seen.contextBytes, Number(status.current))
          }
          for (const vertex of vertexes) {
            if (vertex.name === '[internal] load build context' && vertex.started && vertex.completed) seen.contextMs = msOf(vertex.completed) - msOf(vertex.started)
          }
        }
      })().catch(() => undefined)
      callback(null, forBuild)
    })
  return client
}

async function slipwayBuild(dockerHost: string, contextDir: string, tag: string): Promise<Measured> {
  const seen = { contextBytes: 0, contextMs: NaN }
  const client = withContextTransferReader(dockerHost, seen)
  const dockerfilePath = path.join(contextDir, 'Dockerfile')
  const dockerfileText = await readFile(dockerfilePath, 'utf8')
  const cpu = process.cpuUsage()
  const started = performance.now()
  // No `builder`: the request builds with the engine's default, as the app's does.
  const outcome = await runBuild(client, { dockerfileText, dockerfilePath, contextDir, tags: [tag], buildArgs: [], target: null, noCache: false, pull: false }, new AbortController().signal)
  const wallMs = performance.now() - started
  const used = process.cpuUsage(cpu)
  if (outcome.status !== 'succeeded') throw new Error(`Slipway build failed: ${outcome.error}`)
  return { wallMs, cpuMs: (used.user + used.system) / 1000, ...seen }
}

/** Rewrites one file of the context with new bytes of the same size. */
async function changeOneFile(contextDir: string): Promise<void> {
  const file = path.join(contextDir, CHANGED_FILE)
  await writeFile(file, randomBytes((await stat(file)).size))
}

/** A private dockerd for the host's shared daemon (pruning its build cache would hit other runs); any other engine as given. */
async function benchEngine(shared: string): Promise<{ dockerHost: string; engine: PrivateDockerd | null }> {
  if (shared !== 'unix:///var/run/docker.sock' || process.getuid?.() !== 0) return { dockerHost: shared, engine: null }
  const engine = await startPrivateDockerd({ networking: 'none', name: 'bench-buildkit' })
  await ensureBusyboxImage(dockerodeFor(engine.dockerHost))
  return { dockerHost: engine.dockerHost, engine }
}

const loadAverage = (): string =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')

async function compare(dockerHost: string, engine: EngineInfo, cliEnv: NodeJS.ProcessEnv, contextDir: string): Promise<BenchRow[]> {
  const tag = `slipway-test/bench-buildkit-${randomUUID().slice(0, 6)}:1`
  // The build cache, and the images each build left untagged (300 MB each; removing them later takes long).
  const prune = async () => {
    await docker(['image', 'prune', '-f'], cliEnv)
    await docker(['builder', 'prune', '-af'], cliEnv)
  }
  const sides = {
    cli: { build: () => cliBuild(cliEnv, contextDir, tag), cold: [] as Measured[], rebuild: [] as Measured[] },
    slipway: { build: () => slipwayBuild(dockerHost, contextDir, tag), cold: [] as Measured[], rebuild: [] as Measured[] }
  }
  const loadBefore = loadAverage()
  try {
    // One warm-up of each (page cache, the engine, the base image's layers), then turns.
    for (const side of Object.values(sides)) await side.build()
    for (let i = 0; i < RUNS; i++) {
      // Who goes first alternates (A B, B A, …), so what one side's builds leave behind does not always fall on the other.
      const order = Object.entries(sides)
      for (const [name, side] of i % 2 === 0 ? order : order.reverse()) {
        await prune()
        side.cold.push(await side.build())
        await changeOneFile(contextDir)
        side.rebuild.push(await side.build())
        const said = (m: Measured) => `${m.wallMs.toFixed(0)} ms (CPU ${m.cpuMs.toFixed(0)} ms, context ${m.contextBytes} B in ${m.contextMs.toFixed(0)} ms)`
        console.error(`  run ${i + 1} ${name}: cold ${said(side.cold.at(-1)!)}, rebuild ${said(side.rebuild.at(-1)!)}; load ${loadAverage()}`)
      }
    }
  } finally {
    await dockerodeFor(dockerHost).getImage(tag).remove({ force: true }).catch(() => undefined)
    await prune().catch(() => undefined)
  }
  const figure = (which: 'cold' | 'rebuild', key: keyof Measured) => ({
    slipwayMs: median(sides.slipway[which].map((m) => m[key])),
    dockerMs: median(sides.cli[which].map((m) => m[key]))
  })
  // Each turn's two builds ran under about the same load: the median of their ratios is the steadier figure.
  const pairedRatio = (which: 'cold' | 'rebuild') => median(sides.slipway[which].map((m, i) => m.wallMs / sides.cli[which][i]!.wallMs)).toFixed(2)
  const note = `median of ${RUNS}, ${engine.name} ${engine.version}, load ${loadBefore} → ${loadAverage()}`
  return [
    { name: 'BuildKit: cold build, 20,000 files, 300 MB context (wall time)', ...figure('cold', 'wallMs'), goal: 'ratio ≤ 1.0', note: `${note}, build cache pruned; median ratio within a turn ${pairedRatio('cold')}` },
    { name: 'BuildKit: rebuild after changing one file (wall time)', ...figure('rebuild', 'wallMs'), goal: 'ratio ≤ 1.0', note: `${note}; median ratio within a turn ${pairedRatio('rebuild')}` },
    { name: 'BuildKit: context sent on the rebuild', ...figure('rebuild', 'contextBytes'), unit: 'bytes', goal: 'ratio ≤ 2', note: 'BuildKit\'s "transferring context"' },
    { name: 'BuildKit: client CPU, cold build', ...figure('cold', 'cpuMs'), note: 'user+system: Slipway\'s process, the CLI with its buildx plugin' },
    { name: 'BuildKit: client CPU, rebuild', ...figure('rebuild', 'cpuMs') }
  ]
}

export const run: BenchRun = async ({ dockerHost: shared }) => {
  if (!shared) return []
  const root = await mkdtemp(path.join(os.tmpdir(), 'slipway-bench-buildkit-'))
  const { dockerHost, engine: privateEngine } = await benchEngine(shared)
  try {
    const engine = await readEngineInfo(dockerodeFor(dockerHost), 10_000)
    // The engines on which BuildKit is Slipway's default builder (builder-choice.ts).
    if (!engineHasBuildKit(engine)) {
      console.error(`  skipped: Slipway builds with the classic builder on ${engine.name} ${engine.version} (API ${engine.apiVersion})`)
      return []
    }
    let config: string | null
    try {
      config = await buildxConfigDir(root)
    } catch (error) {
      console.error(`  skipped: ${(error as Error).message}`)
      return []
    }
    const cliEnv: NodeJS.ProcessEnv = { DOCKER_HOST: dockerHost, DOCKER_BUILDKIT: '1', ...(config ? { DOCKER_CONFIG: config } : {}) }
    const context = path.join(root, 'large')
    await mkdir(context)
    console.error('  generating a 20,000-file, 300 MB context…')
    await generateLargeContext(context)
    await writeFile(path.join(context, 'Dockerfile'), DOCKERFILE)
    return await compare(dockerHost, engine, cliEnv, context)
  } finally {
    await rm(root, { recursive: true, force: true })
    await privateEngine?.destroy()
  }
}
