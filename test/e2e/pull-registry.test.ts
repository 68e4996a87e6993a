// The Images view's "Pull image" dialog against a real registry (the local test registry, throttled):
// progress per layer shows while it pulls, the dialog closes with a notice, and the image is listed. The pull
// is an operation of the app, not of the dialog: hidden, it goes on (the status bar shows it) and ends with
// the image listed; cancelled, the engine stops downloading.
import type Dockerode from 'dockerode'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { BUSYBOX_IMAGE } from '../support/base-images'
import { requireDaemon, TEST_LABEL } from '../support/daemon'
import { startTestRegistry, type RegistryImage, type TestRegistry } from '../support/registry'
import { launchApp, type LaunchedApp } from './harness'

const daemon = requireDaemon()
let registry: TestRegistry | null = null
let image: RegistryImage
let hidden: RegistryImage
let cancelled: RegistryImage
let app: LaunchedApp | null = null

beforeAll(async () => {
  if (!daemon) return
  // 3 MB of random bytes at 1 MB/s: the dialog's progress has time to show.
  registry = await startTestRegistry({ throttleBytesPerSecond: 1_000_000 })
  image = await registry.addImage(daemon.docker, { repository: 'slipway-test/pull-dialog', tag: '1', from: BUSYBOX_IMAGE, extraLayers: [3_000_000] })
  hidden = await registry.addImage(daemon.docker, { repository: 'slipway-test/pull-hidden', tag: '1', from: BUSYBOX_IMAGE, extraLayers: [3_000_000] })
  cancelled = await registry.addImage(daemon.docker, { repository: 'slipway-test/pull-cancelled', tag: '1', from: BUSYBOX_IMAGE, extraLayers: [6_000_000] })
}, 60_000)

afterAll(async () => {
  await app?.close()
  for (const pulled of [image, hidden, cancelled]) if (daemon && pulled) await daemon.docker.getImage(pulled.reference).remove({ force: true }).catch(() => undefined)
  await registry?.close()
})

it.skipIf(!daemon)('pulls an image from a registry with the Pull image dialog, showing layer progress, and lists it', async () => {
  const docker = daemon!.docker as Dockerode
  app = await launchApp({ dockerHost: daemon!.dockerHost, colorScheme: 'dark' })
  const { page } = app
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Images', exact: true }).click()
  await page.getByRole('button', { name: 'Pull image' }).click()
  const dialog = page.getByRole('dialog', { name: 'Pull image' })
  await dialog.getByRole('textbox', { name: 'Image reference' }).fill(image.reference)
  expect(await dialog.innerText()).toContain(`docker pull ${image.reference}`)
  await dialog.getByRole('button', { name: 'Pull', exact: true }).click()

  // While it pulls: a bar for the downloading layer, named by its short digest.
  const short = image.layers[1]!.digest.slice('sha256:'.length, 'sha256:'.length + 12)
  const progress = dialog.getByRole('group', { name: 'Pull progress' })
  const bar = progress.getByRole('progressbar', { name: `Layer ${short}` })
  await expect
    .poll(async () => ((await bar.count()) ? bar.evaluate((el) => [(el as HTMLProgressElement).value, (el as HTMLProgressElement).max]) : null), { timeout: 30_000, interval: 100 })
    .toSatisfy((v: number[] | null) => v !== null && v[0]! > 0 && v[0]! < v[1]!)
  expect(await progress.innerText()).toMatch(new RegExp(`${short}\\s*Downloading \\d+(\\.\\d)? (kB|MB) / 3\\.0 MB`))
  await page.screenshot({ path: '/tmp/slipway-pull-dialog-dark.png' })

  await dialog.waitFor({ state: 'detached', timeout: 60_000 })
  await expect.poll(() => page.locator('.images-notice').innerText()).toBe(`Pulled ${image.reference}.`)
  await page.getByRole('searchbox', { name: 'Search images' }).fill('pull-dialog')
  const row = page.getByRole('grid', { name: 'Images' }).getByRole('row').filter({ hasText: `${registry!.host}/slipway-test/pull-dialog` })
  await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(1)
  const pulled = await docker.getImage(image.reference).inspect()
  expect(pulled.Id).toBe(image.configDigest)
  expect(pulled.Config.Labels?.[TEST_LABEL]).toBe('1')
})

const short = (digest: string) => digest.slice('sha256:'.length, 'sha256:'.length + 12)

