// Images view with 2,000 tags on the daemon: launch to first rows, a CLI `docker tag` to its row, and
// scrolling, next to `docker images` on the same daemon. Tags are made on the busybox base image and
// removed afterwards (only untagged: the image itself stays).
import { spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { performance } from 'node:perf_hooks'
import { dockerodeFor } from '../test/support/daemon'
import { BUSYBOX_IMAGE } from '../test/support/base-images'
import { launchApp } from '../test/e2e/harness'
import { median, type BenchRow, type BenchRun } from './types'

const TAGS = 2000

/** Scrolls the Images grid 200 px per frame (a brisk wheel) for up to 300 frames; resolves with the mean frame interval (ms). */
const SCROLL_SCRIPT = `new Promise((resolve) => {
  const el = document.querySelector('[role="grid"][aria-label="Images"]')
  const frames = []
  let last = performance.now()
  function step() {
    const now = performance.now()
    frames.push(now - last)
    last = now
    if (el.scrollTop + el.clientHeight >= el.scrollHeight - 1 || frames.length > 300) {
      const counted = frames.slice(1)
      resolve(counted.reduce((a, b) => a + b, 0) / Math.max(1, counted.length))
    } else {
      el.scrollTop += 200
      requestAnimationFrame(step)
    }
  }
  requestAnimationFrame(step)
})`
const RUNS = 3

function timeCli(dockerHost: string, args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const child = spawn('docker', args, { env: { ...process.env, DOCKER_HOST: dockerHost }, stdio: ['ignore', 'ignore', 'pipe'] })
    let err = ''
    child.stderr.on('data', (d: Buffer) => (err += d.toString()))
    child.on('error', reject)
    child.on('close', (code) => (code === 0 ? resolve(performance.now() - started) : reject(new Error(`docker ${args.join(' ')}: ${err}`))))
  })
}

async function inParallel<T>(items: T[], limit: number, work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) await work(items[next++]!)
    })
  )
}

export const run: BenchRun = async ({ dockerHost }) => {
  if (!dockerHost) return []
  const docker = dockerodeFor(dockerHost)
  const prefix = `slipway-test/bench-images-${randomUUID().slice(0, 6)}`
  const tags = Array.from({ length: TAGS }, (_, i) => ({ repo: `${prefix}-${i % 40}`, tag: `t${i}` }))
  const extra: string[] = []
  const rows: BenchRow[] = []
  try {
    console.error(`  tagging ${BUSYBOX_IMAGE} ${TAGS} times…`)
    await inParallel(tags, 8, (t) => docker.getImage(BUSYBOX_IMAGE).tag(t))
    const total = (await docker.listImages()).reduce((n, image) => n + (image.RepoTags?.length ?? 1), 0)
    const note = `${total} tags on the daemon`

    const dockerImages: number[] = []
    for (let i = 0; i < RUNS; i++) dockerImages.push(await timeCli(dockerHost, ['images']))
    const dockerImagesMs = median(dockerImages)

    const launchToRows: number[] = []
    const viewToRows: number[] = []
    const tagToRow: number[] = []
    const dockerTagThenImages: number[] = []
    const frameMs: number[] = []
    for (let i = 0; i < RUNS; i++) {
      const launched = performance.now()
      const app = await launchApp({ dockerHost })
      try {
        const { page } = app
        await page.getByRole('button', { name: 'Images', exact: true }).waitFor()
        const clicked = performance.now()
        await page.getByRole('button', { name: 'Images', exact: true }).click()
        await page.waitForFunction(() => document.querySelectorAll('[aria-label="Images"] [role="rowgroup"]:last-child [role="row"]').length > 0, undefined, { polling: 'raf', timeout: 60_000 })
        const shown = performance.now()
        launchToRows.push(shown - launched)
        viewToRows.push(shown - clicked)

        // Scrolling the whole list: the mean frame interval while the grid scrolls by a screen per frame.
        await page.waitForTimeout(500)
        // A string, so the bundler's helpers (tsx adds __name) do not leak into the page.
        frameMs.push((await page.evaluate(SCROLL_SCRIPT)) as number)

        const name = `${prefix}-live:r${i}`
        extra.push(name)
        await page.getByRole('searchbox', { name: 'Search images' }).fill(`r${i}`)
        const tagged = performance.now()
        const cliTag = await timeCli(dockerHost, ['tag', BUSYBOX_IMAGE, name])
        await page.waitForFunction((n) => document.querySelector('[aria-label="Images"]')?.textContent?.includes(n) ?? false, `${prefix}-live`, { polling: 'raf', timeout: 10_000 })
        tagToRow.push(performance.now() - tagged)
        dockerTagThenImages.push(cliTag + (await timeCli(dockerHost, ['images'])))
      } finally {
        await app.close()
      }
    }
    rows.push(
      { name: 'images: launch to first rows', slipwayMs: median(launchToRows), dockerMs: dockerImagesMs, note: `${note}; includes starting Chromium; docker CLI: docker images` },
      { name: 'images: open Images view to first rows', slipwayMs: median(viewToRows), dockerMs: dockerImagesMs, note: `${note}; docker CLI: docker images` },
      { name: 'images: CLI docker tag to row visible', slipwayMs: median(tagToRow), dockerMs: median(dockerTagThenImages), goal: '< 500 ms', note: `${note}; includes the docker tag run; docker CLI: docker tag + docker images` },
      { name: 'images: mean frame interval scrolling (200 px per frame)', slipwayMs: median(frameMs), dockerMs: null, goal: '≤ 16.7 ms (60 fps)', note: note }
    )
  } finally {
    console.error('  removing the bench tags…')
    await inParallel([...tags.map((t) => `${t.repo}:${t.tag}`), ...extra], 8, (ref) => docker.getImage(ref).remove().catch(() => undefined))
  }
  return rows
}
