// Registries on real parts: Debian's docker-registry (htpasswd basic auth) and the suite's registry with a
// bearer-token realm, the real engine's POST /auth, push and pull; credentials in config.json, in a recording
// helper and in Debian's docker-credential-pass; and the docker CLI (20.10) using the same config folder.
import { spawnSync } from 'node:child_process'
import { existsSync, statSync } from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import type Dockerode from 'dockerode'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { prepareBuild } from '../../src/main/docker/build/request'
import { runBuild } from '../../src/main/docker/build/run-build'
import { pullImage } from '../../src/main/docker/images/pull'
import { buildCredentialsLookup } from '../../src/main/registry'
import { prefillFromContainer } from '../../src/main/docker/containers'
import { replaceRequested } from '../../src/main/docker/containers/run-request'
import { runContainer } from '../../src/main/docker/run'
import { HostGrants } from '../../src/main/grants'
import { Operations } from '../../src/main/operations'
import { DockerCredentials } from '../../src/main/registry/credentials'
import { logIn, logOut } from '../../src/main/registry/login'
import { startPush } from '../../src/main/registry/push'
import { checkUpdates, noDistributionMessage, updateCandidates } from '../../src/main/registry/updates'
import { emptyRunOptions, type RunOptions } from '../../src/shared/docker/run-command'
import type { OperationSnapshot, OperationUpdate } from '../../src/shared/ipc/channels/operations'
import { BUSYBOX_IMAGE } from '../support/base-images'
import { createPassStore, installTestHelpers, passMissing, type PassStore, type TestHelpers } from '../support/credential-helpers'
import { requireDaemon } from '../support/daemon'
import { distributionRegistryMissing, startDistributionRegistry, type DistributionRegistry } from '../support/distribution-registry'
import { buildTestImage } from '../support/images'
import { startTestRegistry, type RegistryImage, type TestRegistry } from '../support/registry'
import { scriptedDialogs } from '../support/scripted-dialogs'
import { buildersUnderTest, onPodman } from '../support/engines/under-test'

const daemon = requireDaemon()
const missing = distributionRegistryMissing() ?? passMissing()
if (missing) console.warn(`[slipway tests] skipping registry login/push tests: ${missing}`)
const DOCKER_CLI = '/usr/bin/docker'
const NO_HELPERS_PATH = '/nonexistent-slipway-bin'