/** Opens the dialog on the Images view, starts pulling `reference`, and waits for its big layer's bytes to move. */
async function startPulling(page: LaunchedApp['page'], pulled: RegistryImage) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Images', exact: true }).click()
  await page.getByRole('button', { name: 'Pull image' }).click()
  const dialog = page.getByRole('dialog', { name: 'Pull image' })
  await dialog.getByRole('textbox', { name: 'Image reference' }).fill(pulled.reference)
  await dialog.getByRole('button', { name: 'Pull', exact: true }).click()
  const bar = dialog.getByRole('group', { name: 'Pull progress' }).getByRole('progressbar', { name: `Layer ${short(pulled.layers.at(-1)!.digest)}` })
  await expect
    .poll(async () => ((await bar.count()) ? bar.evaluate((el) => (el as HTMLProgressElement).value) : 0), { timeout: 30_000, interval: 100 })
    .toBeGreaterThan(0)
  return dialog
}

it.skipIf(!daemon)('a pull goes on with its dialog hidden: the status bar shows it, reopening shows its progress, and it ends with the image listed', async () => {
  app ??= await launchApp({ dockerHost: daemon!.dockerHost })
  const { page } = app
  const dialog = await startPulling(page, hidden)
  await dialog.getByRole('button', { name: 'Hide' }).click()
  await dialog.waitFor({ state: 'detached' })

  // The status bar names the running pull; it leads back to the dialog, which shows the same pull.
  const indicator = page.getByRole('contentinfo', { name: 'Engine status' }).getByRole('button', { name: new RegExp(`^Pulling ${hidden.reference.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}( \\d+%|…): show the pull$`) })
  await expect.poll(() => indicator.count()).toBe(1)
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Containers', exact: true }).click()
  await indicator.click()
  const reopened = page.getByRole('dialog', { name: 'Pull image' })
  expect(await reopened.getByRole('textbox', { name: 'Image reference' }).inputValue()).toBe(hidden.reference)
  await expect.poll(() => reopened.getByRole('group', { name: 'Pull progress' }).getByRole('progressbar').count()).toBeGreaterThan(0)
  await reopened.getByRole('button', { name: 'Hide' }).click()
  await reopened.waitFor({ state: 'detached' })

  // It ends by itself: the indicator goes, the notice says so, and the list shows the image.
  await expect.poll(() => indicator.count(), { timeout: 60_000 }).toBe(0)
  await expect.poll(() => page.locator('.images-notice').innerText()).toBe(`Pulled ${hidden.reference}.`)
  await page.getByRole('searchbox', { name: 'Search images' }).fill('pull-hidden')
  const row = page.getByRole('grid', { name: 'Images' }).getByRole('row').filter({ hasText: `${registry!.host}/slipway-test/pull-hidden` })
  await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(1)
  expect((await daemon!.docker.getImage(hidden.reference).inspect()).Id).toBe(hidden.configDigest)
})

it.skipIf(!daemon)('cancels a pull: the engine stops downloading, the dialog says cancelled, and no image is listed', async () => {
  app ??= await launchApp({ dockerHost: daemon!.dockerHost })
  const { page } = app
  const dialog = await startPulling(page, cancelled)
  const big = cancelled.layers.at(-1)!
  await dialog.getByRole('button', { name: 'Cancel pull' }).click()
  await expect.poll(() => dialog.getByRole('status').innerText(), { timeout: 15_000 }).toBe(`Pull of ${cancelled.reference} cancelled: the engine stopped downloading it.`)
  expect(await dialog.getByRole('button', { name: 'Pull', exact: true }).isEnabled()).toBe(true)
  const send = registry!.blobSends.find((s) => s.digest === big.digest)!
  await expect.poll(() => send.state, { timeout: 10_000 }).toBe('aborted')
  expect(send.sent).toBeLessThan(send.total)
  console.log(`[pull-registry] cancelled after ${send.sent} of ${send.total} bytes`)
  await expect(daemon!.docker.getImage(cancelled.reference).inspect()).rejects.toMatchObject({ statusCode: 404 })
  await dialog.getByRole('button', { name: 'Cancel', exact: true }).click()
  await page.getByRole('searchbox', { name: 'Search images' }).fill('pull-cancelled')
  expect(await page.getByRole('grid', { name: 'Images' }).getByRole('row').filter({ hasText: 'pull-cancelled' }).count()).toBe(0)
})
