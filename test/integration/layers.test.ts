// Inside an image, on the real engine: images built for the purpose (a file added, modified, then removed; an
// opaque folder; a known waste), indexed from the engine's export stream; one file read and saved byte for
// byte; two builds compared; the OCI layout (gzip and zstd layers) through archives made with skopeo.
import { spawnSync } from 'node:child_process'
import http from 'node:http'
import { randomUUID } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { pipeline } from 'node:stream/promises'
import { Worker } from 'node:worker_threads'
import Dockerode from 'dockerode'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { indexArchive } from '../../src/main/docker/images/layers/archive'
import { exportRequestFor } from '../../src/main/docker/images/layers/export-request'
import { ImageFiles, LayerIndexCache } from '../../src/main/docker/images/layers'
import { readUpTo, withLayerFile } from '../../src/main/docker/images/layers/read-file'
import { Operations } from '../../src/main/operations'
import type { FileRow, ImageFilesSummary, LayersProgress } from '../../src/shared/ipc/channels/layers'
import { AppError } from '../../src/shared/ipc/errors'
import { BUSYBOX_IMAGE, DEBIAN_IMAGE } from '../support/base-images'
import { requireDaemon, TEST_LABEL } from '../support/daemon'
import { scriptedDialogs } from '../support/scripted-dialogs'
import { builtIndexWorker, builtIndexWorkerScript, sourceIndexWorker } from '../support/index-worker'
import { engineSocketProxy } from '../support/engine-socket-proxy'
import { makeTlsFiles, tlsFilesSkipReason } from '../support/tls-files'
import { dockerCli } from '../support/docker-cli'

const daemon = requireDaemon()
const run = `it${randomUUID().slice(0, 8)}`
const repo = `slipway-test/layers-${run}`

/** Builds with the classic builder (one layer per RUN, whiteouts as overlay2 writes them). */
async function build(tag: string, steps: string[]): Promise<string> {
  const dockerfile = [`FROM ${BUSYBOX_IMAGE}`, `LABEL ${TEST_LABEL}="1"`, ...steps, ''].join('\n')
  await dockerCli(daemon!.dockerHost, ['build', '--no-cache', '-q', '-t', tag, '-'], dockerfile)
  return (await daemon!.docker.getImage(tag).inspect()).Id
}

/** A file added, modified, then removed; a folder made opaque; a known waste. */
const CHANGES = [
  'RUN mkdir /work /d && head -c 3000 /dev/zero > /work/a && head -c 5000 /dev/zero > /work/b && echo hi > /work/c && echo x > /d/x',
  'RUN head -c 7000 /dev/zero > /work/a',
  'RUN rm /work/b',
  'RUN rm -rf /d && mkdir /d && echo y > /d/y'
]

const byPath = (rows: FileRow[]) => new Map(rows.map((row) => [row.path, row]))

/** What Podman's builder (buildah) adds to a RUN's layer besides the command's own files. */
const BUILDER_MOUNTS = ['/dev', '/proc', '/sys', '/run', '/etc', '/etc/hostname', '/etc/hosts', '/etc/resolv.conf']

