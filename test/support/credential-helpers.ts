// Credential helpers for the registry tests, put on a PATH folder of their own:
// - docker-credential-slipwaytest: a small helper speaking the real protocol, keeping its store in a JSON file
//   and recording every call (action and server URL, never the secret);
// - docker-credential-slipwayhang (never answers) and docker-credential-slipwaygarbage (prints no JSON);
// - Debian's docker-credential-pass with a throwaway GnuPG key and password store (the real helper).
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

export interface TestHelpers {
  /** Put this first on the PATH given to Slipway (and to the docker CLI). */
  binDir: string
  /** Calls the slipwaytest helper got, in order. */
  calls(): Promise<{ action: string; serverUrl: string | null }[]>
  /** What the slipwaytest helper holds: server URL → { Username, Secret }. */
  stored(): Promise<Record<string, { Username: string; Secret: string }>>
  cleanup(): Promise<void>
}

const helperScript = (storeFile: string, callsFile: string) => `#!${process.execPath}
// docker-credential-slipwaytest: the credential helper protocol over a JSON file (test only).
const fs = require('node:fs')
const store = ${JSON.stringify(storeFile)}
const calls = ${JSON.stringify(callsFile)}
const action = process.argv[2]
const input = fs.readFileSync(0, 'utf8')
const read = () => (fs.existsSync(store) ? JSON.parse(fs.readFileSync(store, 'utf8')) : {})
const record = (serverUrl) => fs.appendFileSync(calls, JSON.stringify({ action, serverUrl }) + '\\n')
if (action === 'store') {
  const creds = JSON.parse(input)
  record(creds.ServerURL)
  if (!creds.ServerURL) { process.stdout.write('no credentials server URL'); process.exit(1) }
  const all = read(); all[creds.ServerURL] = { Username: creds.Username, Secret: creds.Secret }
  fs.writeFileSync(store, JSON.stringify(all), { mode: 0o600 })
} else if (action === 'get') {
  const url = input.trim(); record(url)
  const found = read()[url]
  if (!found) { process.stdout.write('credentials not found in native keychain\\n'); process.exit(1) }
  process.stdout.write(JSON.stringify({ ServerURL: url, Username: found.Username, Secret: found.Secret }) + '\\n')
} else if (action === 'erase') {
  const url = input.trim(); record(url)
  const all = read()
  if (!all[url]) { process.stdout.write('credentials not found in native keychain\\n'); process.exit(1) }
  delete all[url]; fs.writeFileSync(store, JSON.stringify(all))
} else if (action === 'list') {
  record(null)
  const all = read(); const out = {}
  for (const [url, c] of Object.entries(all)) out[url] = c.Username
  process.stdout.write(JSON.stringify(out) + '\\n')
} else { process.stdout.write('unknown action ' + action); process.exit(1) }
`

export async function installTestHelpers(): Promise<TestHelpers> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'slipway-helpers-'))
  const binDir = path.join(dir, 'bin')
  await mkdir(binDir)
  const storeFile = path.join(dir, 'store.json')
  const callsFile = path.join(dir, 'calls.jsonl')
  const write = async (name: string, text: string) => {
    const file = path.join(binDir, `docker-credential-${name}`)
    await writeFile(file, text)
    await chmod(file, 0o755)
  }
  await write('slipwaytest', helperScript(storeFile, callsFile))
  await write('slipwayhang', '#!/bin/sh\nexec sleep 600\n')
  await write('slipwaygarbage', '#!/bin/sh\necho "Welcome to the helper! <html>"\n')
  return {
    binDir,
    calls: async () =>
      existsSync(callsFile)
        ? (await readFile(callsFile, 'utf8'))
            .split('\n')
            .filter(Boolean)
            .map((line) => JSON.parse(line) as { action: string; serverUrl: string | null })
        : [],
    stored: async () => (existsSync(storeFile) ? (JSON.parse(await readFile(storeFile, 'utf8')) as Record<string, { Username: string; Secret: string }>) : {}),
    cleanup: () => rm(dir, { recursive: true, force: true })
  }
}

export interface PassStore {
  /** GNUPGHOME, PASSWORD_STORE_DIR and HOME for docker-credential-pass (and pass, gpg under it). */
  env: Record<string, string>
  /** Server URLs the store holds (pass keeps one folder per base64url of the URL). */
  serverUrls(): Promise<string[]>
  cleanup(): Promise<void>
}

/** Why docker-credential-pass cannot be used here, or null. */
export function passMissing(): string | null {
  for (const program of ['/usr/bin/docker-credential-pass', '/usr/bin/pass', '/usr/bin/gpg']) {
    if (!existsSync(program)) return `${program} is not installed (apt-get install golang-docker-credential-helpers pass gnupg)`
  }
  return null
}

/** A throwaway GnuPG key (no passphrase) and a password store initialised for it. */
export async function createPassStore(): Promise<PassStore> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'slipway-pass-'))
  const env = { HOME: dir, GNUPGHOME: path.join(dir, 'gnupg'), PASSWORD_STORE_DIR: path.join(dir, 'password-store') }
  await mkdir(env.GNUPGHOME, { mode: 0o700 })
  const run = (program: string, args: string[]) => {
    const result = spawnSync(program, args, { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 60_000 })
    if (result.status !== 0) throw new Error(`${program} ${args.join(' ')} failed: ${result.stderr}`)
    return result.stdout
  }
  run('gpg', ['--batch', '--pinentry-mode', 'loopback', '--passphrase', '', '--quick-gen-key', 'Slipway Test <slipway-test@example.invalid>', 'default', 'default', 'never'])
  run('pass', ['init', 'slipway-test@example.invalid'])
  return {
    env,
    serverUrls: async () => {
      const folder = path.join(env.PASSWORD_STORE_DIR, 'docker-credential-helpers')
      if (!existsSync(folder)) return []
      const { readdir } = await import('node:fs/promises')
      return (await readdir(folder)).map((name) => Buffer.from(name, 'base64url').toString('utf8'))
    },
    cleanup: async () => {
      spawnSync('gpgconf', ['--kill', 'gpg-agent'], { env: { ...process.env, ...env } })
      await rm(dir, { recursive: true, force: true })
    }
  }
}
