// Inside an image: indexing a generated ~1 GB image (20 layers: files added, overwritten and deleted) from
// the engine's export stream, next to `docker save IMAGE > /dev/null` on the same engine (the export stream
// is the floor), and the main process's memory growth while indexing (goal ≤ 150 MB). The image is built
// once on the busybox test image and kept (labelled) for the next run.
import { spawn } from 'node:child_process'
import { performance } from 'node:perf_hooks'
import { dockerodeFor } from '../test/support/daemon'
import { BUSYBOX_IMAGE } from '../test/support/base-images'
import { indexArchive } from '../src/main/docker/images/layers/archive'
import { buildImageIndex } from '../src/main/docker/images/layers/image-index'
import { openImageExport } from '../src/main/docker/images/layers'
import { median, type BenchRow, type BenchRun } from './types'

const IMAGE = 'slipway-test/bench-layers:1gb'
const RUNS = 3
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

export const runBench: BenchRun = async ({ dockerHost }) => {
  if (!dockerHost) return []
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

  const save: number[] = []
  const index: number[] = []
  let growth = 0
  let entries = 0
  for (let i = 0; i < RUNS; i++) {
    // Alternating, so a busy machine slows both alike.
    // stdout is /dev/null (stdio 'ignore'): `docker save > /dev/null`.
    save.push(await run(['save', IMAGE], dockerHost))
    global.gc?.()
    const before = process.memoryUsage().rss
    let peak = before
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20)
    const started = performance.now()
    const archive = await indexArchive(await openImageExport(docker, imageId))
    const built = buildImageIndex(imageId, archive)
    index.push(performance.now() - started)
    clearInterval(sampler)
    peak = Math.max(peak, process.memoryUsage().rss)
    growth = Math.max(growth, peak - before)
    entries = built.layers.reduce((n, l) => n + l.entries.length, 0)
  }
  const note = `${(size / MB).toFixed(0)} MB image, 20 layers, ${entries} entries; memory grew ${(growth / MB).toFixed(0)} MB (goal ≤ 150 MB); docker CLI: docker save > /dev/null`
  const rows: BenchRow[] = [{ name: 'layers: index an image from its export stream', slipwayMs: median(index), dockerMs: median(save), goal: 'ratio ≤ 1.1', note }]
  return rows
}

export { runBench as run }
