// The page is not trusted: a compromised renderer can call any channel with any input. These tests call
// the real main-side handlers (startMain) by wire name, as such a page would, and check that host paths
// and engine power go only where the person agreed in a native dialog: folders picked in a dialog are
// granted, anything else (and sensitive places always) needs main's own confirmation, which lists what
// will be shared, and a refused confirmation changes nothing on the engine.
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import type Dockerode from 'dockerode'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { emptyRunOptions, type MountSpec, type RunOptions } from '../../src/shared/docker/run-command'
import type { BuildRecord, BuildRequest } from '../../src/shared/ipc/channels/build'
import type { ContextInfo } from '../../src/shared/ipc/channels/context'
import type { DeletePlan, PrunePreview } from '../../src/shared/ipc/channels/images'
import { BUSYBOX_IMAGE } from '../support/base-images'
import { requireDaemon, TEST_LABEL } from '../support/daemon'
import { startMainUnderTest, type MainUnderTest } from '../support/faults/handlers'

const daemon = requireDaemon()
const U = `${process.pid}-${Date.now().toString(36)}`
const RUN_LABEL = 'com.slipway.test.host-access'
const REPO = `slipway-test/host-access-${U}`

interface Confirm {
  message: string
  detail: string
  buttons: string[]
}

let main: MainUnderTest
let docker: Dockerode
let dir: string
/** The home folder main sees (startMainUnderTest uses its data folder as home). */
let home: string
let confirms: Confirm[]

/** Answers main's native confirmations: true picks the first button (the person agrees), false cancels. */
function answerConfirms(agree: boolean): void {
  confirms = []
  main.script.confirm = (o) => {
    confirms.push({ message: o.message, detail: o.detail ?? '', buttons: o.buttons })
    return agree ? 0 : o.buttons.length - 1
  }
}

/** Picks `folder` in the native "mount a folder" dialog, as the person would; main grants it. */
async function pickMountFolder(folder: string): Promise<void> {
  expect(await main.dialogs.answering({ chooseFolder: () => folder }, () => main.value<string | null>('containers.chooseFolder', {}))).toBe(folder)
}

function runOptions(overrides: Partial<RunOptions>): RunOptions {
  return {
    ...emptyRunOptions(BUSYBOX_IMAGE),
    command: ['sleep', '60'],
    labels: [
      { key: TEST_LABEL, value: '1' },
      { key: RUN_LABEL, value: U }
    ],
    ...overrides
  }
}

const bind = (source: string, target = '/data', readOnly = false): MountSpec => ({ type: 'bind', source, target, readOnly })

async function ourContainers(): Promise<Dockerode.ContainerInfo[]> {
  return docker.listContainers({ all: true, filters: { label: [`${RUN_LABEL}=${U}`] } })
}

async function removeOurContainers(): Promise<void> {
  await Promise.all((await ourContainers()).map((c) => docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined)))
}

async function tagExists(tag: string): Promise<boolean> {
  return docker
    .getImage(tag)
    .inspect()
    .then(
      () => true,
      () => false
    )
}

