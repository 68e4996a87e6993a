import { execFile } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DockerEvent } from '../../src/shared/docker/events'
import { resolveEngineCandidates } from '../../src/main/docker/engine-resolution'
import { EngineConnection } from '../../src/main/docker/engine-connection'
import { EventFollower } from '../../src/main/docker/events'
import {
  ExposedPortsCache,
  executeDelete,
  inspectImage,
  listImages,
  planDelete,
  previewPrune,
  pruneImages,
  tagImage
} from '../../src/main/docker/images'
import { AppError } from '../../src/shared/ipc/errors'
import { imageRows } from '../../src/shared/ipc/channels/images'
import { BUSYBOX_IMAGE } from '../support/base-images'
import { requireDaemon, TEST_LABEL } from '../support/daemon'
import { dockerCli } from '../support/docker-cli'
import { familiarName } from '../../src/main/docker/images/engine-names'
import { onPodman } from '../support/engines/under-test'

const daemon = requireDaemon()
const run = `it${randomUUID().slice(0, 8)}`
/** Every image this file builds carries this label, so prune previews see only this file's images. */
const RUN_LABEL = `com.slipway.test.images-run=${run}`
const execFileAsync = promisify(execFile)

/** Builds a tiny image FROM the busybox base (which carries TEST_LABEL) with this run's label. */
async function buildImage(tag: string, body: string): Promise<string> {
  const dockerfile = `FROM ${BUSYBOX_IMAGE}\nLABEL ${RUN_LABEL.replace('=', '="')}"\n${body}\n`
  await dockerCli(daemon!.dockerHost, ['build', '-q', '-t', tag, '-'], dockerfile)
  return (await daemon!.docker.getImage(tag).inspect()).Id
}

async function exists(image: string): Promise<boolean> {
  try {
    await daemon!.docker.getImage(image).inspect()
    return true
  } catch {
    return false
  }
}

function expectAppError(promise: Promise<unknown>, code: string, message: RegExp) {
  return expect(promise).rejects.toSatisfy((error: unknown) => error instanceof AppError && error.code === code && message.test(error.message))
}