describe.skipIf(!daemon || missing)('registries: login, push, pull, updates', () => {
  const docker = daemon?.docker as Dockerode
  let registry: DistributionRegistry
  let helpers: TestHelpers
  let pass: PassStore
  let bearer: TestRegistry
  let privateImage: RegistryImage
  const dirs: string[] = []
  const images: string[] = []
  const containers: string[] = []
  const updates: OperationUpdate[] = []
  const operations = new Operations({ emit: (batch) => updates.push(...batch), batchMs: 10 })

  const configDir = async (json?: unknown) => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'slipway-docker-config-'))
    dirs.push(dir)
    if (json !== undefined) await writeFile(path.join(dir, 'config.json'), JSON.stringify(json))
    return dir
  }
  const credentialsFor = (dir: string, env: Record<string, string> = {}, helperTimeoutMs?: number) =>
    new DockerCredentials({ env: { PATH: NO_HELPERS_PATH, DOCKER_CONFIG: dir, ...env }, homeDir: os.tmpdir(), platform: 'linux', ...(helperTimeoutMs ? { helperTimeoutMs } : {}) })
  const configText = (dir: string) => readFile(path.join(dir, 'config.json'), 'utf8').catch(() => null)
  const ended = (snapshot: OperationSnapshot) => operations.wait(snapshot.id)
  const tagged = async (reference: string, from = BUSYBOX_IMAGE) => {
    const [repo, tag] = [reference.slice(0, reference.lastIndexOf(':')), reference.slice(reference.lastIndexOf(':') + 1)]
    await docker.getImage(from).tag({ repo, tag })
    images.push(reference)
    return reference
  }
  const cli = (args: string[], env: Record<string, string>) =>
    spawnSync(DOCKER_CLI, args, { env: { DOCKER_HOST: daemon!.dockerHost, PATH: NO_HELPERS_PATH, HOME: os.tmpdir(), ...env }, encoding: 'utf8', timeout: 120_000 })

  beforeAll(async () => {
    registry = await startDistributionRegistry()
    helpers = await installTestHelpers()
    pass = await createPassStore()
    bearer = await startTestRegistry({ bearer: { username: 'hubuser', password: 'hub-secret' } })
    privateImage = await bearer.addImage(docker, { repository: 'me/private', tag: '1', from: BUSYBOX_IMAGE, extraLayers: [50_000] })
    // A layer of its own, so the first push really sends bytes.
    await buildTestImage(docker, 'slipway-test/push-source:1', { Dockerfile: `FROM ${BUSYBOX_IMAGE}\nCOPY data.bin /data.bin\n`, 'data.bin': `${Math.random()}`.repeat(200_000) })
    images.push('slipway-test/push-source:1')
  }, 180_000)

  afterAll(async () => {
    operations.dispose()
    for (const id of containers) await docker.getContainer(id).remove({ force: true }).catch(() => undefined)
    for (const image of images.reverse()) await docker.getImage(image).remove({ force: true }).catch(() => undefined)
    await registry?.stop()
    await bearer?.close()
    await helpers?.cleanup()
    await pass?.cleanup()
    for (const dir of dirs) await rm(dir, { recursive: true, force: true })
  })

  it('file store: logs in through the engine, writes auths like the CLI (base64, 0600, other keys kept), pushes with per-layer progress, and the CLI pushes with the same login', async () => {
    const dir = await configDir({ psFormat: 'table {{.Names}}', 'x-slipway-unknown': { kept: true } })
    const credentials = credentialsFor(dir)
    const result = await logIn(docker, credentials, { registry: registry.host, username: registry.username, password: registry.password })
    expect(result).toMatchObject({ registry: registry.host, source: { kind: 'file' }, configFile: path.join(dir, 'config.json') })
    expect(result.warning).toContain(`stored unencrypted in ${path.join(dir, 'config.json')}`)
    const json = JSON.parse((await configText(dir))!) as Record<string, unknown>
    expect(json).toEqual({
      psFormat: 'table {{.Names}}',
      'x-slipway-unknown': { kept: true },
      auths: { [registry.host]: { auth: Buffer.from(`${registry.username}:${registry.password}`).toString('base64') } }
    })
    // The file existed: it keeps its mode.
    expect(statSync(path.join(dir, 'config.json')).mode & 0o777).toBe(0o666 & ~process.umask())
    const reference = await tagged(`${registry.host}/me/myfirstapp:1`, 'slipway-test/push-source:1')
    const push = startPush(operations, docker, credentials, { reference })
    expect(push.status.command).toBe(`docker push ${reference}`)
    const final = await ended(push)
    expect(final.state, final.error ?? '').toBe('finished')
    const statuses = updates.filter((u) => u.id === push.id && u.kind === 'push').flatMap((u) => (u.kind === 'push' ? u.status.layers.map((l) => l.status) : []))
    expect((final.result as { digest: string }).digest).toMatch(/^sha256:[0-9a-f]{64}$/)
    // Podman's push stream says only where it pushes and the digest: no layer progress to show.
    if (onPodman()) expect(statuses).toEqual([])
    else {
      expectDockerPushProgress(statuses, push.id)
      await expectLayersKnownOnRepush(reference, credentials)
    }

    // The docker CLI reads the same file.
    const cliRef = await tagged(`${registry.host}/me/from-cli:1`)
    const pushed = cli(['push', cliRef], { DOCKER_CONFIG: dir })
    expect(pushed.status, pushed.stderr).toBe(0)
  })

  function expectDockerPushProgress(statuses: string[], pushId: string): void {
    expect(statuses).toContain('Preparing')
    expect(statuses).toContain('Pushed')
    expect(updates.some((u) => u.id === pushId && u.kind === 'push' && u.status.layers.some((l) => l.status === 'Pushing' && l.current > 0 && l.total > 0))).toBe(true)
  }

  /** Again: the registry has every layer; another repository gets its layers mounted. */
  async function expectLayersKnownOnRepush(reference: string, credentials: DockerCredentials): Promise<void> {
    const again = await ended(startPush(operations, docker, credentials, { reference }))
    expect(again.state).toBe('finished')
    expect((again.status as { layers: { status: string }[] }).layers.every((l) => l.status === 'Layer already exists')).toBe(true)
    const other = await tagged(`${registry.host}/me/other:1`, 'slipway-test/push-source:1')
    const mounted = await ended(startPush(operations, docker, credentials, { reference: other }))
    expect((mounted.status as { layers: { status: string }[] }).layers.some((l) => /^Mounted from me\/myfirstapp$/.test(l.status))).toBe(true)
  }

  it('a new config.json is made 0600 in a 0700 folder; a login made by the CLI is read by Slipway (not on Podman); logout erases it', async () => {
    const parent = await configDir()
    const dir = path.join(parent, 'fresh')
    // Through Podman the CLI's login to a 127.0.0.1 registry fails: Podman's /auth asks it over HTTPS (Slipway
    // asks as localhost:<port> there, see registry-auth.ts); the CLI does not.
    if (!onPodman()) await expectCliLoginRead(parent)

    const credentials = credentialsFor(dir)
    await logIn(docker, credentials, { registry: registry.host, username: registry.username, password: registry.password })
    expect(statSync(path.join(dir, 'config.json')).mode & 0o777).toBe(0o600)
    expect(statSync(dir).mode & 0o777).toBe(0o700)
    expect(await logOut(credentials, registry.host)).toEqual({ registry: registry.host, source: { kind: 'file' } })
    expect(JSON.parse((await configText(dir))!)).toEqual({ auths: {} })
  })

  async function expectCliLoginRead(parent: string): Promise<void> {
    const login = spawnSync(DOCKER_CLI, ['login', '-u', registry.username, '--password-stdin', registry.host], {
      env: { DOCKER_HOST: daemon!.dockerHost, PATH: NO_HELPERS_PATH, HOME: os.tmpdir(), DOCKER_CONFIG: path.join(parent, 'cli') },
      input: registry.password,
      encoding: 'utf8'
    })
    expect(login.status, login.stderr).toBe(0)
    const fromCli = credentialsFor(path.join(parent, 'cli'))
    expect(await fromCli.get(registry.host)).toEqual({ username: registry.username, password: registry.password })
    const reference = await tagged(`${registry.host}/me/cli-login:1`)
    expect((await ended(startPush(operations, docker, fromCli, { reference }))).state).toBe('finished')
  }

  it('a wrong password gives the registry’s answer and writes nothing', async () => {
    const dir = await configDir({ auths: {} })
    const before = await configText(dir)
    await expect(logIn(docker, credentialsFor(dir), { registry: registry.host, username: registry.username, password: 'wrong' })).rejects.toThrow(
      // The engine's own words: Podman names the address it asked (localhost:<port>, see registry-auth.ts).
      `${registry.host} refused the login: login attempt to ${onPodman() ? registry.host.replace('127.0.0.1', 'localhost') : `http://${registry.host}/v2/`} failed with status: 401 Unauthorized. Check the username and password (or token), and the registry address.`
    )
    expect(await configText(dir)).toBe(before)
  })

  it('credsStore helper: the secret goes to the helper only, the file keeps an empty entry, and the CLI pushes through the same helper', async () => {
    const dir = await configDir({ credsStore: 'slipwaytest' })
    const env = { PATH: `${helpers.binDir}:/usr/bin:/bin` }
    const credentials = credentialsFor(dir, env)
    const result = await logIn(docker, credentials, { registry: registry.host, username: registry.username, password: registry.password })
    expect(result).toMatchObject({ source: { kind: 'helper', helper: 'slipwaytest', from: 'credsStore' }, warning: null })
    expect(JSON.parse((await configText(dir))!)).toEqual({ credsStore: 'slipwaytest', auths: { [registry.host]: {} } })
    expect((await configText(dir))!.includes(registry.password)).toBe(false)
    expect((await helpers.stored())[registry.host]).toEqual({ Username: registry.username, Secret: registry.password })

    const reference = await tagged(`${registry.host}/me/helper:1`)
    expect((await ended(startPush(operations, docker, credentials, { reference }))).state).toBe('finished')
    const callsBefore = (await helpers.calls()).length
    const cliRef = await tagged(`${registry.host}/me/helper-cli:1`)
    const pushed = cli(['push', cliRef], { DOCKER_CONFIG: dir, PATH: env.PATH })
    expect(pushed.status, pushed.stderr).toBe(0)
    expect((await helpers.calls()).slice(callsBefore)).toContainEqual({ action: 'get', serverUrl: registry.host })

    expect((await credentials.list()).logins).toEqual([{ registry: registry.host, username: registry.username, source: { kind: 'helper', helper: 'slipwaytest', from: 'credsStore' } }])
    await logOut(credentials, registry.host)
    expect(await helpers.stored()).toEqual({})
    expect(JSON.parse((await configText(dir))!)).toEqual({ credsStore: 'slipwaytest', auths: {} })
  })

  it('credHelpers picks a helper for one registry; others stay in the file', async () => {
    const dir = await configDir({ credHelpers: { [registry.host]: 'slipwaytest' } })
    const credentials = credentialsFor(dir, { PATH: `${helpers.binDir}:/usr/bin:/bin` })
    const result = await logIn(docker, credentials, { registry: registry.host, username: registry.username, password: registry.password })
    expect(result.source).toEqual({ kind: 'helper', helper: 'slipwaytest', from: 'credHelpers' })
    expect((await configText(dir))!.includes('"auth"')).toBe(false)
    await logOut(credentials, registry.host)
  })

  it('docker-credential-pass (the real helper, a throwaway GnuPG key): login stores in pass, push reads it, logout erases it', async () => {
    const dir = await configDir({ credsStore: 'pass' })
    const credentials = credentialsFor(dir, { PATH: '/usr/bin:/bin', ...pass.env })
    await logIn(docker, credentials, { registry: registry.host, username: registry.username, password: registry.password })
    expect(await pass.serverUrls()).toEqual([registry.host])
    expect((await configText(dir))!.includes(registry.password)).toBe(false)
    const reference = await tagged(`${registry.host}/me/pass:1`)
    expect((await ended(startPush(operations, docker, credentials, { reference }))).state).toBe('finished')
    const cliRef = await tagged(`${registry.host}/me/pass-cli:1`)
    const pushed = cli(['push', cliRef], { DOCKER_CONFIG: dir, PATH: '/usr/bin:/bin', ...pass.env })
    expect(pushed.status, pushed.stderr).toBe(0)
    await logOut(credentials, registry.host)
    expect(await pass.serverUrls()).toEqual([])
  })

  it('bearer-token registry: the engine follows the token realm for login, and a private pull works only with the stored login', async () => {
    const dir = await configDir()
    const credentials = credentialsFor(dir)
    await expect(logIn(docker, credentials, { registry: bearer.host, username: 'hubuser', password: 'nope' })).rejects.toThrow(/refused the login/)
    expect(await configText(dir)).toBeNull()
    await logIn(docker, credentials, { registry: bearer.host, username: 'hubuser', password: 'hub-secret' })
    expect(bearer.tokenRequests.some((t) => t.granted && t.account === 'hubuser')).toBe(true)

    const anonymous = operations.start('pull', { reference: privateImage.reference, layers: [], status: '' }, (op) => pullImage(docker, privateImage.reference, op))
    const refused = await ended(anonymous)
    expect(refused.state).toBe('failed')
    expect(refused.error).toMatch(/needs a login|unauthorized|authentication required/i)
    images.push(privateImage.reference)
    const pulled = await ended(operations.start('pull', { reference: privateImage.reference, layers: [], status: '' }, (op) => pullImage(docker, privateImage.reference, op, credentials)))
    expect(pulled.state, pulled.error ?? '').toBe('finished')
    expect(bearer.tokenRequests.filter((t) => t.granted).some((t) => t.scope === 'repository:me/private:pull')).toBe(true)
  })

  // BuildKit asks the session's Auth service; the classic builder reads the logins sent in X-Registry-Config.
  it.each(buildersUnderTest('a build pulls a private base image').reverse())('a %s build pulls a private base image with the stored login, and fails without it', async (builder) => {
    const dir = await configDir()
    const credentials = credentialsFor(dir)
    await logIn(docker, credentials, { registry: bearer.host, username: 'hubuser', password: 'hub-secret' })
    const context = await configDir()
    const tag = `slipway-test/private-base-build-${builder}:${process.pid}`
    images.push(tag)
    const request = { dockerfileText: `FROM ${privateImage.reference}\nRUN echo built > /built\n`, dockerfilePath: null, contextDir: context, tags: [tag], buildArgs: [], target: null, noCache: true, pull: true, builder }
    const anonymous = await runBuild(docker, prepareBuild(request), new AbortController().signal)
    expect(anonymous.status).toBe('failed')
    const prepared = prepareBuild(request)
    prepared.credentials = buildCredentialsLookup(credentials)
    const outcome = await runBuild(docker, prepared, new AbortController().signal)
    expect(outcome.status, outcome.error).toBe('succeeded')
  })

  it('a newer digest on the registry shows as update available (Podman: says it cannot tell); pulling it leaves the container on the old image, and the recreate keeps its ports and env', async () => {
    const dir = await configDir()
    const credentials = credentialsFor(dir)
    await logIn(docker, credentials, { registry: registry.host, username: registry.username, password: registry.password })
    const reference = `${registry.host}/me/updates:latest`
    await buildTestImage(docker, 'slipway-test/updates-old:1', { Dockerfile: `FROM ${BUSYBOX_IMAGE}\nRUN echo old > /version\n` })
    await buildTestImage(docker, 'slipway-test/updates-new:1', { Dockerfile: `FROM ${BUSYBOX_IMAGE}\nRUN echo new > /version\n` })
    images.push('slipway-test/updates-old:1', 'slipway-test/updates-new:1')
    const oldId = (await docker.getImage('slipway-test/updates-old:1').inspect()).Id
    const newId = (await docker.getImage('slipway-test/updates-new:1').inspect()).Id
    await tagged(reference, 'slipway-test/updates-old:1')
    expect((await ended(startPush(operations, docker, credentials, { reference }))).state).toBe('finished')

    const options: RunOptions = {
      ...emptyRunOptions(reference),
      name: `slipway-test-updates-${process.pid}`,
      command: ['sleep', '600'],
      env: [{ key: 'GREETING', value: 'hello' }],
      ports: [{ hostIp: '127.0.0.1', hostPort: null, containerPort: 8080, protocol: 'tcp' }]
    }
    const run = await runContainer(docker, options)
    containers.push(run.id)

    const current = await checkUpdates(docker, credentials, await updateCandidates(docker, [reference]))
    // Someone pushes a newer image to the tag; here the tag stays on the old one.
    await tagged(reference, 'slipway-test/updates-new:1')
    const pushedNew = await ended(startPush(operations, docker, credentials, { reference }))
    await tagged(reference, 'slipway-test/updates-old:1')
    const [newer] = await checkUpdates(docker, credentials, await updateCandidates(docker, [reference]))
    if (onPodman()) {
      // Podman has no /distribution endpoint: the check says it cannot tell, and why.
      expect(current).toMatchObject([{ reference, imageId: oldId, state: 'unknown', message: noDistributionMessage(reference) }])
      expect(newer).toMatchObject({ reference, imageId: oldId, state: 'unknown' })
    } else {
      expect(current).toMatchObject([{ reference, imageId: oldId, state: 'up-to-date' }])
      expect(newer).toMatchObject({ reference, imageId: oldId, state: 'update-available', remoteDigest: (pushedNew.result as { digest: string }).digest })
    }
    expect(newer!.containers.map((c) => c.id)).toEqual([run.id])

    const pulled = await ended(operations.start('pull', { reference, layers: [], status: '' }, (op) => pullImage(docker, reference, op, credentials)))
    expect(pulled.state, pulled.error ?? '').toBe('finished')
    expect((await docker.getImage(reference).inspect()).Id).toBe(newId)
    expect((await docker.getContainer(run.id).inspect()).Image).toBe(oldId)

    const prefill = await prefillFromContainer(docker, run.id)
    const replaced = await replaceRequested(
      { docker, engineIsLocal: true, grants: new HostGrants({ dialogs: scriptedDialogs(), homeDir: os.tmpdir(), engineSockets: () => [] }), dialogs: scriptedDialogs({ confirm: () => 0 }) },
      run.id,
      prefill.options
    )
    expect(replaced).not.toBeNull()
    containers.push(replaced!.id)
    const info = await docker.getContainer(replaced!.id).inspect()
    expect(info.Image).toBe(newId)
    expect(info.Config.Env).toContain('GREETING=hello')
    expect(info.HostConfig.PortBindings?.['8080/tcp']?.[0]?.HostIp).toBe('127.0.0.1')
  })

  it('bad input: a scheme or a path in the registry, a password with a line break, a missing, hanging or garbage helper: each says so and writes nothing', async () => {
    const dir = await configDir({ auths: {} })
    const before = await configText(dir)
    const credentials = credentialsFor(dir)
    const login = (registryText: string, password = registry.password, store = credentials) => logIn(docker, store, { registry: registryText, username: registry.username, password })
    await expect(login(`https://${registry.host}`)).rejects.toThrow(`Write the registry without "https://": just its host and port, e.g. ${registry.host}.`)
    await expect(login(`${registry.host}/me/app`)).rejects.toThrow(`Write only the registry's host and port, without a path: ${registry.host} instead of ${registry.host}/me/app.`)
    await expect(login(registry.host, `${registry.password}\n`)).rejects.toThrow(
      'The password contains a line break, which no registry password can. Paste it again without the line break (a copied password often ends with one).'
    )
    expect(await configText(dir)).toBe(before)

    const withHelper = async (helper: string, timeoutMs?: number) => {
      const helperDir = await configDir({ credsStore: helper })
      return { dir: helperDir, before: await configText(helperDir), store: credentialsFor(helperDir, { PATH: `${helpers.binDir}:/usr/bin:/bin` }, timeoutMs) }
    }
    const missingHelper = await withHelper('nosuchhelper')
    await expect(login(registry.host, registry.password, missingHelper.store)).rejects.toThrow(
      'The credential helper docker-credential-nosuchhelper is not installed (config.json names "nosuchhelper", but no docker-credential-nosuchhelper is on PATH). Install it, or remove "nosuchhelper" from "credsStore"/"credHelpers" in config.json.'
    )
    expect(await configText(missingHelper.dir)).toBe(missingHelper.before)

    const hanging = await withHelper('slipwayhang', 1_000)
    const started = Date.now()
    await expect(login(registry.host, registry.password, hanging.store)).rejects.toThrow(
      'The credential helper docker-credential-slipwayhang did not answer "store" within 1 s and was stopped. It may be waiting for a passphrase or an unlock prompt: unlock it in a terminal (e.g. run "echo <registry> | docker-credential-slipwayhang get"), then try again.'
    )
    expect(Date.now() - started).toBeLessThan(15_000)
    expect(await configText(hanging.dir)).toBe(hanging.before)

    const garbage = await withHelper('slipwaygarbage')
    await expect(garbage.store.get(registry.host)).rejects.toThrow(
      'The credential helper docker-credential-slipwaygarbage answered "get" with something that is not the JSON of the credential helper protocol. Check that it is a docker credential helper (try "docker-credential-slipwaygarbage list" in a terminal).'
    )
    expect((await garbage.store.list()).problems).toEqual([
      'The credential helper docker-credential-slipwaygarbage answered "list" with something that is not the JSON of the credential helper protocol. Check that it is a docker credential helper (try "docker-credential-slipwaygarbage list" in a terminal).'
    ])
    expect(await configText(garbage.dir)).toBe(garbage.before)
    expect(existsSync(path.join(os.tmpdir(), 'config.json'))).toBe(false)
  })
})