describe.skipIf(!daemon)('host paths and engine power need a native dialog or main\'s confirmation', () => {
  beforeAll(async () => {
    docker = daemon!.docker
    dir = await mkdtemp(path.join(os.tmpdir(), 'slipway-host-access-'))
    main = await startMainUnderTest(daemon!.dockerHost)
    home = main.services.app.environment.homeDir
    await mkdir(path.join(home, '.ssh'), { recursive: true })
    await writeFile(path.join(home, '.ssh', 'id_ed25519'), 'not really a key\n')
  })

  afterEach(async () => {
    await removeOurContainers()
    delete main.script.confirm
  })

  afterAll(async () => {
    await removeOurContainers()
    await main?.dispose()
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  describe('containers.run', () => {
    it('asks before mounting a folder nobody picked, lists it, and runs nothing when refused', async () => {
      const folder = path.join(dir, 'not-picked')
      await mkdir(folder)
      answerConfirms(false)
      const error = await main.refusal('containers.run', { options: runOptions({ mounts: [bind(folder, '/data', true)] }) })
      expect(error.code).toBe('cancelled')
      expect(confirms).toHaveLength(1)
      expect(confirms[0]!.detail).toContain(`${folder} at /data (read-only)`)
      expect(await ourContainers()).toEqual([])

      answerConfirms(true)
      const ran = await main.value<{ id: string }>('containers.run', { options: runOptions({ mounts: [bind(folder, '/data', true)] }) })
      expect(confirms).toHaveLength(1)
      // Podman writes its default propagation options after the person's (`:ro,rprivate,rbind`).
      const binds = (await docker.getContainer(ran.id).inspect()).HostConfig.Binds ?? []
      expect(binds.map((b) => b.replace(/,rprivate,rbind$/, ''))).toEqual([`${folder}:/data:ro`])
    })

    it('mounts a folder picked in the native dialog, and folders inside it, without asking', async () => {
      const folder = path.join(dir, 'picked')
      await mkdir(path.join(folder, 'sub'), { recursive: true })
      await pickMountFolder(folder)
      answerConfirms(false)
      await main.value('containers.run', { options: runOptions({ mounts: [bind(folder), bind(path.join(folder, 'sub'), '/sub')] }) })
      expect(confirms).toEqual([])
      expect(await ourContainers()).toHaveLength(1)
    })

    it('follows links before deciding: a link inside a picked folder to ~/.ssh is asked about, by its real path', async () => {
      const folder = path.join(dir, 'picked-with-link')
      await mkdir(folder)
      await symlink(path.join(home, '.ssh'), path.join(folder, 'keys'))
      await pickMountFolder(folder)
      answerConfirms(false)
      const error = await main.refusal('containers.run', { options: runOptions({ mounts: [bind(path.join(folder, 'keys'), '/keys')] }) })
      expect(error.code).toBe('cancelled')
      expect(confirms).toHaveLength(1)
      expect(confirms[0]!.detail).toContain(path.join(home, '.ssh'))
      expect(await ourContainers()).toEqual([])
    })

    it('always asks for sensitive places, even when picked: the home folder, /etc, the engine socket, /', async () => {
      await pickMountFolder(home)
      const engineSocket = new URL(daemon!.dockerHost).pathname
      for (const source of [home, '/etc', engineSocket, '/']) {
        answerConfirms(false)
        const error = await main.refusal('containers.run', { options: runOptions({ mounts: [bind(source, '/host')] }) })
        expect(error.code, source).toBe('cancelled')
        expect(confirms, source).toHaveLength(1)
        expect(confirms[0]!.detail).toContain(`${source} at /host`)
      }
      expect(await ourContainers()).toEqual([])
    })

    it('treats a "volume" whose name is a path as the bind mount the engine makes of it', async () => {
      answerConfirms(false)
      const error = await main.refusal('containers.run', { options: runOptions({ mounts: [{ type: 'volume', source: '/etc', target: '/host-etc', readOnly: true }] }) })
      expect(error.code).toBe('cancelled')
      expect(confirms[0]!.detail).toContain('/etc at /host-etc')
      expect(await ourContainers()).toEqual([])
    })

    it('asks before sharing the host network or another container\'s network', async () => {
      for (const network of ['host', 'container:some-other-container']) {
        answerConfirms(false)
        const error = await main.refusal('containers.run', { options: runOptions({ network }) })
        expect(error.code, network).toBe('cancelled')
        expect(confirms, network).toHaveLength(1)
        expect(confirms[0]!.detail).toContain(network === 'host' ? "this computer's network" : 'some-other-container')
      }
      expect(await ourContainers()).toEqual([])
    })

    it('runs a container with named volumes and a user network without asking', async () => {
      answerConfirms(false)
      await main.value('containers.run', { options: runOptions({ mounts: [{ type: 'volume', source: `host-access-${U}`, target: '/v', readOnly: false }], network: 'bridge', user: '0' }) })
      expect(confirms).toEqual([])
      await removeOurContainers()
      await docker.getVolume(`host-access-${U}`).remove().catch(() => undefined)
    })
  })

  describe('containers.recreate', () => {
    it('names the new mounts and network in its one confirmation; refused, the old container stays as it was', async () => {
      const created = await main.value<{ id: string; name: string }>('containers.run', { options: runOptions({ name: `host-access-${U}` }) })
      const folder = path.join(dir, 'recreate-not-picked')
      await mkdir(folder)
      answerConfirms(false)
      const result = await main.value('containers.recreate', { id: created.id, options: runOptions({ name: `host-access-${U}`, mounts: [bind(folder)], network: 'host' }) })
      expect(result).toBeNull()
      expect(confirms).toHaveLength(1)
      expect(confirms[0]!.message).toContain(`host-access-${U}`)
      expect(confirms[0]!.detail).toContain(`${folder} at /data (read-write)`)
      expect(confirms[0]!.detail).toContain("this computer's network")
      const info = await docker.getContainer(created.id).inspect()
      expect(info.State.Running).toBe(true)
      expect(info.Name).toBe(`/host-access-${U}`)
    })
  })

  describe('build contexts and context listings', () => {
    const request = (contextDir: string): BuildRequest => ({
      dockerfileText: `FROM ${BUSYBOX_IMAGE}\nLABEL ${TEST_LABEL}=1\n`,
      dockerfilePath: null,
      contextDir,
      tags: [`${REPO}:built`],
      buildArgs: [],
      target: null,
      noCache: false,
      pull: false,
      builder: 'classic'
    })

    it('asks before sending a folder nobody picked as a build context; refused, no build starts', async () => {
      const folder = path.join(dir, 'context-not-picked')
      await mkdir(folder)
      await writeFile(path.join(folder, 'app.txt'), 'hello\n')
      const before = await main.value<BuildRecord[]>('build.list', {})
      answerConfirms(false)
      const error = await main.refusal('build.start', request(folder))
      expect(error.code).toBe('cancelled')
      expect(confirms).toHaveLength(1)
      expect(confirms[0]!.detail).toContain(folder)
      expect(await main.value<BuildRecord[]>('build.list', {})).toEqual(before)
    })

    it('always asks before sending the home folder, even when picked', async () => {
      await main.dialogs.answering({ chooseFolder: () => home }, () => main.value('context.choose', {}))
      answerConfirms(false)
      expect((await main.refusal('build.start', request(home))).code).toBe('cancelled')
      expect(confirms).toHaveLength(1)
      expect(confirms[0]!.detail).toContain(home)
    })

    it('lists only folders picked in a dialog (or the opened Dockerfile\'s folder)', async () => {
      const folder = path.join(dir, 'listing')
      await mkdir(folder)
      await writeFile(path.join(folder, 'Dockerfile'), `FROM ${BUSYBOX_IMAGE}\n`)
      answerConfirms(false)
      expect((await main.refusal('context.inspect', { contextDir: folder, dockerfilePath: null })).code).toBe('forbidden')
      expect((await main.refusal('context.inspect', { contextDir: path.join(home, '.ssh'), dockerfilePath: null })).code).toBe('forbidden')
      expect((await main.refusal('context.addIgnore', { contextDir: folder, patterns: ['node_modules'] })).code).toBe('forbidden')
      expect(existsSync(path.join(folder, '.dockerignore'))).toBe(false)
      expect(confirms).toEqual([])

      await main.dialogs.answering({ openFile: () => path.join(folder, 'Dockerfile') }, () => main.value('dockerfile.open', {}))
      const summary = await main.value<ContextInfo>('context.inspect', { contextDir: folder, dockerfilePath: path.join(folder, 'Dockerfile') })
      expect(summary.sentFiles).toBe(1)
    })
  })

  describe('images.remove and images.prune', () => {
    // Images of this file's own, so other tests tagging the shared base image cannot change the plans.
    let deletable: string
    beforeAll(async () => {
      deletable = await buildLabelled(`${REPO}:keep-me`, 'deletable')
      await docker.getImage(deletable).tag({ repo: REPO, tag: 'other' })
    })
    afterAll(async () => {
      await docker.getImage(deletable).remove({ force: true }).catch(() => undefined)
      await docker.getImage(`${REPO}:dangling`).remove({ force: true }).catch(() => undefined)
    })

    it('asks in main with the plan main computed, naming the tags that go; refused, nothing is deleted', async () => {
      const plan = await main.value<DeletePlan>('images.planDelete', { targets: [`${REPO}:keep-me`] })
      answerConfirms(false)
      const error = await main.refusal('images.remove', { targets: [`${REPO}:keep-me`], expectSignature: plan.signature, removeContainers: [] })
      expect(error.code).toBe('cancelled')
      expect(confirms).toHaveLength(1)
      expect(`${confirms[0]!.message}\n${confirms[0]!.detail}`).toContain(`${REPO}:keep-me`)
      expect(await tagExists(`${REPO}:keep-me`)).toBe(true)

      answerConfirms(true)
      await main.value('images.remove', { targets: [`${REPO}:keep-me`], expectSignature: plan.signature, removeContainers: [] })
      expect(await tagExists(`${REPO}:keep-me`)).toBe(false)
      expect(await tagExists(`${REPO}:other`)).toBe(true)
    })

    it('asks before pruning, naming the images that go; refused, nothing is pruned', async () => {
      // A dangling image of our own: built, then its tag given to a newer build.
      const image = await buildLabelled(`${REPO}:dangling`, 'first')
      await buildLabelled(`${REPO}:dangling`, 'second')
      const preview = await main.value<PrunePreview>('images.prunePreview', { mode: 'dangling', label: `${RUN_LABEL}=${U}` })
      expect(preview.candidates.map((c) => c.id)).toEqual([image])
      answerConfirms(false)
      const error = await main.refusal('images.prune', { mode: 'dangling', label: `${RUN_LABEL}=${U}`, ids: [image] })
      expect(error.code).toBe('cancelled')
      expect(confirms).toHaveLength(1)
      expect(confirms[0]!.detail).toContain(image.slice(7, 19))
      expect(await tagExists(image)).toBe(true)

      answerConfirms(true)
      const result = await main.value<{ deleted: string[] }>('images.prune', { mode: 'dangling', label: `${RUN_LABEL}=${U}`, ids: [image] })
      expect(result.deleted).toEqual([image])
      expect(await tagExists(image)).toBe(false)
    })
  })
})

/** Builds a one-layer image labelled for this file; returns its ID. */
async function buildLabelled(tag: string, text: string): Promise<string> {
  const { pack } = await import('tar-stream')
  const tar = pack()
  tar.entry({ name: 'Dockerfile' }, `FROM ${BUSYBOX_IMAGE}\nLABEL ${TEST_LABEL}=1 ${RUN_LABEL}=${U}\nRUN echo ${text} > /made\n`)
  tar.finalize()
  const stream = await docker.buildImage(tar as unknown as NodeJS.ReadableStream, { t: tag })
  await new Promise<void>((resolve, reject) => docker.modem.followProgress(stream, (error: Error | null) => (error ? reject(error) : resolve())))
  return (await docker.getImage(tag).inspect()).Id
}
