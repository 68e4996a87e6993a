// Inside an image: indexing a generated ~1 GB image (20 layers: files added, overwritten and deleted) from
// the engine's export stream, as the app does it (the `layers` operation: export → index → cache file, its
// progress serialized as IPC would), next to `docker save IMAGE > /dev/null` on the same engine, and the main
// process's memory growth while indexing (goal ≤ 150 MB). Beside each run, the same export read as the index
// reads it (raw, into the shared ring, on the reader thread) with nothing indexed: the floor, so the gap between
// that row and the index row is what indexing itself costs. The image is built once on the busybox test image
// and kept (labelled).
import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { constants as perfConstants, performance, PerformanceObserver } from 'node:perf_hooks'
import type Dockerode from 'dockerode'
import { dockerodeFor } from '../test/support/daemon'
import { BUSYBOX_IMAGE } from '../test/support/base-images'
import { ImageFiles, LayerIndexCache, type StartIndexWorker } from '../src/main/docker/images/layers'
import { exportRequestFor } from '../src/main/docker/images/layers/export-request'
import { createExportRing, RingReader } from '../src/main/docker/images/layers/export-ring'
import { Operations } from '../src/main/operations'
import { builtIndexWorker, builtIndexWorkerScript } from '../test/support/index-worker'
import { median, type BenchRun } from './types'

const IMAGE = 'slipway-test/bench-layers:1gb'
const RUNS = 5
const MB = 1_000_000

/**
 * 20 layers of files from /dev/urandom (incompressible, so the export is as large as the image): 10 layers add
 * 80 MB each in 8 files, 5 overwrite half of an earlier layer's files, 4 delete files, 1 adds 5,000 small files.
 */
function dockerfile(): string {
  const steps: string[] = [`FROM ${BUSYBOX_IMAGE}`, 'LABEL com.slipway.test="1"']
  for (let layer = 0; layer < 10; layer++) steps.push(`RUN mkdir -p /data/l${layer} && for i in 1 2 3 4 5 6 7 8; do head -c ${10 * MB} /dev/urandom > /data/l${layer}/f$i; done`)
  for (let layer = 0; layer < 5; layer++) steps.push(`RUN for i in 1 2 3 4; do head -c ${5 * MB} /dev/urandom > /data/l${layer}/f$i; done`)
  for (let layer = 5; layer < 9; layer++) steps.push(`RUN rm -f /data/l${layer}/f1 /data/l${layer}/f2`)
  steps.push('RUN mkdir -p /small && for i in $(seq 1 5000); do echo $i > /small/s$i; done')
  return `${steps.join('\n')}\n`
}

function run(args: string[], dockerHost: string, input?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const child = spawn('docker', args, { env: { ...process.env, DOCKER_HOST: dockerHost, DOCKER_BUILDKIT: '0' }, stdio: ['pipe', 'ignore', 'pipe'] })
    let err = ''
    child.stderr.on('data', (d: Buffer) => (err += d.toString()))
    child.on('error', reject)
    child.on('close', (code) => (code === 0 ? resolve(performance.now() - started) : reject(new Error(`docker ${args.join(' ')}: ${err}`))))
    child.stdin.end(input ?? '')
  })
}

interface Timed {
  ms: number
  /** This process's CPU (user + system, all threads) meanwhile. */
  cpuMs: number
  /** V8's major (mark-compact) collections meanwhile. */
  majorGcs: number
}

/**
 * The main thread's major GCs. Streaming 900 MB allocates an ArrayBuffer per socket read; read on the main
 * thread, whose heap is large, that cost 30-60 mark-compacts per pass (about a second of CPU). The index worker
 * has a heap of its own, so this stays near zero.
 */
let majorGcs = 0
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) if ((entry as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind === perfConstants.NODE_PERFORMANCE_GC_MAJOR) majorGcs++
}).observe({ entryTypes: ['gc'] })

async function timed(work: () => Promise<unknown>): Promise<Timed> {
  const gcs = majorGcs
  const cpu = process.cpuUsage()
  const started = performance.now()
  await work()
  const used = process.cpuUsage(cpu)
  const ms = performance.now() - started
  // GC entries arrive on a later turn of the event loop.
  await new Promise((resolve) => setTimeout(resolve, 20))
  return { ms, cpuMs: (used.user + used.system) / 1000, majorGcs: majorGcs - gcs }
}

