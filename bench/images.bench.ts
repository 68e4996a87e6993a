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
const RUNS = 5

/**
 * Clicks Images in the sidebar inside the page and resolves with the ms from the click to the first frame
 * after the grid has rows (the frame that paints them). Timed in the page, so Playwright's own round trips
 * (actionability checks, polling) are not counted as the app's.
 */
const OPEN_IMAGES_SCRIPT = `new Promise((resolve) => {
  const button = [...document.querySelectorAll('nav button')].find((b) => b.textContent.trim().endsWith('Images'))
  const hasRows = () => document.querySelectorAll('[aria-label="Images"] [role="rowgroup"]:last-child [role="row"]').length > 0
  const clicked = performance.now()
  button.click()
  function check() {
    if (hasRows()) requestAnimationFrame(() => resolve(performance.now() - clicked))
    else requestAnimationFrame(check)
  }
  check()
})`

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
        // Launch to first rows: as soon as the window shows, the person clicks Images.
        await page.getByRole('button', { name: 'Images', exact: true }).click()
        await page.waitForFunction(() => document.querySelectorAll('[aria-label="Images"] [role="rowgroup"]:last-child [role="row"]').length > 0, undefined, { polling: 'raf', timeout: 60_000 })
        launchToRows.push(performance.now() - launched)

        // Opening the view a moment after the app started (the list is live from the start): away to the
        // Containers view and back.
        await page.getByRole('button', { name: 'Containers', exact: true }).click()
        await page.getByRole('heading', { name: 'Containers', level: 1 }).waitFor()
        await page.waitForTimeout(1000)
        viewToRows.push((await page.evaluate(OPEN_IMAGES_SCRIPT)) as number)

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
        // Beside each run, so both sides see the same load on the machine.
        dockerImages.push(await timeCli(dockerHost, ['images']))
      } finally {
        await app.close()
      }
    }
    const dockerImagesMs = median(dockerImages)
    console.error(`  open Images view (ms): ${viewToRows.map(Math.round).join(', ')}; docker images (ms): ${dockerImages.map(Math.round).join(', ')}`)
    rows.push(
      { name: 'images: launch to first rows', slipwayMs: median(launchToRows), dockerMs: dockerImagesMs, note: `${note}; includes starting Chromium; docker CLI: docker images` },
      { name: 'images: open Images view to first rows', slipwayMs: median(viewToRows), dockerMs: dockerImagesMs, goal: '≤ 1.5× docker images', note: `${note}; from the Containers view a second after start; click to the frame that paints the rows, timed in the page; docker CLI: docker images` },
      { name: 'images: CLI docker tag to row visible', slipwayMs: median(tagToRow), dockerMs: median(dockerTagThenImages), goal: '< 500 ms', note: `${note}; includes the docker tag run; docker CLI: docker tag + docker images` },
      { name: 'images: mean frame interval scrolling (200 px per frame)', slipwayMs: median(frameMs), dockerMs: null, goal: '≤ 16.7 ms (60 fps)', note: note }
    )
  } finally {
    console.error('  removing the bench tags…')
    await inParallel([...tags.map((t) => `${t.repo}:${t.tag}`), ...extra], 8, (ref) => docker.getImage(ref).remove().catch(() => undefined))
  }
  return rows
}
