// `npm run bench`: runs every bench/*.bench.ts against the test daemon and prints one Markdown table
// (the one the README shows), with the machine it ran on.
import { readdir } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { getTestDaemon } from '../test/support/daemon'
import { ensureBusyboxImage, ensureDebianImage } from '../test/support/base-images'
import type { BenchRow, BenchRun } from './types'

const here = path.dirname(fileURLToPath(import.meta.url))

function format(ms: number | null, unit?: 'bytes'): string {
  if (ms === null) return '—'
  if (unit === 'bytes') return ms >= 1e6 ? `${(ms / 1e6).toFixed(2)} MB` : `${(ms / 1e3).toFixed(1)} kB`
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 10 ? 2 : 0)} ms`
}

async function main(): Promise<void> {
  const only = process.argv.slice(2)
  const files = (await readdir(here)).filter((f) => f.endsWith('.bench.ts') && (only.length === 0 || only.some((o) => f.includes(o)))).sort()
  const daemon = await getTestDaemon()
  const dockerHost = 'skip' in daemon ? null : daemon.dockerHost
  if ('skip' in daemon) console.warn(`No Docker daemon (${daemon.skip}): daemon benchmarks will be skipped`)
  else {
    process.env.SLIPWAY_TEST_DOCKER_HOST = daemon.dockerHost
    await ensureBusyboxImage(daemon.docker)
    await ensureDebianImage(daemon.docker)
  }
  const engine = 'skip' in daemon ? null : await daemon.docker.version()
  const rows: BenchRow[] = []
  try {
    for (const file of files) {
      const run = ((await import(pathToFileURL(path.join(here, file)).href)) as { run: BenchRun }).run
      console.error(`running ${file}…`)
      rows.push(...(await run({ dockerHost })))
    }
  } finally {
    if (!('skip' in daemon)) await daemon.stop()
  }
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU'
  console.log(`\nMachine: ${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}, Node ${process.version}`)
  if (engine) console.log(`Engine: ${engine.Platform?.Name || 'Docker Engine'} ${engine.Version} (API ${engine.ApiVersion}) at ${dockerHost}`)
  console.log(`Load average at the end: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}\n`)
  console.log('| What | Slipway | docker CLI | Ratio | Goal |')
  console.log('| --- | ---: | ---: | ---: | --- |')
  for (const row of rows) {
    const ratio = row.dockerMs ? (row.slipwayMs / row.dockerMs).toFixed(2) : '—'
    console.log(`| ${row.name}${row.note ? ` (${row.note})` : ''} | ${format(row.slipwayMs, row.unit)} | ${format(row.dockerMs, row.unit)} | ${ratio} | ${row.goal ?? ''} |`)
  }
}

await main()
