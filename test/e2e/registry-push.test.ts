// The tutorial continued: an image tagged 127.0.0.1:PORT/me/myfirstapp is pushed to a real registry (Debian's
// docker-registry with basic auth) after logging in from the Registries dialog, the local image is deleted,
// pulled back with the stored login, and run. The login goes through a credential helper named in config.json
// (the recording docker-credential-slipwaytest), so no password lands in config.json.
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import type Dockerode from 'dockerode'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { BUSYBOX_IMAGE } from '../support/base-images'
import { installTestHelpers, type TestHelpers } from '../support/credential-helpers'
import { requireDaemon } from '../support/daemon'
import { distributionRegistryMissing, startDistributionRegistry, type DistributionRegistry } from '../support/distribution-registry'
import { buildTestImage, fetchText } from '../support/images'
import { launchApp, type LaunchedApp } from './harness'
import { onPodman } from '../support/engines/under-test'

const daemon = requireDaemon()
const missing = distributionRegistryMissing()
if (missing) console.warn(`[slipway tests] skipping the push e2e test: ${missing}`)
let registry: DistributionRegistry | null = null
let helpers: TestHelpers | null = null
let app: LaunchedApp | null = null
let home = ''
let image = ''
const savedPath = process.env.PATH

beforeAll(async () => {
  if (!daemon || missing) return
  registry = await startDistributionRegistry()
  helpers = await installTestHelpers()
  image = `${registry.host}/me/myfirstapp:latest`
  await buildTestImage(daemon.docker, image, {
    Dockerfile: `FROM ${BUSYBOX_IMAGE}\nRUN mkdir /www && echo "hello from myfirstapp" > /www/index.html\nEXPOSE 8080\nCMD ["httpd", "-f", "-p", "8080", "-h", "/www"]\n`
  })
  home = await mkdtemp(path.join(os.tmpdir(), 'slipway-push-home-'))
  await mkdir(path.join(home, '.docker'))
  await writeFile(path.join(home, '.docker', 'config.json'), JSON.stringify({ credsStore: 'slipwaytest' }))
  // The app finds helpers on its PATH, as the docker CLI does.
  process.env.PATH = `${helpers.binDir}:${savedPath}`
}, 120_000)

afterAll(async () => {
  process.env.PATH = savedPath
  await app?.close()
  if (daemon) {
    const docker = daemon.docker as Dockerode
    for (const c of await docker.listContainers({ all: true, filters: { ancestor: [image || 'none'] } }).catch(() => [])) await docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined)
    await docker.getImage(image || 'none').remove({ force: true }).catch(() => undefined)
  }
  await registry?.stop()
  await helpers?.cleanup()
  if (home) await rm(home, { recursive: true, force: true })
})

