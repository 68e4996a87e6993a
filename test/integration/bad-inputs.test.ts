// Bad input that reaches the engine, row by row: each row gives the exact message the person sees (so a
// vague or changed message fails), and proves that nothing was changed: the images and containers this
// file made, and every file under its fixture folder, are the same before and after. Channels are called
// by wire name through the real main-side handlers (startMain). Rows run against the test daemon, one
// after another. The forms' validators and the rows that need no engine (files, refused inputs) are in
// test/unit/bad-inputs.test.ts, so they run where there is no Docker.
import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import type Dockerode from 'dockerode'
import { pack } from 'tar-stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { walkContext } from '../../src/main/docker/build/context'
import { emptyRunOptions, type RunOptions } from '../../src/shared/docker/run-command'
import type { BuildDetail, BuildRecord, BuildRequest } from '../../src/shared/ipc/channels/build'
import type { DeletePlan } from '../../src/shared/ipc/channels/images'
import type { OperationSnapshot } from '../../src/shared/ipc/channels/operations'
import { BUSYBOX_IMAGE } from '../support/base-images'
import { requireDaemon, TEST_LABEL } from '../support/daemon'
import { canSwitchUser, runServiceAsNobody } from '../support/faults/as-user'
import { filesSnapshot } from '../support/faults/files-snapshot'
import { startMainUnderTest, type MainUnderTest } from '../support/faults/handlers'

const daemon = requireDaemon()
const U = `${process.pid}-${Date.now().toString(36)}`
/** Every image and container this file makes carries it (images built FROM BASE inherit it). */
const FAULTS_LABEL = 'com.slipway.test.faults'
const BASE = `slipway-test/faults-${U}:base`
const GONE = `slipway-test/faults-${U}:gone`
const MISSING_BASE = `slipway-test/faults-missing-${U}:1`
const HOLDER = `faults-${U}-holder`

interface Fixture {
  dir: string
  /** Host port the holder container publishes. */
  publishedPort: number
  /** Host port a plain Node server holds. */
  programPort: number
  holderId: string
}

interface Row {
  name: string
  /** Runs after the "before" snapshot is NOT yet taken: setup the row needs (e.g. deleting a folder). */
  prepare?: () => Promise<void>
  /** Does the bad thing; returns the message the person sees. */
  act: () => Promise<string> | string
  /** The exact message; a RegExp (anchored) only where the engine's own words are quoted inside. */
  message: () => string | RegExp
}

const fx = {} as Fixture
let main: MainUnderTest
let docker: Dockerode
let programServer: Server

const file = (...parts: string[]) => path.join(fx.dir, ...parts)
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

function runOptions(overrides: Partial<RunOptions> = {}): RunOptions {
  return { ...emptyRunOptions(BASE), command: ['sleep', '30'], labels: [{ key: TEST_LABEL, value: '1' }], ...overrides }
}

function buildRequest(overrides: Partial<BuildRequest> = {}): BuildRequest {
  return {
    dockerfileText: `FROM ${BASE}\nRUN true\n`,
    dockerfilePath: file('ctx', 'Dockerfile'),
    contextDir: file('ctx'),
    tags: [`slipway-test/faults-${U}:built`],
    buildArgs: [],
    target: null,
    noCache: false,
    pull: false,
    builder: 'classic',
    ...overrides
  }
}

async function refused(wire: string, input: unknown): Promise<string> {
  return (await main.refusal(wire, input)).message
}

/** Starts a long operation through its channel and waits for it to end; its error is what its dialog shows. */
async function failedOperation(wire: string, input: unknown): Promise<string> {
  const started = await main.value<OperationSnapshot>(wire, input)
  const deadline = Date.now() + 90_000
  for (;;) {
    const found = (await main.value<OperationSnapshot[]>('operations.list', {})).find((o) => o.id === started.id)
    if (found && found.state !== 'running') {
      expect(found.state).toBe('failed')
      return found.error ?? '(no error)'
    }
    if (Date.now() > deadline) throw new Error(`the operation ${wire} started did not end`)
    await new Promise((r) => setTimeout(r, 200))
  }
}

