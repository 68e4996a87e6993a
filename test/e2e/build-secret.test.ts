// A secret build arg in the real renderer against the real daemon: typed into a password field, shown
// as **** in the command unless revealed, given to the engine, and never written to Slipway's data folder.
import { readdir, readFile, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { expect, it } from 'vitest'
import { BUSYBOX_IMAGE } from '../support/base-images'
import { requireDaemon } from '../support/daemon'
import { scratch } from '../support/scratch'
import { openBuildDialog } from './build-dialog'
import { launchApp } from './harness'

const daemon = requireDaemon()
const made = scratch(daemon, 'slipway-e2e-secret-')
const SECRET = 'ghp-e2e-7Qx9-SECRET'
const reversed = [...SECRET].reverse().join('')

/** Every file under `dir` with its text. */
async function filesUnder(dir: string): Promise<{ file: string; text: string }[]> {
  const found: { file: string; text: string }[] = []
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) found.push({ file: path.join(entry.parentPath, entry.name), text: await readFile(path.join(entry.parentPath, entry.name), 'utf8') })
  }
  return found
}

it.skipIf(!daemon)('a secret build arg is masked in the dialog and the command, reaches the build, and is not kept in history', async () => {
  const dir = await made.folder('slipway-e2e-secret-')
  await writeFile(path.join(dir, 'Dockerfile'), `FROM ${BUSYBOX_IMAGE}\nARG TOKEN\nRUN echo "reversed:$(printf '%s' "$TOKEN" | rev)" && echo "plain:$TOKEN"\n`)
  const tag = `slipway-e2e/secret-${Math.random().toString(36).slice(2, 8)}:1`
  made.keep(tag)
  const app = await launchApp({ dockerHost: daemon!.dockerHost, dialogs: { openFile: () => path.join(dir, 'Dockerfile') } })
  const { page } = app
  try {
    const dialog = await openBuildDialog(page)
    await dialog.getByLabel('Image tag').fill(tag)
    const token = dialog.getByLabel('TOKEN', { exact: true })
    const command = dialog.getByLabel('docker build command')
    await dialog.getByRole('checkbox', { name: 'TOKEN is secret' }).check()
    expect(await token.getAttribute('type')).toBe('password')
    await token.fill(SECRET)
    await dialog.getByRole('checkbox', { name: 'No cache' }).check()
    await expect.poll(() => command.innerText()).toContain('--build-arg TOKEN=****')
    expect(await dialog.innerText()).not.toContain(SECRET)

    // Revealed on request, in the field and the command; hidden again.
    await dialog.getByRole('button', { name: 'Show TOKEN' }).click()
    expect(await token.getAttribute('type')).toBe('text')
    await expect.poll(() => command.innerText()).toContain(`--build-arg TOKEN=${SECRET}`)
    await dialog.getByRole('button', { name: 'Hide TOKEN' }).click()
    expect(await token.getAttribute('type')).toBe('password')
    await expect.poll(() => command.innerText()).toContain('--build-arg TOKEN=****')

    await dialog.getByRole('button', { name: 'Start build' }).click()
    await expect.poll(() => dialog.count()).toBe(0)
    const panel = page.getByRole('region', { name: 'Build progress' })
    await expect.poll(() => panel.getByRole('status', { name: 'Build status' }).innerText(), { timeout: 60_000 }).toBe('Succeeded')

    // The engine had the real value (printed backwards, past any masking); the log shows it masked.
    const log = panel.getByRole('log')
    await log.getByText(`reversed:${reversed}`).waitFor()
    // BuildKit (the default) prefixes the output with its step: `[2/2] plain:****`.
    await log.getByText(/(^|\] )plain:\*\*\*\*$/).waitFor()
    expect(await page.content()).not.toContain(SECRET)

    // History keeps the arg's name, marked secret, never its value; nothing in the data folder has it.
    const historyFile = path.join(app.userDataDir, 'builds', 'history.json')
    await expect.poll(async () => (await readFile(historyFile, 'utf8').catch(() => '')).includes(tag)).toBe(true)
    expect((await stat(historyFile)).mode & 0o777).toBe(0o600)
    expect(await readFile(historyFile, 'utf8')).toContain('"name":"TOKEN","value":"","secret":true')
    for (const { file, text } of await filesUnder(app.userDataDir)) expect(text, file).not.toContain(SECRET)

    // Building again asks for it: marked secret, empty, with a hint, and the build waits for it.
    const again = await openBuildDialog(page)
    expect(await again.getByRole('checkbox', { name: 'TOKEN is secret' }).isChecked()).toBe(true)
    expect(await again.getByLabel('TOKEN', { exact: true }).inputValue()).toBe('')
    await again.getByText('Secret: enter again').waitFor()
    await again.getByRole('button', { name: 'Start build' }).click()
    await expect.poll(() => again.getByRole('alert').innerText()).toContain('Enter the secret value of TOKEN again')
  } finally {
    await app.close()
  }
}, 120_000)
