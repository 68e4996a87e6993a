import { mkdtemp, readFile, rm, writeFile, chmod } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import os from 'node:os'
import path from 'node:path'
import type Dockerode from 'dockerode'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  listContainers,
  prefillFromContainer,
  prefillFromImage,
  removeContainer,
  restartContainer,
  runCommandForContainer,
  startContainer,
  stopContainer
} from '../../src/main/docker/containers'
import { followContainerLogs, readContainerLogs } from '../../src/main/docker/logs'
import { findFreeHostPort, findPortConflicts, listPublishedHostPorts } from '../../src/main/docker/port-check'
import { checkContainerName, recreateContainer, runContainer } from '../../src/main/docker/run'
import { emptyRunOptions, type RunOptions } from '../../src/shared/docker/run-command'
import type { LogLine } from '../../src/shared/ipc/channels/containers'
import { AppError } from '../../src/shared/ipc/errors'
import { BUSYBOX_IMAGE } from '../support/base-images'
import { requireDaemon, TEST_LABEL } from '../support/daemon'
import { buildTestImage, fetchText } from '../support/images'

const daemon = requireDaemon()
const unique = `${process.pid}-${Date.now().toString(36)}`
const EXPOSE_IMAGE = `slipway-test/containers-expose:${unique}`

function options(overrides: Partial<RunOptions>): RunOptions {
  return { ...emptyRunOptions(BUSYBOX_IMAGE), labels: [{ key: TEST_LABEL, value: '1' }], ...overrides }
}


function buildExposeImage(docker: Dockerode): Promise<void> {
  return buildTestImage(docker, EXPOSE_IMAGE, { Dockerfile: `FROM ${BUSYBOX_IMAGE}\nLABEL ${TEST_LABEL}=1\nRUN mkdir -p /www && echo exposed > /www/index.html\nEXPOSE 80 9999/udp\nCMD ["httpd", "-f", "-p", "80", "-h", "/www"]\n` })
}

async function listen(server: Server, port: number, host: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => resolve())
  })
}