/**
 * The export read raw into the shared ring by the index worker's reader thread, as the index reads it, and
 * dropped from the ring as it fills, nothing indexed: the floor for Slipway's way of reading it.
 */
async function readExport(docker: Dockerode, imageId: string, startWorker: StartIndexWorker): Promise<void> {
  const request = exportRequestFor(docker, imageId)
  if (!request) throw new Error('the bench engine must be reached through a socket or TCP')
  const ring = createExportRing()
  const worker = startWorker({ workerData: { role: 'reader', request, ring } })
  try {
    const reader = new RingReader(ring)
    for (let bytes = await reader.next(); bytes; bytes = await reader.next()) reader.release(bytes.length)
    if (reader.failed) throw new Error('reading the export failed')
  } finally {
    await worker.terminate()
  }
}

/** The `layers` operation on a cold cache, as the app runs it; resolves with the entries indexed. */
async function indexImage(docker: Dockerode, imageId: string, operations: Operations, startWorker: StartIndexWorker): Promise<number> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'slipway-bench-layers-'))
  try {
    const files = new ImageFiles(new LayerIndexCache(dir), startWorker)
    const ended = await operations.wait((await files.index(operations, docker, imageId)).id)
    if (ended.state !== 'finished' || ended.kind !== 'layers' || !ended.result) throw new Error(`indexing ended ${ended.state}: ${ended.error}`)
    return ended.result.layers.reduce((n, layer) => n + layer.entries, 0)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

export const runBench: BenchRun = async ({ dockerHost }) => {
  if (!dockerHost) return []
  // The worker script the app runs (`npm run bench` builds it first).
  const script = builtIndexWorkerScript()
  if (!script) throw new Error('No bundled index worker in out/main/chunks: run `npm run bench`, which builds it, or `npm run build` first.')
  const startWorker = builtIndexWorker(script)
  const docker = dockerodeFor(dockerHost)
  const exists = await docker.getImage(IMAGE).inspect().then(
    () => true,
    () => false
  )
  if (!exists) {
    console.error(`  building ${IMAGE} (about 1 GB, 20 layers)…`)
    await run(['build', '-q', '-t', IMAGE, '-'], dockerHost, dockerfile())
  }
  const { Id: imageId, Size: size } = await docker.getImage(IMAGE).inspect()
  // Progress leaves the main process by IPC: serialize each batch as the transport would.
  const operations = new Operations({ emit: (updates) => void JSON.stringify(updates) })

  const save: number[] = []
  const floor: Timed[] = []
  const index: Timed[] = []
  let growth = 0
  let entries = 0
  try {
    for (let i = 0; i < RUNS; i++) {
      // Side by side in each run, so a busy machine slows all three alike.
      // stdout is /dev/null (stdio 'ignore'): `docker save > /dev/null`.
      save.push(await run(['save', IMAGE], dockerHost))
      floor.push(await timed(() => readExport(docker, imageId, startWorker)))
      global.gc?.()
      const before = process.memoryUsage().rss
      let peak = before
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20)
      index.push(
        await timed(async () => {
          entries = await indexImage(docker, imageId, operations, startWorker)
        })
      )
      clearInterval(sampler)
      peak = Math.max(peak, process.memoryUsage().rss)
      growth = Math.max(growth, peak - before)
    }
  } finally {
    operations.dispose()
  }
  const cpu = (list: Timed[]) => `${(median(list.map((t) => t.cpuMs)) / 1000).toFixed(2)} s, major GCs per run ${list.map((t) => t.majorGcs).join('/')}`
  const image = `${(size / MB).toFixed(0)} MB image, 20 layers, ${entries} entries; median of ${RUNS}`
  return [
    {
      name: 'layers: index an image from its export stream',
      slipwayMs: median(index.map((t) => t.ms)),
      dockerMs: median(save),
      goal: 'ratio ≤ 1.1',
      note: `${image}; memory grew ${(growth / MB).toFixed(0)} MB (goal ≤ 150 MB); process CPU ${cpu(index)}; docker CLI: docker save > /dev/null`
    },
    {
      name: 'layers: the same export read raw into the ring by the reader thread, nothing indexed (the floor)',
      slipwayMs: median(floor.map((t) => t.ms)),
      dockerMs: median(save),
      note: `${image}; process CPU ${cpu(floor)}`
    }
  ]
}

export { runBench as run }
