// The test registry (test/support/registry.ts) speaks the distribution API the engine pulls with:
// digests, sizes and media types are right, and the real engine pulls an image from it.
import { gunzipSync } from 'node:zlib'
import type Dockerode from 'dockerode'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BUSYBOX_IMAGE } from '../support/base-images'
import { requireDaemon, TEST_LABEL } from '../support/daemon'
import { MANIFEST_V2, sha256, startTestRegistry, type RegistryImage, type TestRegistry } from '../support/registry'

const daemon = requireDaemon()

describe.skipIf(!daemon)('test registry', () => {
  const docker = daemon?.docker as Dockerode
  let registry: TestRegistry
  let image: RegistryImage
  const base = () => `http://${registry.host}`

  beforeAll(async () => {
    registry = await startTestRegistry()
    image = await registry.addImage(docker, { repository: 'slipway-test/registry-check', tag: '1', from: BUSYBOX_IMAGE, extraLayers: [200_000] })
  }, 60_000)

  afterAll(async () => {
    await docker.getImage(image?.reference ?? 'none').remove({ force: true }).catch(() => undefined)
    await registry?.close()
  })

  it('answers /v2/, and serves the manifest by tag and by digest with its digest and media type', async () => {
    const root = await fetch(`${base()}/v2/`)
    expect(root.status).toBe(200)
    expect(root.headers.get('docker-distribution-api-version')).toBe('registry/2.0')

    const byTag = await fetch(`${base()}/v2/${image.repository}/manifests/${image.tag}`)
    const body = Buffer.from(await byTag.arrayBuffer())
    expect(byTag.status).toBe(200)
    expect(byTag.headers.get('content-type')).toBe(MANIFEST_V2)
    expect(byTag.headers.get('docker-content-digest')).toBe(sha256(body))
    expect(sha256(body)).toBe(image.manifestDigest)

    const head = await fetch(`${base()}/v2/${image.repository}/manifests/${image.tag}`, { method: 'HEAD' })
    expect(head.status).toBe(200)
    expect(head.headers.get('docker-content-digest')).toBe(image.manifestDigest)
    expect(Number(head.headers.get('content-length'))).toBe(body.length)

    const byDigest = Buffer.from(await (await fetch(`${base()}/v2/${image.repository}/manifests/${image.manifestDigest}`)).arrayBuffer())
    expect(byDigest.equals(body)).toBe(true)

    const manifest = JSON.parse(body.toString('utf8')) as { schemaVersion: number; config: { digest: string; size: number }; layers: { digest: string; size: number; mediaType: string }[] }
    expect(manifest.schemaVersion).toBe(2)
    expect(manifest.config.digest).toBe(image.configDigest)
    expect(manifest.layers.map((l) => l.digest)).toEqual(image.layers.map((l) => l.digest))
    expect(manifest.layers.every((l) => l.mediaType === 'application/vnd.docker.image.rootfs.diff.tar.gzip')).toBe(true)
  })

  it('serves each blob with the digest and size the manifest gives, and the config lists each layer by its uncompressed digest', async () => {
    const configResponse = await fetch(`${base()}/v2/${image.repository}/blobs/${image.configDigest}`)
    const config = Buffer.from(await configResponse.arrayBuffer())
    expect(sha256(config)).toBe(image.configDigest)
    const parsed = JSON.parse(config.toString('utf8')) as { rootfs: { diff_ids: string[] }; config: { Labels: Record<string, string> } }
    expect(parsed.config.Labels[TEST_LABEL]).toBe('1')
    expect(image.layers.map((l) => l.origin)).toEqual(['local', 'generated'])
    for (const [i, layer] of image.layers.entries()) {
      const response = await fetch(`${base()}/v2/${image.repository}/blobs/${layer.digest}`)
      const blob = Buffer.from(await response.arrayBuffer())
      expect(Number(response.headers.get('content-length'))).toBe(layer.size)
      expect(sha256(blob)).toBe(layer.digest)
      expect(sha256(gunzipSync(blob))).toBe(parsed.rootfs.diff_ids[i])
      const head = await fetch(`${base()}/v2/${image.repository}/blobs/${layer.digest}`, { method: 'HEAD' })
      expect([head.status, Number(head.headers.get('content-length'))]).toEqual([200, layer.size])
    }
  })

  it('says 404 in the API’s words for what it does not have', async () => {
    const unknownTag = await fetch(`${base()}/v2/${image.repository}/manifests/nope`)
    expect(unknownTag.status).toBe(404)
    expect(((await unknownTag.json()) as { errors: { code: string }[] }).errors[0]!.code).toBe('MANIFEST_UNKNOWN')
    const unknownBlob = await fetch(`${base()}/v2/${image.repository}/blobs/sha256:${'0'.repeat(64)}`)
    expect(unknownBlob.status).toBe(404)
    expect(((await unknownBlob.json()) as { errors: { code: string }[] }).errors[0]!.code).toBe('BLOB_UNKNOWN')
  })

  it('the real engine pulls the image: its ID is the config digest and its layers are the diff IDs', async () => {
    const stream = await docker.pull(image.reference)
    await new Promise<void>((resolve, reject) => docker.modem.followProgress(stream, (error: Error | null) => (error ? reject(error) : resolve())))
    const pulled = await docker.getImage(image.reference).inspect()
    expect(pulled.Id).toBe(image.configDigest)
    expect(pulled.RootFS.Layers).toEqual(image.layers.map((l) => l.diffId))
    expect(pulled.Config.Labels?.[TEST_LABEL]).toBe('1')
    expect(pulled.RepoDigests).toContain(`${registry.host}/${image.repository}@${image.manifestDigest}`)
    // The generated layer was downloaded; the busybox layer the engine already had was not.
    const blobGets = registry.requests.filter((r) => r.method === 'GET' && r.path.includes('/blobs/')).map((r) => r.path.split('/blobs/')[1])
    expect(blobGets).toContain(image.layers[1]!.digest)
  })
})