it.skipIf(!daemon || missing)('logs in from Registries, pushes myfirstapp with layer progress, deletes it, pulls it back with the login, and runs it', async () => {
  const docker = daemon!.docker as Dockerode
  app = await launchApp({ dockerHost: daemon!.dockerHost, homeDir: home, dialogs: { confirm: () => 0 } })
  const { page } = app
  const nav = page.getByRole('navigation', { name: 'Main' })

  // Log in: a wrong password first (the registry's answer shows, nothing is stored), then the right one.
  await nav.getByRole('button', { name: 'Registries' }).click()
  const registries = page.getByRole('dialog', { name: 'Registries' })
  await registries.getByRole('textbox', { name: 'Registry' }).fill(`http://${registry!.host}`)
  await expect.poll(() => registries.innerText()).toContain(`Write the registry without "http://": just its host and port, e.g. ${registry!.host}.`)
  await registries.getByRole('textbox', { name: 'Registry' }).fill(registry!.host)
  await registries.getByRole('textbox', { name: 'Username' }).fill(registry!.username)
  await registries.getByLabel('Password or access token').fill('wrong password')
  expect(await registries.innerText()).toContain(`docker login -u ${registry!.username} ${registry!.host}`)
  await registries.getByRole('button', { name: 'Log in', exact: true }).click()
  await expect.poll(() => registries.getByRole('alert').innerText(), { timeout: 30_000 }).toContain('401 Unauthorized')
  expect(await helpers!.stored()).toEqual({})
  await registries.getByLabel('Password or access token').fill(registry!.password)
  await registries.getByRole('button', { name: 'Log in', exact: true }).click()
  await expect
    .poll(() => registries.getByRole('status').innerText(), { timeout: 30_000 })
    .toBe(`Logged in to ${registry!.host} as ${registry!.username}; stored in docker-credential-slipwaytest (credsStore).`)
  expect(await registries.getByLabel('Password or access token').inputValue()).toBe('')
  const listed = registries.getByRole('table', { name: 'Logged-in registries' }).getByRole('row').filter({ hasText: registry!.host })
  expect(await listed.innerText()).toContain('docker-credential-slipwaytest')
  expect(await readFile(path.join(home, '.docker', 'config.json'), 'utf8')).not.toContain(registry!.password)
  expect((await page.content()).includes(registry!.password)).toBe(false)
  await registries.getByRole('button', { name: 'Close' }).click()

  // Push from the image's details.
  await nav.getByRole('button', { name: 'Images', exact: true }).click()
  const grid = page.getByRole('grid', { name: 'Images' })
  await page.getByRole('searchbox', { name: 'Search images' }).fill('myfirstapp')
  const row = grid.getByRole('row').filter({ hasText: `${registry!.host}/me/myfirstapp` })
  await row.getByRole('button', { name: 'Inspect' }).click()
  await page.getByRole('complementary', { name: 'Image details' }).getByRole('button', { name: 'Push…' }).click()
  const push = page.getByRole('dialog', { name: 'Push image' })
  expect(await push.getByRole('textbox', { name: 'Registry' }).inputValue()).toBe(registry!.host)
  expect(await push.getByRole('textbox', { name: 'Repository and tag' }).inputValue()).toBe('me/myfirstapp:latest')
  expect(await push.innerText()).toContain(`The equivalent command: docker push ${image}`)
  await push.getByRole('button', { name: 'Push', exact: true }).click()
  await expect.poll(() => push.getByRole('status').innerText(), { timeout: 60_000 }).toMatch(new RegExp(`^Pushed ${image.replace(/[.]/g, '\\.')} \\(sha256:[0-9a-f]{64}\\)\\.$`))
  const progress = await push.getByRole('group', { name: 'Push progress' }).innerText()
  // Podman's push stream names no layers: the dialog shows its last line, the digest.
  expect(progress).toMatch(onPodman() ? /digest: sha256:[0-9a-f]{64}/ : /Pushed|Layer already exists/)
  await page.screenshot({ path: '/tmp/slipway-push-dialog.png' })
  await push.getByRole('button', { name: 'Close' }).click()
  await page.getByRole('button', { name: 'Close details' }).click()
  expect((await helpers!.calls()).some((c) => c.action === 'get' && c.serverUrl === registry!.host)).toBe(true)

  // Gone from the engine, then pulled back (the registry needs the login for that too).
  await docker.getImage(image).remove({ force: true })
  await nav.getByRole('button', { name: 'Images', exact: true }).click()
  await page.getByRole('button', { name: 'Pull image' }).first().click()
  const pull = page.getByRole('dialog', { name: 'Pull image' })
  await pull.getByRole('textbox', { name: 'Image reference' }).fill(image)
  await pull.getByRole('button', { name: 'Pull', exact: true }).click()
  await pull.waitFor({ state: 'detached', timeout: 60_000 })
  await expect.poll(() => page.locator('.images-notice').innerText()).toBe(`Pulled ${image}.`)

  // Run it.
  await page.getByRole('searchbox', { name: 'Search images' }).fill('myfirstapp')
  await row.getByRole('button', { name: 'Run', exact: true }).click()
  const run = page.getByRole('dialog')
  const hostPort = run.getByRole('textbox', { name: 'Host port' })
  await hostPort.waitFor({ timeout: 15_000 })
  await run.getByRole('button', { name: 'Run', exact: true }).click()
  await run.waitFor({ state: 'detached', timeout: 60_000 })
  const [container] = await docker.listContainers({ filters: { ancestor: [image] } })
  expect(container?.State).toBe('running')
  const published = container!.Ports.find((p) => p.PrivatePort === 8080 && p.PublicPort)
  expect(await fetchText(`http://127.0.0.1:${published!.PublicPort}/`)).toBe('hello from myfirstapp\n')
})