/** Starts a build through the channel and waits for it to end; the build's error is what the Builds view shows. */
async function failedBuild(request: BuildRequest): Promise<string> {
  const record = await main.value<BuildRecord>('build.start', request)
  const deadline = Date.now() + 90_000
  for (;;) {
    const detail = await main.value<BuildDetail>('build.get', { id: record.id })
    if (!['preparing', 'sending', 'running'].includes(detail.record.status)) {
      expect(detail.record.status).toBe('failed')
      expect(detail.record.imageId).toBeUndefined()
      return detail.record.error ?? '(no error)'
    }
    if (Date.now() > deadline) throw new Error('the build did not end')
    await new Promise((r) => setTimeout(r, 200))
  }
}

/** Walks a build context as `nobody` when we are root (root passes every permission check), else in-process. */
async function walkUnprivileged(target: string): Promise<string> {
  if (canSwitchUser()) {
    const result = await runServiceAsNobody('walk', target)
    if (result.ok) throw new Error(`walking ${target} succeeded as nobody`)
    return result.message
  }
  return walkContext(target).then(
    () => {
      throw new Error(`walking ${target} succeeded`)
    },
    (error: unknown) => (error as Error).message
  )
}

// ---------------------------------------------------------------------------
// What must not change

async function engineSnapshot(): Promise<string[]> {
  const [images, containers] = await Promise.all([
    docker.listImages({ all: true, filters: { label: [`${FAULTS_LABEL}=${U}`] } }),
    docker.listContainers({ all: true, filters: { label: [`${FAULTS_LABEL}=${U}`] } })
  ])
  return [
    ...images.map((i) => `image ${i.Id} ${[...(i.RepoTags ?? [])].sort().join(',')}`),
    ...containers.map((c) => `container ${c.Id} ${c.Names.join(',')} ${c.State}`)
  ].sort()
}

// ---------------------------------------------------------------------------
// The rows

