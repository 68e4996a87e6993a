// Building FROM an image in a registry with "always pull": the engine pulls the base image, and each
// layer's progress (Downloading with current/total, then Pull complete) reaches the build's step model.
// The registry is the local test registry (test/support/registry.ts), throttled so the download takes a moment.
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import type Dockerode from 'dockerode'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BuildRequest, LayerProgress } from '../../src/shared/ipc/channels/build'
import { runBuild } from '../../src/main/docker/build/run-build'
import type { StepTracker } from '../../src/main/docker/build/steps'
import { BUSYBOX_IMAGE } from '../support/base-images'
import { requireDaemon, TEST_LABEL } from '../support/daemon'
import { startTestRegistry, type RegistryImage, type TestRegistry } from '../support/registry'
import { onPodman, skipWithoutBuildKit } from '../support/engines/under-test'

const daemon = requireDaemon()
const unique = () => Math.random().toString(36).slice(2, 10)

describe.skipIf(!daemon)('build with "always pull" from a registry', () => {
  const docker = daemon?.docker as Dockerode
  let registry: TestRegistry
  let image: RegistryImage
  let dir = ''
  const tag = `slipway-test-build-pull/${unique()}:1`

  beforeAll(async () => {
    // 1.5 MB and 1 MB of random bytes at 1 MB/s each: downloads take one to two seconds.
    registry = await startTestRegistry({ throttleBytesPerSecond: 1_000_000 })
    await registry.introduceBase(docker, BUSYBOX_IMAGE)
    image = await registry.addImage(docker, { repository: 'slipway-test/pullme', tag: '1', from: BUSYBOX_IMAGE, extraLayers: [1_500_000, 1_000_000] })
    dir = await mkdtemp(path.join(os.tmpdir(), 'slipway-build-pull-'))
  }, 60_000)

  afterAll(async () => {
    await docker.getImage(tag).remove({ force: true }).catch(() => undefined)
    await docker.getImage(image?.reference ?? 'none').remove({ force: true }).catch(() => undefined)
    await registry?.close()
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  it('shows per-layer pull progress in the step model: Downloading with current/total, then Pull complete (Podman: each layer copied, no byte counts)', async () => {
    const request: BuildRequest = {
      dockerfileText: `FROM ${image.reference}\nRUN cat /slipway-pull/layer-1.bin | wc -c > /size.txt\n`,
      dockerfilePath: null,
      contextDir: dir,
      tags: [tag],
      buildArgs: [],
      target: null,
      noCache: true,
      pull: true,
      builder: 'classic'
    }
    let tracker: StepTracker | null = null
    const seen = new Map<string, LayerProgress[]>()
    const outcome = await runBuild(docker, request, new AbortController().signal, {
      onPlan: (t) => (tracker = t),
      onProgress: () => {
        for (const layer of tracker!.layers.values()) {
          const history = seen.get(layer.id) ?? []
          const last = history[history.length - 1]
          if (!last || last.status !== layer.status || last.current !== layer.current) history.push({ ...layer })
          seen.set(layer.id, history)
        }
      }
    })
    expect(outcome.status, outcome.error).toBe('succeeded')

    // The engine names layers by the first 12 hex digits of their blob digest.
    const short = (digest: string) => digest.slice('sha256:'.length, 'sha256:'.length + 12)
    const [local, ...generated] = image.layers
    expect(generated).toHaveLength(2)
    if (onPodman()) {
      // Buildah prints one line per blob and no byte counts (nor whether a blob was already there): each
      // layer is listed as it is copied and complete once the image's config is in.
      for (const layer of image.layers) expect((seen.get(short(layer.digest)) ?? []).map((p) => p.status)).toEqual(['Copying', 'Pull complete'])
      expect(outcome.tracker.snapshotSteps().map((s) => s.state)).toEqual(['done', 'done'])
      return
    }
    for (const layer of generated) {
      const history = seen.get(short(layer.digest)) ?? []
      const downloading = history.filter((p) => p.status === 'Downloading')
      // Several byte counts on the way, each against the blob's real size.
      expect(downloading.length, JSON.stringify(history)).toBeGreaterThanOrEqual(3)
      for (const p of downloading) expect(p.total).toBe(layer.size)
      expect(downloading.some((p) => p.current! > 0 && p.current! < layer.size)).toBe(true)
      const currents = downloading.map((p) => p.current!)
      expect([...currents].sort((a, b) => a - b)).toEqual(currents)
      expect(history[history.length - 1]!.status).toBe('Pull complete')
    }
    // The busybox layer is already on the engine: no download.
    expect((seen.get(short(local!.digest)) ?? []).map((p) => p.status)).toEqual(['Already exists'])

    // The final step model keeps each layer's end state (only layers: not the "1: Pulling from …" line), and the FROM step is done.
    const final = new Map([...outcome.tracker.layers.values()].map((l) => [l.id, l.status]))
    expect([...final.keys()].sort()).toEqual(image.layers.map((l) => short(l.digest)).sort())
    expect(generated.map((l) => final.get(short(l.digest)))).toEqual(['Pull complete', 'Pull complete'])
    expect(outcome.tracker.snapshotSteps().map((s) => s.state)).toEqual(['done', 'done'])

    const built = await docker.getImage(tag).inspect()
    expect(built.Config.Labels?.[TEST_LABEL]).toBe('1')
    expect((await docker.getImage(image.reference).inspect()).Id).toBe(image.configDigest)
  })

  it.skipIf(skipWithoutBuildKit('per-layer pull progress'))('with BuildKit, the same per-layer progress (Downloading current/total, Extracting, Pull complete), and nothing else taken for a layer', async () => {
    const buildkitTag = `slipway-test-build-pull/${unique()}:bk`
    const fresh = await registry.addImage(docker, { repository: 'slipway-test/pullme-bk', tag: '1', from: BUSYBOX_IMAGE, extraLayers: [1_500_000] })
    try {
      let tracker: StepTracker | null = null
      const seen: LayerProgress[] = []
      const outcome = await runBuild(
        docker,
        { dockerfileText: `FROM ${fresh.reference}\nRUN ls /slipway-pull\n`, dockerfilePath: null, contextDir: dir, tags: [buildkitTag], buildArgs: [], target: null, noCache: true, pull: true, builder: 'buildkit' },
        new AbortController().signal,
        { onPlan: (t) => (tracker = t), onProgress: () => seen.push(...[...tracker!.layers.values()].map((l) => ({ ...l }))) }
      )
      expect(outcome.status, outcome.error).toBe('succeeded')
      const generated = fresh.layers.find((l) => l.origin === 'generated')!
      const id = generated.digest.slice('sha256:'.length, 'sha256:'.length + 12)
      const mine = seen.filter((l) => l.id === id)
      // Only what was fetched (BuildKit reports the manifest and config blobs too), named as the classic
      // builder names layers: not "resolve …", "exporting layers", "writing image …", "naming to …".
      const fetched = [fresh.manifestDigest, fresh.configDigest, ...fresh.layers.map((l) => l.digest)].map((d) => d.slice(7, 19))
      const ids = [...new Set(seen.map((l) => l.id))]
      expect(ids.every((i) => fetched.includes(i)), ids.join(' ')).toBe(true)
      expect(ids).toContain(id)
      expect(mine.some((l) => l.status === 'Downloading' && l.total === generated.size && l.current! > 0 && l.current! < generated.size)).toBe(true)
      expect(mine.some((l) => l.status === 'Extracting')).toBe(true)
      expect(outcome.tracker.layers.get(id)?.status).toBe('Pull complete')
    } finally {
      await docker.getImage(buildkitTag).remove({ force: true }).catch(() => undefined)
      await docker.getImage(fresh.reference).remove({ force: true }).catch(() => undefined)
    }
  })
})