describe.skipIf(!daemon)('inside an image, on the real engine', () => {
  const docker = daemon!.docker
  const operations = new Operations({ emit: () => undefined, batchMs: 10 })
  let dataDir = ''
  let files: ImageFiles
  let changesId = ''
  let summary: ImageFilesSummary

  async function indexed(image: string): Promise<ImageFilesSummary> {
    const started = await files.index(operations, docker, image)
    const ended = await operations.wait(started.id)
    if (ended.state !== 'finished' || ended.kind !== 'layers') throw new Error(`indexing ${image} ended ${ended.state}: ${ended.error}`)
    return ended.result!
  }

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'slipway-layers-'))
    files = new ImageFiles(new LayerIndexCache(path.join(dataDir, 'image-files')), sourceIndexWorker)
    changesId = await build(`${repo}:changes`, CHANGES)
    summary = await indexed(`${repo}:changes`)
  })

  afterAll(async () => {
    operations.dispose()
    await dockerCli(daemon!.dockerHost, ['rmi', '-f', `${repo}:changes`, `${repo}:changes-again`, `${repo}:changed`]).catch(() => undefined)
    await rm(dataDir, { recursive: true, force: true })
  })

  it('says the export size before reading it, and reads each layer with the instruction that made it', async () => {
    const plan = await files.plan(docker, `${repo}:changes`)
    const inspect = await docker.getImage(changesId).inspect()
    expect(plan).toMatchObject({ imageId: changesId, size: inspect.Size, indexed: true })
    expect(summary.layout).toBe('docker-save')
    expect(summary.layers.map((l) => l.instruction)).toEqual(['COPY', 'RUN', 'RUN', 'RUN', 'RUN'])
    expect(summary.layers[2]!.text).toBe('head -c 7000 /dev/zero > /work/a')
    expect(summary.layers.map((l) => l.digest)).toEqual(inspect.RootFS.Layers)
    expect(summary.layers[1]).toMatchObject({ size: 3000 + 5000 + 3 + 2, modified: 0, removed: 0, compression: 'none' })
    // The six paths the RUN made; Podman's builder (buildah) also leaves its mount points and empty /etc files.
    const added = (await files.files(changesId, 1, 'layer')).filter((row) => row.change === 'added').map((row) => row.path)
    expect(summary.layers[1]!.added).toBe(added.length)
    expect(added).toEqual(expect.arrayContaining(['/work', '/work/a', '/work/b', '/work/c', '/d', '/d/x']))
    expect(added.filter((p) => !/^\/(work|d)(\/|$)/.test(p)).every((p) => BUILDER_MOUNTS.includes(p))).toBe(true)
  })

  it('marks a file added, then modified, then removed (whiteout), and an opaque folder', async () => {
    const added = byPath(await files.files(changesId, 1, 'layer'))
    expect(added.get('/work/a')).toMatchObject({ type: 'file', size: 3000, change: 'added', mode: 0o644, uid: 0, gid: 0, layer: 1 })
    const modified = byPath(await files.files(changesId, 2, 'layer'))
    expect(modified.get('/work/a')).toMatchObject({ size: 7000, change: 'modified' })
    // The folder the layer only repeats as the parent of what changed is not a change.
    expect(modified.get('/work')?.change).toBeNull()
    const removed = byPath(await files.files(changesId, 3, 'layer'))
    expect(removed.get('/work/b')).toMatchObject({ change: 'removed', size: 5000, type: 'file' })

    const opaque = byPath(await files.files(changesId, 4, 'layer'))
    expect(opaque.get('/d')).toMatchObject({ type: 'directory', change: 'opaque' })
    expect(opaque.get('/d/y')).toMatchObject({ change: 'added', size: 2 })

    const after = byPath(await files.files(changesId, 4, 'image'))
    expect(after.get('/d/x')).toMatchObject({ change: 'removed', layer: 4 })
    expect(after.get('/d/y')).toMatchObject({ change: 'added', layer: 4 })
    expect(after.get('/work/a')).toMatchObject({ size: 7000, change: null, layer: 2 })
    expect(after.has('/work/b')).toBe(false)
    expect(after.get('/bin/busybox')).toMatchObject({ layer: 0, change: null })
    expect(after.get('/bin/sh')).toMatchObject({ type: 'symlink', linkTarget: '/bin/busybox' })

    const beforeRemoval = byPath(await files.files(changesId, 2, 'image'))
    expect(beforeRemoval.get('/work/b')).toMatchObject({ size: 5000, layer: 1, change: null })
    expect(beforeRemoval.get('/d/x')).toMatchObject({ size: 2, layer: 1 })
  })

  it('computes efficiency and wasted bytes exactly as by hand', async () => {
    // The base layer: busybox, /etc/passwd and /etc/group (test/support/base-images.ts), each once.
    const base = (await stat('/bin/busybox')).size + 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n'.length + 'root:x:0:\nnogroup:x:65534:\n'.length
    expect(summary.layers[0]!.size).toBe(base)
    // /work/a: 3000 then 7000 (smallest 3000); /work/b: 5000 then removed (0); /d/x: 2 then hidden by the
    // opaque /d (0); /work/c 3 and /d/y 2 once each.
    const smallest = base + 3000 + 0 + 3 + 0 + 2
    const total = base + (3000 + 7000) + (5000 + 0) + 3 + (2 + 0) + 2
    expect(summary.waste.efficiency).toBe(smallest / total)
    expect(summary.waste.wastedBytes).toBe(total - smallest)
    expect(summary.waste.wastedBytes).toBe(12_002)
    // dive's figure: every size of each path more than one layer touches.
    expect(summary.waste.diveWastedBytes).toBe(10_000 + 5_000 + 2)
    expect(summary.waste.top.map((w) => [w.path, w.wastedBytes])).toEqual([
      ['/work/a', 7000],
      ['/work/b', 5000],
      ['/d/x', 2]
    ])
    expect(summary.waste.top[1]!.layers).toEqual([
      { layer: 1, size: 5000, change: 'added' },
      { layer: 3, size: 0, change: 'removed' }
    ])
    const cleanup = summary.waste.findings.find((f) => f.path === '/work/b')
    expect(cleanup).toMatchObject({ layer: 1, laterLayer: 3, bytes: 5000 })
    expect(cleanup!.message).toMatch(/^layer 2 \(RUN mkdir \/work \/d .*\) leaves \/work\/b \(5\.0 kB\) that layer 4 \(RUN rm \/work\/b\) deletes: .*Clean up in the same RUN/)
    const rewrite = summary.waste.findings.find((f) => f.path === '/work/a')
    expect(rewrite?.message).toMatch(/writes \/work\/a \(3\.0 kB\) that layer 3 \(RUN head -c 7000 .*\) writes again/)
  })

  it('reads a text file and a binary one, and saves a file byte for byte', async () => {
    expect(await files.readFile(docker, changesId, 1, '/work/c')).toEqual({ kind: 'text', path: '/work/c', size: 3, text: 'hi\n', truncated: false })
    const binary = await files.readFile(docker, changesId, 0, '/bin/busybox')
    const host = await readFile('/bin/busybox')
    expect(binary).toEqual({ kind: 'binary', path: '/bin/busybox', size: host.length, head: host.subarray(0, 256).toString('hex') })
    expect(await files.readFile(docker, changesId, 0, '/bin/sh')).toMatchObject({ kind: 'symlink', linkTarget: '/bin/busybox' })
    await expect(files.readFile(docker, changesId, 1, '/work/a/none')).rejects.toSatisfy((e: unknown) => e instanceof AppError && /Layer 2 has no \/work\/a\/none/.test(e.message))

    const target = path.join(dataDir, 'saved-busybox')
    const dialogs = scriptedDialogs({ saveFile: () => target })
    expect(await files.saveFile(docker, dialogs, changesId, 0, '/bin/busybox')).toEqual({ savedTo: target })
    expect((await readFile(target)).equals(host)).toBe(true)
    // Cancelling the dialog saves nothing.
    expect(await files.saveFile(docker, scriptedDialogs(), changesId, 2, '/work/a')).toBeNull()
  })

  // The app runs the worker script electron-vite bundles (`npm test` builds it first); the other tests run its source.
  const builtScript = builtIndexWorkerScript()
  if (!builtScript) console.warn('skipped: the bundled index worker test, because out/main holds no build (npm test runs electron-vite build first)')
  it.skipIf(!builtScript)('indexes with the bundled worker script exactly as with its source', async () => {
    let answered = false
    const start = builtIndexWorker(builtScript!)
    const bundled = new ImageFiles(new LayerIndexCache(path.join(dataDir, 'bundled')), (options) => start(options).once('message', () => (answered = true)))
    const ended = await operations.wait((await bundled.index(operations, docker, changesId)).id)
    expect(ended.state).toBe('finished')
    expect(ended.result).toEqual({ ...summary, indexedAt: expect.any(Number) as number })
    expect(answered).toBe(true)
    expect(await bundled.files(changesId, 3, 'image')).toEqual(await files.files(changesId, 3, 'image'))
  })

  it('reads the image on the main thread, and logs why, when the worker script cannot start', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    try {
      const missing = path.join(dataDir, 'no-such-worker.js')
      const fallback = new ImageFiles(new LayerIndexCache(path.join(dataDir, 'fallback')), (options) => new Worker(missing, options))
      const ended = await operations.wait((await fallback.index(operations, docker, changesId)).id)
      expect(ended.state).toBe('finished')
      expect(ended.result).toEqual({ ...summary, indexedAt: expect.any(Number) as number })
      expect(logged).toHaveBeenCalledWith(expect.stringMatching(/^Slipway: The index worker could not start: .*no-such-worker\.js.*; reading the image on the main thread instead\.$/s))
    } finally {
      logged.mockRestore()
    }
  })

  it('keeps the index per image ID, owner-only, and reads it back without the engine', async () => {
    const dir = path.join(dataDir, 'image-files')
    const [file] = await readdir(dir)
    expect(file).toBe(`${changesId.slice('sha256:'.length)}.json`)
    expect((await stat(path.join(dir, file!))).mode & 0o777).toBe(0o600)
    const again = await files.index(operations, docker, changesId)
    const ended = await operations.wait(again.id)
    expect(ended.state).toBe('finished')
    expect(ended.status).toMatchObject({ cached: true })
    const fresh = new ImageFiles(new LayerIndexCache(dir), sourceIndexWorker)
    expect((await fresh.summary(changesId))?.waste.wastedBytes).toBe(12_002)
  })

  // The worker reads the export on a connection of its own; for an engine only the main thread reaches (ssh://,
  // or a client with its own agent, as here) the main thread passes the bytes on. Both are seen at a socket proxy.
  it.each([
    ['on the worker\'s own connection', (socketPath: string) => new Dockerode({ socketPath })],
    ['passed on by the main thread', (socketPath: string) => new Dockerode({ socketPath, agent: new http.Agent() } as Dockerode.DockerOptions)]
  ])('cancels mid-export %s: the operation ends cancelled, the export connection is closed, nothing is cached, and a retry works', async (_how, client) => {
    // Every test engine (Docker 20.10, Docker 26, Podman) is reached through a Unix socket.
    const engineSocket = (docker.modem as unknown as { socketPath: string }).socketPath
    const proxy = await engineSocketProxy(engineSocket, dataDir)
    const watched = client(proxy.socketPath)
    const exportsSeen = () => proxy.connections.filter((c) => /^GET \S*\/images\/[^/]+\/get /.test(c.requestLine))
    const cacheDir = path.join(dataDir, `cold-${randomUUID().slice(0, 8)}`)
    const cold = new ImageFiles(new LayerIndexCache(cacheDir), sourceIndexWorker)
    let cancelledAt: LayersProgress | null = null
    const cancelling = new Operations({
      batchMs: 10,
      emit: (updates) => {
        for (const update of updates) {
          if (update.kind !== 'layers' || update.state !== 'running' || update.status.readBytes === 0 || cancelledAt) continue
          cancelledAt = update.status
          void cancelling.cancel(update.id)
        }
      }
    })
    try {
      // The Debian test image (over 100 MB): cancelled at its first progress, the export is still streaming.
      const started = await cold.index(cancelling, watched, DEBIAN_IMAGE)
      const ended = await cancelling.wait(started.id)
      expect(ended.state).toBe('cancelled')
      expect(cancelledAt!.readBytes).toBeLessThan(cancelledAt!.expectedBytes / 2)
      expect(exportsSeen()).toHaveLength(1)
      await expect.poll(() => exportsSeen()[0]!.closed).toBe(true)
      expect(exportsSeen()[0]!.bytesFromEngine).toBeLessThan(cancelledAt!.expectedBytes / 2)
      expect(await cold.summary(started.status.imageId)).toBeNull()
      expect(await readdir(cacheDir).catch(() => [])).toEqual([])

      const retried = await cancelling.wait((await cold.index(cancelling, watched, DEBIAN_IMAGE)).id)
      expect(retried.state).toBe('finished')
      expect(exportsSeen()).toHaveLength(2)
      expect(exportsSeen()[1]!.bytesFromEngine).toBeGreaterThan(started.status.expectedBytes)
      const inspect = await docker.getImage(DEBIAN_IMAGE).inspect()
      expect((await cold.summary(inspect.Id))?.layers.map((l) => l.digest)).toEqual(inspect.RootFS.Layers)
    } finally {
      cancelling.dispose()
      await proxy.close()
    }
  })

  // A tcp:// engine with TLS (DOCKER_TLS_VERIFY, DOCKER_CERT_PATH): the reader thread opens the TLS connection
  // itself, with the client's certificate, as dockerode would. The engine behind a TLS relay that asks for one.
  const noTls = tlsFilesSkipReason()
  if (noTls) console.warn(`skipped: reading an image over TLS, because ${noTls}`)
  it.skipIf(noTls)('reads an image over a TLS connection of the reader thread’s own, with the client certificate', async () => {
    const engineSocket = (docker.modem as unknown as { socketPath: string }).socketPath
    const certs = await mkdtemp(path.join(dataDir, 'certs-'))
    const tlsFiles = await makeTlsFiles(certs)
    const proxy = await engineSocketProxy(engineSocket, dataDir, tlsFiles)
    try {
      const overTls = new Dockerode({ host: '127.0.0.1', port: proxy.port, protocol: 'https', ca: tlsFiles.ca, cert: tlsFiles.client.cert, key: tlsFiles.client.key })
      // The reader thread's own connection, not bytes passed on by this thread.
      expect(exportRequestFor(overTls, changesId)).toMatchObject({ protocol: 'https', port: proxy.port })
      const viaTls = new ImageFiles(new LayerIndexCache(path.join(dataDir, 'over-tls')), sourceIndexWorker)
      const ended = await operations.wait((await viaTls.index(operations, overTls, changesId)).id)
      expect(ended.state).toBe('finished')
      expect(ended.result).toEqual({ ...summary, indexedAt: expect.any(Number) as number })
      const exports = proxy.connections.filter((c) => /^GET \S*\/images\/[^/]+\/get /.test(c.requestLine))
      expect(exports).toHaveLength(1)
      expect(exports[0]).toMatchObject({ authorized: true })
      expect(exports[0]!.bytesFromEngine).toBeGreaterThan((ended.status as LayersProgress).expectedBytes)
    } finally {
      await proxy.close()
    }
  })

  it('compares two builds: what changed, what was added, and what only got a new timestamp', async () => {
    const againId = await build(`${repo}:changes-again`, CHANGES)
    const changedId = await build(`${repo}:changed`, [...CHANGES.slice(0, 3), 'RUN rm -rf /d && mkdir /d && echo yes > /d/y && head -c 100 /dev/zero > /new'])
    await indexed(againId)
    await indexed(changedId)
    const rebuild = await files.compare(changesId, againId)
    expect(rebuild.rows).toEqual([])
    // /work/a, /work/c, /d/y: same content, written again by the rebuild (and buildah's empty /etc files).
    const emptyEtcFiles = (await files.files(changesId, 1, 'layer')).filter((row) => row.path.startsWith('/etc/') && row.type === 'file').length
    expect(rebuild.timestampOnly).toBe(3 + emptyEtcFiles)

    const changed = await files.compare(changesId, changedId)
    expect(changed.rows.map((r) => [r.path, r.kind, r.sizeDelta])).toEqual([
      ['/d/y', 'changed', 2],
      ['/new', 'added', 100]
    ])
    expect(changed.rows[0]!.what).toContain('content')
    expect(changed).toMatchObject({ added: 1, removed: 0, changed: 1, sizeDelta: 102 })
    const back = await files.compare(changedId, changesId)
    expect(back.rows.find((r) => r.path === '/new')).toMatchObject({ kind: 'removed', sizeDelta: -100 })
  })

  const skopeo = spawnSync('skopeo', ['--version']).status === 0 ? null : 'skopeo is not installed (apt-get install skopeo)'
  if (skopeo) console.warn(`[slipway tests] skipping the OCI layout tests: ${skopeo}`)

  it.skipIf(skopeo !== null)('reads the OCI layout with gzip and zstd layers (archives made by skopeo)', async () => {
    // From the engine's own export: skopeo's docker-daemon: source asks for API 1.22, which Docker 25+ refuses.
    const exported = path.join(dataDir, 'changes.docker.tar')
    await pipeline(await daemon!.docker.getImage(`${repo}:changes`).get(), createWriteStream(exported))
    for (const format of ['gzip', 'zstd'] as const) {
      const archive = path.join(dataDir, `changes-${format}.oci.tar`)
      const copied = spawnSync(
        'skopeo',
        ['copy', '--quiet', '--dest-compress', '--dest-compress-format', format, `docker-archive:${exported}`, `oci-archive:${archive}`],
        { encoding: 'utf8' }
      )
      expect(copied.status, copied.stderr).toBe(0)
      const oci = await indexArchive(createReadStream(archive))
      expect(oci.layout).toBe('oci')
      expect(oci.layers.map((l) => l.compression)).toEqual(Array(5).fill(format))
      // The same entries as the engine's docker save gave, layer by layer.
      const fromEngine = await files.files(changesId, 4, 'layer')
      const paths = (list: { path: string }[]) => list.map((e) => e.path.replace(/^\/?/, '/')).sort()
      expect(paths(oci.layers[4]!.entries)).toEqual(paths(fromEngine))
      expect(oci.layers[3]!.entries).toContainEqual(expect.objectContaining({ path: 'work/b', whiteout: 'removed' }))
      expect(oci.layers[4]!.entries).toContainEqual(expect.objectContaining({ path: 'd', whiteout: 'opaque' }))
      const content = await withLayerFile(createReadStream(archive), oci.layers[1]!.archivePath, 'work/c', (entry) => readUpTo(entry, 100))
      expect(content?.data.toString()).toBe('hi\n')
    }
  })
})