const rows: Row[] = [
  // containers.* channels
  {
    name: 'containers.run: the same host port twice',
    act: () =>
      refused('containers.run', {
        options: runOptions({
          ports: [
            { hostIp: '', hostPort: 18080, containerPort: 80, protocol: 'tcp' },
            { hostIp: '', hostPort: 18080, containerPort: 81, protocol: 'tcp' }
          ]
        })
      }),
    message: () => 'Host port 18080/tcp is used twice (also for container port 80). Each host port can be published once per address; pick another.'
  },
  {
    name: 'containers.checkPorts: a host port another program holds',
    act: async () => {
      const conflicts = await main.value<{ message: string; suggestedPort: number | null }[]>('containers.checkPorts', {
        ports: [{ hostIp: '', hostPort: fx.programPort, containerPort: 80, protocol: 'tcp' }]
      })
      expect(conflicts).toHaveLength(1)
      expect(conflicts[0]!.message).toContain(`Port ${conflicts[0]!.suggestedPort} is free.`)
      return conflicts[0]!.message
    },
    message: () => new RegExp(`^Host port ${fx.programPort} is in use by another program on this machine\\. Port \\d+ is free\\.$`)
  },
  {
    name: 'containers.run: a host port another program holds (no half-made container is left)',
    act: () => refused('containers.run', { options: runOptions({ ports: [{ hostIp: '', hostPort: fx.programPort, containerPort: 80, protocol: 'tcp' }] }) }),
    message: () => `Host port ${fx.programPort} is in use by another program on this machine. Choose another host port, or stop that program.`
  },
  {
    name: 'containers.checkPorts: a host port another container publishes',
    act: async () => {
      const conflicts = await main.value<{ message: string }[]>('containers.checkPorts', {
        ports: [{ hostIp: '', hostPort: fx.publishedPort, containerPort: 80, protocol: 'tcp' }]
      })
      expect(conflicts).toHaveLength(1)
      return conflicts[0]!.message
    },
    message: () => new RegExp(`^Host port ${fx.publishedPort} is already published by container "${HOLDER}" \\(to its port 80/tcp\\)\\. Port \\d+ is free\\.$`)
  },
  {
    name: 'containers.run: a host port another container publishes',
    act: () => refused('containers.run', { options: runOptions({ ports: [{ hostIp: '', hostPort: fx.publishedPort, containerPort: 80, protocol: 'tcp' }] }) }),
    message: () => `Host port ${fx.publishedPort} is already published by another container. Choose another host port, or stop that container.`
  },
  {
    name: 'containers.run: container name with /',
    act: () => refused('containers.run', { options: runOptions({ name: 'my/app' }) }),
    message: () => 'A container name cannot contain "/". That belongs in image names; use "-" or "_" instead.'
  },
  {
    name: 'containers.run: container name with a leading -',
    act: () => refused('containers.run', { options: runOptions({ name: '-app' }) }),
    message: () => 'A container name must start with a letter or a digit, not "-".'
  },
  {
    name: 'containers.checkName: a name in use',
    act: async () => (await main.value<string | null>('containers.checkName', { name: HOLDER })) ?? 'free',
    message: () => `A container named "${HOLDER}" already exists. Choose another name, or remove that container first.`
  },
  {
    name: 'containers.run: a name in use',
    act: () => refused('containers.run', { options: runOptions({ name: HOLDER }) }),
    message: () => `A container named "${HOLDER}" already exists. Choose another name, or remove that container first.`
  },
  {
    name: 'containers.run: an image that is gone',
    act: () => refused('containers.run', { options: runOptions({ image: GONE }) }),
    message: () => `The image ${GONE} is not on this engine (it may have been deleted). Build or pull it again, then press Run.`
  },
  {
    name: 'containers.run: environment variable name with =',
    act: () => refused('containers.run', { options: runOptions({ env: [{ key: 'A=B', value: '1' }] }) }),
    message: () => 'The environment variable name "A=B" cannot contain "=" or spaces.'
  },
  {
    name: 'containers.run: relative host folder for a bind mount',
    act: () => refused('containers.run', { options: runOptions({ mounts: [{ type: 'bind', source: 'data', target: '/data', readOnly: false }] }) }),
    message: () => 'The host folder "data" must be an absolute path. Pick it with "Choose folder".'
  },
  {
    name: 'containers.run: a host folder that does not exist (the engine would make it)',
    act: () => refused('containers.run', { options: runOptions({ mounts: [{ type: 'bind', source: file('no-such-folder'), target: '/data', readOnly: false }] }) }),
    message: () => `The host folder ${file('no-such-folder')} does not exist. Choose an existing folder with "Choose folder", or create it first.`
  },
  {
    name: 'containers.run: a network that does not exist',
    act: () => refused('containers.run', { options: runOptions({ network: `faults-${U}-no-such-network` }) }),
    message: () => `The network "faults-${U}-no-such-network" does not exist. Pick another network, or the default bridge.`
  },
  {
    name: 'containers.start: a container that was removed',
    act: () => refused('containers.start', { id: `faults${U.replace(/[^a-z0-9]/g, '')}gone` }),
    message: () => 'The container is gone (removed by someone else?), so it cannot be started. The list is refreshed.'
  },

  // Image tags: the channels behind the build, tag and pull dialogs
  {
    name: 'build.start: tag with upper case',
    act: () => refused('build.start', buildRequest({ tags: ['MyApp:1.0'] })),
    message: () => 'Repository names must be lowercase: use myapp instead of MyApp.'
  },
  {
    name: 'build.start: tag with a space',
    act: () => refused('build.start', buildRequest({ tags: ['my app:1.0'] })),
    message: () => 'An image name may not contain spaces: use "-" or "_" instead.'
  },
  {
    name: 'build.start: tag of 301 characters is refused before the handler runs',
    act: () => refused('build.start', buildRequest({ tags: ['a'.repeat(301)] })),
    message: () => 'Invalid input for build.start: tags.0: Too big: expected string to have <=300 characters'
  },
  {
    name: 'images.tag: target with upper case',
    act: () => refused('images.tag', { source: BASE, target: `slipway-test/Faults-${U}:1` }),
    message: () => `Repository names must be lowercase: use slipway-test/faults-${U} instead of slipway-test/Faults-${U}.`
  },
  {
    name: 'images.tag: target with a space',
    act: () => refused('images.tag', { source: BASE, target: 'my app:1.0' }),
    message: () => 'An image name may not contain spaces: use "-" or "_" instead.'
  },
  {
    name: 'images.tag: target ::',
    act: () => refused('images.tag', { source: BASE, target: '::' }),
    message: () => 'A repository name may contain only lowercase letters, digits, ".", "_" and "-": ":" in ":" is not allowed.'
  },
  {
    name: 'images.tag: target of 300 characters',
    act: () => refused('images.tag', { source: BASE, target: 'a'.repeat(300) }),
    message: () => 'An image name can be at most 255 characters (this one has 300).'
  },
  {
    name: 'images.tag: a tag part of 300 characters',
    act: () => refused('images.tag', { source: BASE, target: `slipway-test/faults-${U}:${'1'.repeat(300)}` }),
    message: () => 'A tag can be at most 128 characters (this one has 300).'
  },
  {
    name: 'images.tag: a source image that is gone',
    act: () => refused('images.tag', { source: GONE, target: `slipway-test/faults-${U}:copy` }),
    message: () => `No image ${GONE} to tag: it may have been removed. Reload the list.`
  },
  {
    name: 'images.pull: a reference with upper case',
    act: () => refused('images.pull', { reference: 'Ubuntu:22.04' }),
    message: () => 'Repository names must be lowercase: use ubuntu instead of Ubuntu.'
  },
  {
    name: 'images.pull: an unknown image with no registry reachable',
    act: () => failedOperation('images.pull', { reference: MISSING_BASE }),
    message: () =>
      new RegExp(`^Could not reach Docker Hub \\(docker\\.io\\) to pull ${escape(MISSING_BASE)}: .+\\. Check the network connection \\(and proxy settings\\) or the registry address\\.$`)
  },

  // Deleting images
  {
    name: 'images.remove: an image in use by a running container, without agreeing to remove it',
    act: async () => {
      const plan = await main.value<DeletePlan>('images.planDelete', { targets: [BASE] })
      return refused('images.remove', { targets: [BASE], expectSignature: plan.signature, removeContainers: [] })
    },
    message: () => `These images are used by a container: ${HOLDER} (running). Nothing was deleted: remove the containers first, or choose "Remove these containers and the image".`
  },
  {
    name: 'images.remove: a plan that changed since it was reviewed',
    act: () => refused('images.remove', { targets: [BASE], expectSignature: ['stale'], removeContainers: [] }),
    message: () => 'These images changed since the delete was reviewed (tags, containers or child images). Nothing was deleted: review the delete again.'
  },
  {
    name: 'images.planDelete: a tag that does not exist',
    act: () => refused('images.planDelete', { targets: [GONE] }),
    message: () => `No image is tagged ${GONE}: it may have been removed already. Reload the list and try again.`
  },

  // Builds: context, Dockerfile text, base image
  {
    name: 'build.start: a build context that does not exist',
    act: () => refused('build.start', buildRequest({ contextDir: file('no-such-context') })),
    message: () => `The build context folder ${file('no-such-context')} does not exist. Choose an existing folder as the build context.`
  },
  {
    name: 'build.start: a build context that is a file',
    act: () => refused('build.start', buildRequest({ contextDir: file('ctx', 'Dockerfile') })),
    message: () => `The build context ${file('ctx', 'Dockerfile')} is a file, not a folder. Choose the folder that holds the files your Dockerfile copies.`
  },
  {
    name: 'build.start: a relative build context (it would be read from wherever the app was started)',
    act: () => refused('build.start', buildRequest({ contextDir: '.' })),
    message: () => 'The build context "." is not a full path. Choose the folder with Choose…, or type its full path, like /home/me/myapp.'
  },
  {
    name: 'context.inspect: a relative build context',
    act: () => refused('context.inspect', { contextDir: 'ctx', dockerfilePath: null }),
    message: () => 'The build context "ctx" is not a full path. Choose the folder with Choose…, or type its full path, like /home/me/myapp.'
  },
  {
    name: 'build context: a folder the user may not read (as an unprivileged user)',
    act: () => walkUnprivileged(file('locked-ctx')),
    message: () => 'Cannot read the folder private in the build context (permission denied). Fix its permissions, or add it to .dockerignore so it is not sent.'
  },
  {
    name: 'context.inspect: a link pointing outside the build context',
    act: async () => {
      const summary = await main.value<{ warnings: string[] }>('context.inspect', { contextDir: file('linked-ctx'), dockerfilePath: null })
      expect(summary.warnings).toHaveLength(1)
      return summary.warnings[0]!
    },
    message: () =>
      `escape is a symbolic link to ${file('secret.txt')}, outside the build context. Docker sends the link itself, not the file it points to, so inside the image it points at ${file('secret.txt')}, which probably does not exist there. Copy the file into the context folder instead, or add escape to .dockerignore.`
  },
  {
    name: 'context.addIgnore: a pattern with a line break',
    act: () => refused('context.addIgnore', { contextDir: file('ctx'), patterns: ['node_modules\n*'] }),
    message: () => 'A .dockerignore pattern must be on one line.'
  },
  {
    name: 'build.start: an empty Dockerfile',
    act: () => refused('build.start', buildRequest({ dockerfileText: '' })),
    message: () => 'The Dockerfile has no FROM instruction. Start it with the base image, e.g. FROM python:3.12-slim.'
  },
  {
    name: 'build.start: a misspelled instruction',
    act: () => refused('build.start', buildRequest({ dockerfileText: `FROM ${BASE}\nRUNN echo hi\n` })),
    message: () => 'Line 2: "RUNN" is not a Dockerfile instruction. Fix the spelling (e.g. RUN, COPY, FROM) or remove the line.'
  },
  {
    name: 'build.start: an instruction before FROM',
    act: () => refused('build.start', buildRequest({ dockerfileText: `RUN echo hi\nFROM ${BASE}\n` })),
    message: () => 'Line 1: a Dockerfile must start with FROM (only ARG may come before it). Add a FROM line with the base image first.'
  },
  {
    name: 'build.start: a target stage that does not exist',
    act: () => refused('build.start', buildRequest({ target: 'tests' })),
    message: () => 'There is no stage named "tests" in this Dockerfile. Name a stage with FROM … AS tests, or pick one of the stages listed.'
  },
  {
    name: 'build.start: a Dockerfile over the 1,000,000-character limit of a build',
    act: () => refused('build.start', buildRequest({ dockerfileText: `FROM ${BASE}\n# ${'x'.repeat(1_000_000)}\n` })),
    message: () => 'Invalid input for build.start: dockerfileText: Too big: expected string to have <=1000000 characters'
  },
  {
    name: 'build: COPY from outside the build context',
    act: () => failedBuild(buildRequest({ dockerfileText: `FROM ${BASE}\nCOPY ../secret.txt /app/\n`, tags: [`slipway-test/faults-${U}:copy-outside`] })),
    message: () => 'COPY ../secret.txt reads from outside the build context: a build can only use the files inside the context folder. Move the file into the context folder (or pick a context folder that holds it), then build again.'
  },
  {
    name: 'build: an unknown base image with no registry reachable',
    act: () => failedBuild(buildRequest({ dockerfileText: `FROM ${MISSING_BASE}\nRUN true\n`, tags: [`slipway-test/faults-${U}:unknown-base`] })),
    message: () =>
      new RegExp(
        `^The base image ${escape(MISSING_BASE)} is not on this engine and could not be pulled from its registry \\(.+\\)\\. Check the image name, build or load that image first \\(the Images view lists what this engine has\\), or connect to the network and try again\\.$`
      )
  },
]