describe.skipIf(!daemon)('images services against the real daemon', () => {
  const docker = daemon!.docker
  const repo = `slipway-test/images-${run}`
  let webId = ''
  let plainId = ''

  beforeAll(async () => {
    webId = await buildImage(`${repo}:web`, [
      'EXPOSE 8080 53/udp',
      'ENV GREETING=hello MODE=test',
      'WORKDIR /srv',
      'RUN dd if=/dev/zero of=/srv/blob bs=1024 count=300 2>/dev/null',
      'USER 1000',
      'HEALTHCHECK --interval=30s --timeout=5s CMD ["true"]',
      'STOPSIGNAL SIGINT',
      'VOLUME /data',
      'CMD ["httpd", "-f", "-p", "8080"]'
    ].join('\n'))
    plainId = await buildImage(`${repo}:plain`, 'RUN echo plain > /plain')
  }, 120_000)

  afterAll(async () => {
    // Only what this file made: containers from its images, then its images (by label).
    const containers = await docker.listContainers({ all: true, filters: { label: [RUN_LABEL] } })
    await Promise.all(containers.map((c) => docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined)))
    const images = await docker.listImages({ all: false, filters: { label: [RUN_LABEL] } })
    for (const image of images) await docker.getImage(image.Id).remove({ force: true }).catch(() => undefined)
  })

  it('lists one row per tag with exposed ports from inspect, for images with and without EXPOSE', async () => {
    await tagImage(docker, webId, `${repo}:web-again`)
    const list = await listImages(docker)
    const mine = imageRows(list.images).filter((r) => r.repository === repo)
    expect(mine.map((r) => r.tag).sort()).toEqual(['plain', 'web', 'web-again'])
    const web = mine.find((r) => r.tag === 'web')!
    expect(web).toMatchObject({ id: webId, shortId: webId.slice(7, 19), reference: `${repo}:web`, dangling: false })
    expect(web.labels[TEST_LABEL]).toBe('1')
    expect(web.size).toBeGreaterThan(300 * 1024)
    expect(imageRows(list.images).every((r) => !r.dangling)).toBe(true)

    const cache = new ExposedPortsCache()
    const ports = await cache.get(docker, [webId, plainId, webId])
    expect(ports).toEqual({ [webId]: ['53/udp', '8080/tcp'], [plainId]: [] })
    // Cached by ID: a second call answers without asking the engine (the image ID is all it needs).
    const started = performance.now()
    expect(await cache.get(docker, [webId])).toEqual({ [webId]: ['53/udp', '8080/tcp'] })
    expect(performance.now() - started).toBeLessThan(5)
    await docker.getImage(`${repo}:web-again`).remove()
  })

  it('shows a container using an image in its In use entry', async () => {
    const container = await docker.createContainer({ Image: `${repo}:plain`, name: `slipway-test-inuse-${run}`, Labels: { [TEST_LABEL]: '1' } })
    try {
      const list = await listImages(docker)
      expect(list.containers[plainId]).toContainEqual({ id: container.id, name: `slipway-test-inuse-${run}`, state: 'created', running: false })
    } finally {
      await container.remove()
    }
  })

  it('inspects an image readably: config fields and history layers with their instruction and size', async () => {
    const details = await inspectImage(docker, `${repo}:web`)
    expect(details.id).toBe(webId)
    expect(details.repoTags).toContain(`${repo}:web`)
    expect(details.os).toBe('linux')
    expect(details.architecture.length).toBeGreaterThan(0)
    expect(details.config).toMatchObject({
      cmd: ['httpd', '-f', '-p', '8080'],
      workingDir: '/srv',
      user: '1000',
      exposedPorts: ['53/udp', '8080/tcp'],
      volumes: ['/data'],
      stopSignal: 'SIGINT',
      // Podman 5.4 keeps HEALTHCHECK in the image's history only: its inspect reports no Healthcheck.
      healthcheck: onPodman() ? null : { test: ['CMD', 'true'], interval: '30s', timeout: '5s' }
    })
    expect(details.config.env).toEqual(expect.arrayContaining(['GREETING=hello', 'MODE=test']))
    expect(details.config.labels[TEST_LABEL]).toBe('1')
    const instructions = details.layers.map((l) => l.instruction)
    // Oldest first, as the Dockerfile reads: the busybox base, then this file's steps.
    expect(instructions.slice(-10)).toEqual(['LABEL', 'EXPOSE', 'ENV', 'WORKDIR', 'RUN', 'USER', 'HEALTHCHECK', 'STOPSIGNAL', 'VOLUME', 'CMD'])
    const big = details.layers.find((l) => l.instruction === 'RUN' && l.text.startsWith('dd if=/dev/zero'))!
    expect(big.size).toBeGreaterThanOrEqual(300 * 1024)
    expect(details.layers.find((l) => l.instruction === 'EXPOSE')!.text).toMatch(/8080/)
    expect(JSON.parse(details.raw).Id).toBe(webId)
  })

  it('deletes an unused image: the plan names the tag and the image, and delete does exactly that', async () => {
    const id = await buildImage(`${repo}:unused`, 'RUN echo unused > /unused')
    const plan = await planDelete(docker, [`${repo}:unused`])
    expect(plan.blocked).toBeNull()
    expect(plan.containers).toEqual([])
    expect(plan.images).toEqual([expect.objectContaining({ id, removeTags: [`${repo}:unused`], keepTags: [], removesImage: true, children: [] })])
    const result = await executeDelete(docker, { targets: plan.targets, expectSignature: plan.signature, removeContainers: [] })
    expect(result).toEqual({ untagged: [`${repo}:unused`], deletedImages: [id], removedContainers: [] })
    expect(await exists(id)).toBe(false)
    expect(await exists(`${repo}:web`)).toBe(true)
  })

  it('refuses to delete an image in use, then removes the named containers and the image when asked', async () => {
    const id = await buildImage(`${repo}:inuse`, 'RUN echo inuse > /inuse')
    const stopped = await docker.createContainer({ Image: `${repo}:inuse`, name: `slipway-test-stopped-${run}`, Cmd: ['true'] })
    const running = await docker.createContainer({ Image: `${repo}:inuse`, name: `slipway-test-running-${run}`, Cmd: ['sleep', '300'] })
    await running.start()

    const plan = await planDelete(docker, [`${repo}:inuse`])
    expect(plan.images[0]).toMatchObject({ id, removesImage: true })
    expect(plan.containers.map((c) => [c.name, c.running]).sort()).toEqual([
      [`slipway-test-running-${run}`, true],
      [`slipway-test-stopped-${run}`, false]
    ])

    await expectAppError(
      executeDelete(docker, { targets: plan.targets, expectSignature: plan.signature, removeContainers: [] }),
      'conflict',
      new RegExp(`used by containers: slipway-test-running-${run} \\(running\\), slipway-test-stopped-${run} \\(created\\)`)
    )
    expect(await exists(id)).toBe(true)
    expect((await docker.getContainer(running.id).inspect()).State.Running).toBe(true)

    // A container the plan did not name is refused before anything goes.
    await expectAppError(
      executeDelete(docker, { targets: plan.targets, expectSignature: plan.signature, removeContainers: [...plan.containers.map((c) => c.id), 'f'.repeat(64)] }),
      'invalid-input',
      /does not use these images/
    )
    expect(await exists(id)).toBe(true)

    const result = await executeDelete(docker, { targets: plan.targets, expectSignature: plan.signature, removeContainers: plan.containers.map((c) => c.id) })
    expect(result.removedContainers.sort()).toEqual([`slipway-test-running-${run}`, `slipway-test-stopped-${run}`])
    expect(result.deletedImages).toEqual([id])
    expect(await exists(id)).toBe(false)
    const left = await docker.listContainers({ all: true, filters: { id: [stopped.id, running.id] } })
    expect(left).toEqual([])
  })

  it('untags one of two tags and leaves the image', async () => {
    const id = await buildImage(`${repo}:first`, 'RUN echo two > /two')
    await tagImage(docker, `${repo}:first`, `${repo}:second`)
    const plan = await planDelete(docker, [`${repo}:first`])
    expect(plan.images).toEqual([expect.objectContaining({ id, removeTags: [`${repo}:first`], keepTags: [`${repo}:second`], removesImage: false })])
    const result = await executeDelete(docker, { targets: plan.targets, expectSignature: plan.signature, removeContainers: [] })
    expect(result).toEqual({ untagged: [`${repo}:first`], deletedImages: [], removedContainers: [] })
    expect(await exists(`${repo}:first`)).toBe(false)
    // Podman lists docker.io/…: compare in the short form the app shows.
    expect(((await docker.getImage(id).inspect()).RepoTags ?? []).map(familiarName)).toEqual([`${repo}:second`])
    await docker.getImage(`${repo}:second`).remove()
  })

  it('refuses a delete whose plan changed after it was reviewed, removing nothing', async () => {
    const id = await buildImage(`${repo}:changing`, 'RUN echo changing > /changing')
    const plan = await planDelete(docker, [`${repo}:changing`])
    const container = await docker.createContainer({ Image: id, name: `slipway-test-late-${run}`, Cmd: ['true'] })
    await expectAppError(
      executeDelete(docker, { targets: plan.targets, expectSignature: plan.signature, removeContainers: [] }),
      'conflict',
      /changed since the delete was reviewed/
    )
    expect(await exists(id)).toBe(true)
    await container.remove()
  })

  it('names child images, and an engine 409 becomes a clear message', async () => {
    // The classic builder records parents: a child built FROM this tag keeps its layers.
    const parentId = await buildImage(`${repo}:parent`, 'RUN echo parent > /parent')
    await dockerCli(daemon!.dockerHost, ['build', '-q', '-t', `${repo}:child`, '-'], `FROM ${repo}:parent\nRUN echo child > /child\n`)
    const plan = await planDelete(docker, [parentId])
    expect(plan.images[0]!.children.length).toBeGreaterThan(0)
    expect(plan.blocked).toBeNull()
    const byTag = await planDelete(docker, [`${repo}:parent`])
    expect(byTag.images[0]).toMatchObject({ removesImage: false, keepTags: [] })

    // A 409 straight from the engine (a container appeared after the plan's own checks) is reported, not forced.
    const container = await docker.createContainer({ Image: `${repo}:parent`, name: `slipway-test-409-${run}`, Cmd: ['true'] })
    const { removeImageTags } = await import('../../src/main/docker/images/delete')
    await expectAppError(removeImageTags(docker, parentId, [`${repo}:parent`], false), 'conflict', /Docker refused to delete .*:parent: .*container/)
    expect(await exists(`${repo}:parent`)).toBe(true)
    await container.remove()
    await docker.getImage(`${repo}:child`).remove()
    await docker.getImage(`${repo}:parent`).remove()
  })

  it('prune preview lists exactly what prune then removes (dangling, then all unused), with the space', async () => {
    const firstId = await buildImage(`${repo}:prune`, 'RUN echo one > /one')
    // Building the same tag again leaves the first image dangling.
    const secondId = await buildImage(`${repo}:prune`, 'RUN echo two > /two')
    expect(firstId).not.toBe(secondId)

    const dangling = await previewPrune(docker, 'dangling', RUN_LABEL)
    expect(dangling.candidates.map((c) => c.id)).toEqual([firstId])
    expect(dangling.candidates[0]!.tags).toEqual([])
    expect(dangling.reclaimable).toBeGreaterThan(0)
    const pruned = await pruneImages(docker, 'dangling', dangling.candidates.map((c) => c.id), RUN_LABEL)
    expect(pruned.deleted).toEqual([firstId])
    expect(pruned.skipped).toEqual([])
    expect(pruned.reclaimed).toBe(dangling.reclaimable)
    expect(await exists(firstId)).toBe(false)
    expect(await exists(secondId)).toBe(true)

    // All unused: this run's images that no container uses; one in use stays out of the preview.
    const container = await docker.createContainer({ Image: `${repo}:plain`, name: `slipway-test-keep-${run}`, Cmd: ['true'] })
    try {
      const unused = await previewPrune(docker, 'unused', RUN_LABEL)
      const ids = unused.candidates.map((c) => c.id)
      expect(ids).toContain(secondId)
      expect(ids).not.toContain(plainId)
      // Prune only the one image: nothing beyond the named IDs goes.
      const result = await pruneImages(docker, 'unused', [secondId], RUN_LABEL)
      expect(result.deleted).toEqual([secondId])
      expect(await exists(secondId)).toBe(false)
      expect(await exists(`${repo}:web`)).toBe(true)
      expect(await exists(plainId)).toBe(true)
    } finally {
      await container.remove()
    }
  })

  it('lists dangling images only when asked', async () => {
    const firstId = await buildImage(`${repo}:dangle`, 'RUN echo a > /a')
    await buildImage(`${repo}:dangle`, 'RUN echo b > /b')
    const hidden = await listImages(docker)
    expect(imageRows(hidden.images).some((r) => r.id === firstId)).toBe(false)
    expect(hidden.danglingHidden).toBeGreaterThanOrEqual(1)
    const shown = await listImages(docker, { dangling: true })
    expect(imageRows(shown.images).find((r) => r.id === firstId)).toMatchObject({ repository: '<none>', tag: '<none>', reference: null, dangling: true })
  })

  it('validates tags against the reference grammar', async () => {
    await expectAppError(tagImage(docker, webId, 'MyName/MyFirstApp'), 'invalid-input', /must be lowercase: use myname\/myfirstapp/)
    await expectAppError(tagImage(docker, webId, 'app:with space'), 'invalid-input', /may not contain spaces/)
    await expectAppError(tagImage(docker, `${repo}:nope`, `${repo}:x`), 'not-found', /No image/)
    expect(await tagImage(docker, webId, `${repo}:tagged`)).toEqual({ reference: `${repo}:tagged` })
    expect((await docker.getImage(`${repo}:tagged`).inspect()).Id).toBe(webId)
    await docker.getImage(`${repo}:tagged`).remove()
  })

})