describe.skipIf(!daemon)('containers against the real daemon', () => {
  const docker = daemon!.docker
  const created = new Set<string>()
  let tempDir: string

  const run = async (o: RunOptions) => {
    const result = await runContainer(docker, o)
    created.add(result.id)
    return result
  }

  beforeAll(async () => {
    tempDir = await mkdtemp(path.join(os.tmpdir(), 'slipway-containers-'))
    await buildExposeImage(docker)
  })

  afterAll(async () => {
    for (const id of created) await docker.getContainer(id).remove({ force: true }).catch(() => undefined)
    await docker.getImage(EXPOSE_IMAGE).remove({ force: true }).catch(() => undefined)
    await rm(tempDir, { recursive: true, force: true })
  })

  it('runs busybox httpd with a mapping to a free host port, and the page answers from the host; env and a bind mount take effect', async () => {
    const site = path.join(tempDir, 'site')
    await rm(site, { recursive: true, force: true })
    await import('node:fs/promises').then((fs) => fs.mkdir(site))
    await chmod(site, 0o777)
    await writeFile(path.join(site, 'index.html'), 'Hello from a bind mount\n')
    const hostPort = await findFreeHostPort(await listPublishedHostPorts(docker), 18080, '', 'tcp', true)
    expect(hostPort).not.toBeNull()
    const result = await run(
      options({
        name: `slipway-httpd-${unique}`,
        ports: [{ hostIp: '', hostPort, containerPort: 80, protocol: 'tcp' }],
        env: [{ key: 'GREETING', value: "it's Slipway" }],
        mounts: [{ type: 'bind', source: site, target: '/www', readOnly: false }],
        command: ['sh', '-c', 'echo "$GREETING" > /www/env.txt && exec httpd -f -p 80 -h /www']
      })
    )
    expect(result.name).toBe(`slipway-httpd-${unique}`)
    expect(await fetchText(`http://127.0.0.1:${hostPort}/`)).toBe('Hello from a bind mount\n')
    expect(await fetchText(`http://127.0.0.1:${hostPort}/env.txt`)).toBe("it's Slipway\n")
    expect(await readFile(path.join(site, 'env.txt'), 'utf8')).toBe("it's Slipway\n")

    const summary = (await listContainers(docker, false, true)).find((c) => c.id === result.id)!
    expect(summary.state).toBe('running')
    expect(summary.ports).toContainEqual(expect.objectContaining({ hostPort, containerPort: 80, protocol: 'tcp', url: `http://localhost:${hostPort}` }))

    // The port is now taken by this container: flagged, with a free suggestion.
    const conflicts = await findPortConflicts(docker, [{ hostIp: '', hostPort: hostPort!, containerPort: 8080, protocol: 'tcp' }], { engineIsLocal: true })
    expect(conflicts[0]?.message).toContain(`already published by container "slipway-httpd-${unique}"`)
    expect(conflicts[0]?.suggestedPort).toBeGreaterThan(hostPort!)
    // …except for the container being recreated.
    expect(await findPortConflicts(docker, [{ hostIp: '', hostPort: hostPort!, containerPort: 80, protocol: 'tcp' }], { engineIsLocal: true, ignoreContainer: result.id })).toEqual([])

    // The name is taken too; running again with it says so and leaves nothing behind.
    expect(await checkContainerName(docker, result.name)).toMatch(/already exists/)
    const before = (await docker.listContainers({ all: true })).length
    await expect(run(options({ name: result.name }))).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(/named .* already exists/) })
    expect((await docker.listContainers({ all: true })).length).toBe(before)

    const command = await runCommandForContainer(docker, result.id)
    expect(command).toContain(`--name slipway-httpd-${unique} -p ${hostPort}:80 -e 'GREETING=it'\\''s Slipway' -v ${site}:/www`)
    expect(command).toContain(`${BUSYBOX_IMAGE} sh -c`)
  })

  it('flags a host port held by a plain Node server on 127.0.0.1, and the daemon refuses it if forced, leaving no container', async () => {
    const server = createServer((_req, res) => res.end('node'))
    const port = (await findFreeHostPort(await listPublishedHostPorts(docker), 19080, '', 'tcp', true))!
    await listen(server, port, '127.0.0.1')
    try {
      const conflicts = await findPortConflicts(docker, [{ hostIp: '', hostPort: port, containerPort: 80, protocol: 'tcp' }], { engineIsLocal: true })
      expect(conflicts).toHaveLength(1)
      expect(conflicts[0]!.message).toMatch(new RegExp(`Host port ${port} is in use by another program on this machine\\. Port \\d+ is free\\.`))
      expect(conflicts[0]!.suggestedPort).toBeGreaterThan(port)
      // On 127.0.0.1 too, but another address of this machine would be free: only overlapping addresses count.
      expect(await findPortConflicts(docker, [{ hostIp: '127.0.0.1', hostPort: port, containerPort: 80, protocol: 'tcp' }], { engineIsLocal: true })).toHaveLength(1)

      const name = `slipway-forced-${unique}`
      const error = await run(options({ name, ports: [{ hostIp: '', hostPort: port, containerPort: 80, protocol: 'tcp' }], command: ['httpd', '-f', '-p', '80'] })).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(AppError)
      expect((error as AppError).message).toMatch(new RegExp(`Host port ${port} is in use by another program on this machine`))
      const left = await docker.listContainers({ all: true, filters: { name: [name] } })
      expect(left).toEqual([])
    } finally {
      await new Promise((r) => server.close(r))
    }
  })

  it('prefills from an image (exposed ports, free host ports), and reports -P host ports back correctly', async () => {
    const prefill = await prefillFromImage(docker, EXPOSE_IMAGE, true)
    expect(prefill.exposedPorts.sort()).toEqual(['80/tcp', '9999/udp'])
    const tcp = prefill.options.ports.find((p) => p.protocol === 'tcp')!
    expect(tcp.containerPort).toBe(80)
    expect(tcp.hostPort).not.toBeNull()
    expect(await findPortConflicts(docker, prefill.options.ports, { engineIsLocal: true })).toEqual([])

    const result = await run(options({ image: EXPOSE_IMAGE, publishAll: true }))
    const inspected = await docker.getContainer(result.id).inspect()
    const bound = inspected.NetworkSettings.Ports['80/tcp']?.find((b) => b.HostIp === '0.0.0.0') ?? inspected.NetworkSettings.Ports['80/tcp']?.[0]
    const randomPort = Number(bound!.HostPort)
    expect(randomPort).toBeGreaterThan(0)
    const summary = (await listContainers(docker, true, true)).find((c) => c.id === result.id)!
    expect(summary.ports).toContainEqual(expect.objectContaining({ hostPort: randomPort, containerPort: 80, protocol: 'tcp', url: `http://localhost:${randomPort}` }))
    expect(summary.ports).toContainEqual(expect.objectContaining({ containerPort: 9999, protocol: 'udp', url: null }))
    expect(await fetchText(summary.ports.find((p) => p.containerPort === 80)!.url!)).toBe('exposed\n')
    expect(await runCommandForContainer(docker, result.id)).toBe(`docker run -d -P ${EXPOSE_IMAGE}`.replace(' -P', ` --name ${summary.name} -P`))
  })

  it('says clearly when the image is gone, and leaves nothing behind', async () => {
    const before = (await docker.listContainers({ all: true })).length
    await expect(runContainer(docker, options({ image: `slipway-test/no-such-image:${unique}` }))).rejects.toMatchObject({
      code: 'not-found',
      message: expect.stringMatching(/is not on this engine .* Build or pull it again/)
    })
    expect((await docker.listContainers({ all: true })).length).toBe(before)
  })

  it('stops, starts, restarts and removes', async () => {
    const result = await run(options({ name: `slipway-lifecycle-${unique}`, command: ['sleep', '300'] }))
    const state = async () => (await listContainers(docker, true, true)).find((c) => c.id === result.id)
    expect((await state())?.state).toBe('running')
    await stopContainer(docker, result.id)
    const stopped = await state()
    expect(stopped?.state).toBe('exited')
    expect(stopped?.exitCode).toBe(137)
    await stopContainer(docker, result.id) // already stopped: fine
    await startContainer(docker, result.id)
    expect((await state())?.state).toBe('running')
    const startedAt = (await docker.getContainer(result.id).inspect()).State.StartedAt
    await restartContainer(docker, result.id)
    const restarted = await docker.getContainer(result.id).inspect()
    expect(restarted.State.Running).toBe(true)
    expect(restarted.State.StartedAt).not.toBe(startedAt)
    await removeContainer(docker, result.id)
    expect(await state()).toBeUndefined()
    await expect(startContainer(docker, result.id)).rejects.toMatchObject({ code: 'not-found' })
  })

  it('streams logs in order, stdout and stderr told apart, live while the container writes, then ends', async () => {
    const result = await run(
      options({ command: ['sh', '-c', 'sleep 1; i=1; while [ $i -le 300 ]; do echo "out $i"; echo "err $i" >&2; i=$((i+1)); done; sleep 1; echo done'] })
    )
    const received: LogLine[] = []
    let ended = false
    let calls = 0
    const abort = new AbortController()
    const following = followContainerLogs(docker, result.id, { tail: null, signal: abort.signal, tty: false }, (lines) => {
      received.push(...lines)
      calls++
    }).then(() => (ended = true))
    const start = Date.now()
    while (!ended && Date.now() - start < 20_000) await new Promise((r) => setTimeout(r, 100))
    abort.abort()
    await following
    expect(ended).toBe(true)
    const out = received.filter((l) => l.stream === 'stdout').map((l) => l.text)
    const err = received.filter((l) => l.stream === 'stderr').map((l) => l.text)
    expect(out).toEqual([...Array.from({ length: 300 }, (_, i) => `out ${i + 1}`), 'done'])
    expect(err).toEqual(Array.from({ length: 300 }, (_, i) => `err ${i + 1}`))
    expect(received.every((l) => /^\d{4}-\d\d-\d\dT/.test(l.time))).toBe(true)
    // The engine trims trailing zeros from the nanoseconds, so compare padded times; and it reads stdout
    // and stderr on their own, so only each stream's own lines are promised to be in time order.
    const sortable = (time: string) => time.replace(/(?:\.(\d+))?Z$/, (_, nanos: string | undefined) => `.${(nanos ?? '').padEnd(9, '0')}Z`)
    for (const stream of ['stdout', 'stderr']) {
      const times = received.filter((l) => l.stream === stream).map((l) => sortable(l.time))
      expect([...times].sort(), `${stream} in time order`).toEqual(times)
    }
    expect(calls).toBeGreaterThan(1)

    const last = await readContainerLogs(docker, result.id, 3)
    expect(last.map((l) => l.text)).toEqual(expect.arrayContaining(['done']))
    expect(last).toHaveLength(3)
  })

  it('stops following cleanly when asked, before the container ends', async () => {
    const result = await run(options({ command: ['sh', '-c', 'while true; do echo tick; sleep 0.2; done'] }))
    const lines: LogLine[] = []
    const abort = new AbortController()
    const following = followContainerLogs(docker, result.id, { tail: 0, signal: abort.signal, tty: false }, (batch) => lines.push(...batch))
    await new Promise((r) => setTimeout(r, 1000))
    expect(lines.length).toBeGreaterThan(0)
    abort.abort()
    await following
    const count = lines.length
    await new Promise((r) => setTimeout(r, 800))
    expect(lines.length).toBe(count)
  })

  it('recreates with changes: the form comes back from the container, and the old one is replaced only when the new one runs', async () => {
    const name = `slipway-recreate-${unique}`
    const first = await run(options({ name, env: [{ key: 'COLOR', value: 'blue' }], command: ['sleep', '300'], restart: 'unless-stopped' }))
    const prefill = await prefillFromContainer(docker, first.id)
    expect(prefill.fromContainer).toEqual({ id: first.id, name })
    expect(prefill.options).toMatchObject({ image: BUSYBOX_IMAGE, name, env: [{ key: 'COLOR', value: 'blue' }], command: ['sleep', '300'], restart: 'unless-stopped', entrypoint: null })

    // A failing replacement (image gone) puts the old container back, running, under its name.
    await expect(recreateContainer(docker, first.id, { ...prefill.options, image: `slipway-test/no-such-image:${unique}` })).rejects.toMatchObject({ code: 'not-found' })
    const restored = await docker.getContainer(first.id).inspect()
    expect(restored.Name).toBe(`/${name}`)
    expect(restored.State.Running).toBe(true)

    const second = await recreateContainer(docker, first.id, { ...prefill.options, env: [{ key: 'COLOR', value: 'green' }] })
    created.add(second.id)
    expect(second.name).toBe(name)
    const info = await docker.getContainer(second.id).inspect()
    expect(info.Config.Env).toContain('COLOR=green')
    expect(info.State.Running).toBe(true)
    await expect(docker.getContainer(first.id).inspect()).rejects.toMatchObject({ statusCode: 404 })
  })
})