// ---------------------------------------------------------------------------

async function buildBaseImage(): Promise<void> {
  const tar = pack()
  tar.entry({ name: 'Dockerfile' }, `FROM ${BUSYBOX_IMAGE}\nLABEL ${TEST_LABEL}="1" ${FAULTS_LABEL}="${U}"\nCMD ["sleep", "600"]\n`)
  tar.finalize()
  const stream = await docker.buildImage(tar as unknown as NodeJS.ReadableStream, { t: BASE })
  await new Promise<void>((resolve, reject) =>
    docker.modem.followProgress(stream, (error: Error | null, output: { error?: string }[]) => {
      const failed = error?.message ?? output.find((o) => o.error)?.error
      if (failed) reject(new Error(failed))
      else resolve()
    })
  )
}

async function makeFiles(): Promise<void> {
  fx.dir = await mkdtemp(path.join(os.tmpdir(), 'slipway-faults-'))
  // `nobody` must reach the files the unprivileged rows use.
  await chmod(fx.dir, 0o755)
  await mkdir(file('ctx'))
  await writeFile(file('ctx', 'Dockerfile'), `FROM ${BASE}\n`)
  await writeFile(file('secret.txt'), 'outside the context\n')
  await mkdir(file('linked-ctx'))
  await writeFile(file('linked-ctx', 'app.txt'), 'inside\n')
  await symlink(file('secret.txt'), file('linked-ctx', 'escape'))
  await mkdir(file('locked-ctx', 'private'), { recursive: true })
  await writeFile(file('locked-ctx', 'private', 'key.txt'), 'private\n')
  await chmod(file('locked-ctx', 'private'), 0o000)
}

