// A build context over 100 MB: the build options warn with the largest folders and offer to add them to
// .dockerignore; accepting appends exactly those lines to the file on disk (keeping what was there) and
// the size shown drops. The big files are sparse (truncate): their length is what Docker would send.
import { mkdir, mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { BUSYBOX_IMAGE } from '../support/base-images'
import { requireDaemon } from '../support/daemon'
import { onPodman } from '../support/engines/under-test'
import { launchApp, type LaunchedApp } from './harness'
import { openBuildDialog } from './build-dialog'

const daemon = requireDaemon()
const MB = 1000 * 1000
let dir = ''
let app: LaunchedApp | null = null

afterAll(async () => {
  await app?.close()
  if (dir) await rm(dir, { recursive: true, force: true })
})

async function sparse(file: string, bytes: number): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true })
  await writeFile(file, '')
  await truncate(file, bytes)
}

it.skipIf(!daemon)('warns about a 210 MB context with its largest folders, and adding them to .dockerignore appends exactly those lines and shrinks what is sent', async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'slipway-e2e-large-'))
  const dockerfile = `FROM ${BUSYBOX_IMAGE}\nCOPY app.py /app.py\n`
  await writeFile(path.join(dir, 'Dockerfile'), dockerfile)
  await writeFile(path.join(dir, 'app.py'), 'print("hi")\n')
  // Existing content, without a final line break: it must be kept as it is.
  const existing = '# mine\nsecret.env'
  await writeFile(path.join(dir, '.dockerignore'), existing)
  await sparse(path.join(dir, 'media/videos/intro.mp4'), 90 * MB)
  await sparse(path.join(dir, 'media/thumbs/all.png'), 10 * MB)
  await sparse(path.join(dir, 'node_modules/pkg/blob.bin'), 110 * MB)
  await writeFile(path.join(dir, 'secret.env'), 'TOKEN=1\n')
  const smallBytes = dockerfile.length + 'print("hi")\n'.length

  app = await launchApp({ dockerHost: daemon!.dockerHost, dialogs: { openFile: () => path.join(dir, 'Dockerfile') } })
  const { page } = app
  const dialog = await openBuildDialog(page)
  await expect.poll(() => dialog.getByLabel('Build context', { exact: true }).inputValue()).toBe(dir)

  const summary = dialog.locator('.build-context-summary')
  const warning = dialog.getByRole('region', { name: 'Large build context' })
  // BuildKit (the default) reads .dockerignore itself from the context: it counts as sent. Podman has no
  // BuildKit: its classic build is sent whole, .dockerignore included, before it starts.
  await expect.poll(() => summary.innerText(), { timeout: 15_000 }).toBe('Sends 6 files, 210 MB (after .dockerignore)')
  const howSent = onPodman() ? 'Slipway sends all of it to the engine before building.' : 'BuildKit reads all of it on the first build.'
  expect(await warning.locator('p').innerText()).toBe(`The build context is 210 MB. ${howSent} The largest folders:`)
  const listed = () => warning.getByRole('listitem').allInnerTexts()
  expect(await listed()).toEqual([
    'node_modules 110 MB Add node_modules to .dockerignore',
    'media 100 MB Add media to .dockerignore',
    'media/videos 90.0 MB Add media/videos to .dockerignore'
  ])
  await page.screenshot({ path: '/tmp/slipway-large-context-light.png' })

  // node_modules/pkg holds all of node_modules: offering both would be the same choice twice.
  // Accept the offer for the largest folder: appended on its own line after the existing content.
  await warning.getByRole('button', { name: 'Add node_modules to .dockerignore' }).click()
  await expect.poll(() => summary.innerText(), { timeout: 15_000 }).toBe('Sends 5 files, 100 MB (after .dockerignore)')
  expect(await readFile(path.join(dir, '.dockerignore'), 'utf8')).toBe(`${existing}\nnode_modules\n`)
  // Still just over 100 MB: the warning stays, now without node_modules.
  expect(await listed()).toEqual(['media 100 MB Add media to .dockerignore', 'media/videos 90.0 MB Add media/videos to .dockerignore'])

  await warning.getByRole('button', { name: 'Add media to .dockerignore' }).click()
  await expect.poll(() => summary.innerText(), { timeout: 15_000 }).toBe(`Sends 3 files, ${smallBytes + `${existing}\nnode_modules\nmedia\n`.length} B (after .dockerignore)`)
  expect(await readFile(path.join(dir, '.dockerignore'), 'utf8')).toBe(`${existing}\nnode_modules\nmedia\n`)
  expect(await warning.count()).toBe(0)
  // Nothing else in the folder was touched.
  expect(await readFile(path.join(dir, 'Dockerfile'), 'utf8')).toBe(dockerfile)
})
