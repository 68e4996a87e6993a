// A build with "Always pull the base image" from the local test registry: the build view shows one
// progress bar per layer while the base image downloads (bytes moving), then each layer complete.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { BUSYBOX_IMAGE } from '../support/base-images'
import { requireDaemon } from '../support/daemon'
import { onPodman } from '../support/engines/under-test'
import { startTestRegistry, type RegistryImage, type TestRegistry } from '../support/registry'
import { launchApp, type LaunchedApp } from './harness'
import { openBuildDialog } from './build-dialog'

const daemon = requireDaemon()
const tag = `slipway-e2e/build-pull-${Math.random().toString(36).slice(2, 8)}:1`
let registry: TestRegistry | null = null
let image: RegistryImage
let dir = ''
let app: LaunchedApp | null = null

beforeAll(async () => {
  if (!daemon) return
  // 3 MB and 2 MB of random bytes at 1 MB/s each: about three seconds of visible download.
  registry = await startTestRegistry({ throttleBytesPerSecond: 1_000_000 })
  await registry.introduceBase(daemon.docker, BUSYBOX_IMAGE)
  image = await registry.addImage(daemon.docker, { repository: 'slipway-test/pullme', tag: '1', from: BUSYBOX_IMAGE, extraLayers: [3_000_000, 2_000_000] })
  dir = await mkdtemp(path.join(os.tmpdir(), 'slipway-e2e-build-pull-'))
  await writeFile(path.join(dir, 'Dockerfile'), `FROM ${image.reference}\nRUN ls -l /slipway-pull\n`)
}, 60_000)

afterAll(async () => {
  await app?.close()
  if (daemon) {
    await daemon.docker.getImage(tag).remove({ force: true }).catch(() => undefined)
    if (image) await daemon.docker.getImage(image.reference).remove({ force: true }).catch(() => undefined)
  }
  await registry?.close()
  if (dir) await rm(dir, { recursive: true, force: true })
})

interface Bar {
  label: string
  value: number
  max: number
}

it.skipIf(!daemon)('shows a progress bar per layer while the base image is pulled, with bytes moving (Podman: no byte counts), then each layer complete', async () => {
  app = await launchApp({ dockerHost: daemon!.dockerHost, dialogs: { openFile: () => path.join(dir, 'Dockerfile') } })
  const { page } = app
  const dialog = await openBuildDialog(page)
  await expect.poll(() => dialog.getByLabel('Build context').inputValue()).toBe(dir)
  await dialog.getByLabel('Image tag').fill(tag)
  await dialog.getByRole('checkbox', { name: 'Always pull the base image' }).check()
  await dialog.getByRole('button', { name: 'Start build' }).click()
  await dialog.waitFor({ state: 'detached' })

  const panel = page.getByRole('region', { name: 'Build progress' })
  const layers = panel.getByRole('region', { name: 'Pulling the base image' })
  const bars = (): Promise<Bar[]> =>
    layers
      .getByRole('progressbar')
      .evaluateAll((els) => els.map((el) => ({ label: el.getAttribute('aria-label') ?? '', value: (el as HTMLProgressElement).value, max: (el as HTMLProgressElement).max })))

  const short = (digest: string) => digest.slice('sha256:'.length, 'sha256:'.length + 12)
  const generated = image.layers.filter((l) => l.origin === 'generated')
  if (onPodman()) {
    // Buildah prints a line per layer and no byte counts: each layer is listed, then complete.
    await expect.poll(() => panel.getByRole('status', { name: 'Build status' }).innerText(), { timeout: 60_000 }).toBe('Succeeded')
    const text = await layers.innerText()
    for (const layer of generated) expect(text).toContain(short(layer.digest))
    expect(text).toContain('Pull complete')
    expect(text).not.toContain('Copying')
    return
  }
  // Mid-download: a generated layer's bar is partly filled, against the blob's real size.
  let midway: Bar[] = []
  await expect
    .poll(
      async () => {
        midway = await bars()
        return midway.some((b) => b.label.includes(': Downloading') && b.value > 0 && b.value < b.max && generated.some((l) => b.label.startsWith(`Layer ${short(l.digest)}`) && b.max === l.size))
      },
      { timeout: 30_000, interval: 50 }
    )
    .toBe(true)
  await page.screenshot({ path: '/tmp/slipway-build-pull-light.png' })
  const text = await layers.innerText()
  expect(text).toMatch(/Downloading \d+(\.\d)? (kB|MB) \/ (3\.0|2\.0) MB/)

  await expect.poll(() => panel.getByRole('status', { name: 'Build status' }).innerText(), { timeout: 60_000 }).toBe('Succeeded')
  // Each downloaded layer has a bar, complete. (BuildKit, the default, says nothing of busybox's own layer, already on
  // the engine, where the classic builder says Already exists; the manifest and config it fetches are not layers.)
  const final = await bars()
  expect(final.map((b) => b.label).sort()).toEqual(image.layers.filter((l) => l.origin === 'generated').map((l) => `Layer ${short(l.digest)}: Pull complete`).sort())
  expect(final.every((b) => b.value === b.max)).toBe(true)
  console.log(`[build-pull] mid-download bars: ${midway.map((b) => `${b.label} ${b.value}/${b.max}`).join('; ')}`)
})