async function holdPortWithProgram(): Promise<void> {
  programServer = createServer()
  await new Promise<void>((resolve, reject) => {
    programServer.once('error', reject)
    programServer.listen(0, '0.0.0.0', () => resolve())
  })
  fx.programPort = (programServer.address() as { port: number }).port
}

async function startHolder(): Promise<void> {
  const container = await docker.createContainer({
    Image: BASE,
    name: HOLDER,
    Labels: { [TEST_LABEL]: '1' },
    ExposedPorts: { '80/tcp': {} },
    HostConfig: { PortBindings: { '80/tcp': [{ HostIp: '', HostPort: '' }] } }
  })
  await container.start()
  const info = await container.inspect()
  fx.holderId = info.Id
  fx.publishedPort = Number(info.NetworkSettings.Ports['80/tcp']?.[0]?.HostPort)
}

describe.skipIf(!daemon)('bad inputs: exact messages, nothing changed', () => {
  beforeAll(async () => {
    docker = daemon!.docker
    await buildBaseImage()
    // An image that was there and was deleted: tag it, then remove the tag.
    await docker.getImage(BASE).tag({ repo: GONE.split(':')[0]!, tag: 'gone' })
    await docker.getImage(GONE).remove()
    await Promise.all([makeFiles(), holdPortWithProgram(), startHolder()])
    main = await startMainUnderTest(daemon!.dockerHost)
    // The fixture folder is one the person picked as a build context (main asks before sending any other).
    await main.dialogs.answering({ chooseFolder: () => fx.dir }, () => main.value('context.choose', {}))
  }, 120_000)

  afterAll(async () => {
    await main?.dispose()
    programServer?.close()
    if (docker) {
      const leftovers = await docker.listContainers({ all: true, filters: { label: [`${FAULTS_LABEL}=${U}`] } })
      await Promise.all(leftovers.map((c) => docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined)))
      const images = await docker.listImages({ all: true, filters: { label: [`${FAULTS_LABEL}=${U}`] } })
      for (const image of images.sort((a, b) => b.Created - a.Created)) await docker.getImage(image.Id).remove({ force: true }).catch(() => undefined)
    }
    if (fx.dir) await rm(fx.dir, { recursive: true, force: true })
  })

  it('has at least 40 rows', () => {
    expect(rows.length).toBeGreaterThanOrEqual(40)
  })

  for (const row of rows) {
    it(row.name, async () => {
      await row.prepare?.()
      const [engineBefore, filesBefore] = await Promise.all([engineSnapshot(), filesSnapshot(fx.dir)])
      const seen = await row.act()
      const expected = row.message()
      if (typeof expected === 'string') expect(seen).toBe(expected)
      else expect(seen).toMatch(expected)
      const [engineAfter, filesAfter] = await Promise.all([engineSnapshot(), filesSnapshot(fx.dir)])
      expect(engineAfter, 'images and containers changed').toEqual(engineBefore)
      expect(filesAfter, 'files changed').toEqual(filesBefore)
    })
  }
})