describe.skipIf(!daemon)('live updates from the engine event stream', () => {
  let engine: EngineConnection
  let follower: EventFollower
  const seen: { event: DockerEvent; at: number }[] = []
  const tag = `slipway-test/images-live-${run}:cli`

  beforeAll(async () => {
    engine = new EngineConnection({
      resolve: () => resolveEngineCandidates({ env: { DOCKER_HOST: daemon!.dockerHost }, homeDir: '/nonexistent', platform: 'linux' }),
      onState: () => undefined
    })
    expect((await engine.connect()).status).toBe('connected')
    follower = new EventFollower(engine)
    follower.subscribe((batch) => seen.push(...batch.map((event) => ({ event, at: performance.now() }))))
    // Let the follower attach to /events before the CLI acts.
    for (let waited = 0; !seen.some((s) => s.event.action === 'reconnected') && waited < 5000; waited += 50) await new Promise((r) => setTimeout(r, 50))
    await new Promise((r) => setTimeout(r, 300))
  })

  afterAll(async () => {
    follower?.dispose()
    engine?.dispose()
    await daemon!.docker.getImage(tag).remove().catch(() => undefined)
  })

  it('sees a CLI docker tag and docker rmi within 500 ms, and the list shows the change', async () => {
    const env = { ...process.env, DOCKER_HOST: daemon!.dockerHost }
    const tagStarted = performance.now()
    await execFileAsync('docker', ['tag', BUSYBOX_IMAGE, tag], { env })
    await expect.poll(() => seen.find((s) => s.event.type === 'image' && s.event.action === 'tag' && s.event.attributes.name === tag), { timeout: 2000, interval: 5 }).toBeTruthy()
    const tagSeen = seen.find((s) => s.event.action === 'tag' && s.event.attributes.name === tag)!
    const tagMs = tagSeen.at - tagStarted
    expect(imageRows((await listImages(engine.docker())).images).some((r) => r.reference === tag)).toBe(true)

    const rmiStarted = performance.now()
    await execFileAsync('docker', ['rmi', tag], { env })
    await expect.poll(() => seen.find((s) => s.event.type === 'image' && s.event.action === 'untag' && s.at > rmiStarted), { timeout: 2000, interval: 5 }).toBeTruthy()
    const rmiMs = seen.find((s) => s.event.action === 'untag' && s.at > rmiStarted)!.at - rmiStarted
    expect(imageRows((await listImages(engine.docker())).images).some((r) => r.reference === tag)).toBe(false)

    console.info(`[images] CLI docker tag → event ${tagMs.toFixed(0)} ms; docker rmi → event ${rmiMs.toFixed(0)} ms (including the CLI's own run time)`)
    expect(tagMs).toBeLessThan(500)
    expect(rmiMs).toBeLessThan(500)
  })
})
