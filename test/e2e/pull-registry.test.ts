// The Images view's "Pull image" dialog against a real registry (the local test registry, throttled):
// progress per layer shows while it pulls, the dialog closes with a notice, and the image is listed.
import type Dockerode from 'dockerode'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { BUSYBOX_IMAGE } from '../support/base-images'
import { requireDaemon, TEST_LABEL } from '../support/daemon'
import { startTestRegistry, type RegistryImage, type TestRegistry } from '../support/registry'
import { launchApp, type LaunchedApp } from './harness'

const daemon = requireDaemon()
let registry: TestRegistry | null = null
let image: RegistryImage
let app: LaunchedApp | null = null

beforeAll(async () => {
  if (!daemon) return
  // 3 MB of random bytes at 1 MB/s: the dialog's progress (polled every 300 ms) has time to show.
  registry = await startTestRegistry({ throttleBytesPerSecond: 1_000_000 })
  image = await registry.addImage(daemon.docker, { repository: 'slipway-test/pull-dialog', tag: '1', from: BUSYBOX_IMAGE, extraLayers: [3_000_000] })
}, 60_000)

afterAll(async () => {
  await app?.close()
  if (daemon && image) await daemon.docker.getImage(image.reference).remove({ force: true }).catch(() => undefined)
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
