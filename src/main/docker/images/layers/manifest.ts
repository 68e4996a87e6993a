// Which archive files are the image's layers, in order, and which is its config: from docker save's
// manifest.json (`<id>/layer.tar`, or `blobs/sha256/…` since Docker 25), or from an OCI layout's index.json
// and the manifests it points at (the containerd image store, Podman, skopeo).
import { AppError } from '../../../../shared/ipc/errors'
import type { ExportLayout } from '../../../../shared/ipc/channels/layers'

export interface ImageConfig {
  history?: { created_by?: string; empty_layer?: boolean; comment?: string; created?: string }[]
  rootfs?: { diff_ids?: string[] }
}

export interface ResolvedManifest {
  layout: ExportLayout
  /** Archive paths of the layer blobs, oldest first. */
  layers: string[]
  /** Archive path of the image config, if the archive names one. */
  config: string | null
}

interface Descriptor {
  mediaType?: string
  digest?: string
  platform?: { os?: string; architecture?: string }
  annotations?: Record<string, string>
}

interface OciManifest {
  mediaType?: string
  manifests?: Descriptor[]
  config?: Descriptor
  layers?: Descriptor[]
}

export const blobPath = (digest: string): string => `blobs/${digest.replace(':', '/')}`

const broken = (what: string) =>
  new AppError('engine-error', `The engine's image export is not as expected: ${what}. Try again; if it keeps happening, the engine may write a layout Slipway does not read yet.`)

/** Leaves out attestations (BuildKit's provenance "images" of platform unknown/unknown). */
function isImageManifest(descriptor: Descriptor): boolean {
  if (descriptor.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest') return false
  return descriptor.platform?.os !== 'unknown'
}

/** The manifest an OCI index leads to (an index may point at further indexes, one per platform). */
function resolveOci(documents: ReadonlyMap<string, unknown>, index: OciManifest, depth = 0): OciManifest {
  if (depth > 4) throw broken('image indexes nest too deep')
  for (const descriptor of (index.manifests ?? []).filter(isImageManifest)) {
    if (!descriptor.digest) continue
    const document = documents.get(blobPath(descriptor.digest)) as OciManifest | undefined
    if (!document) continue
    if (document.layers && document.config) return document
    if (document.manifests) return resolveOci(documents, document, depth + 1)
  }
  throw broken('index.json names no image manifest that the archive holds')
}

/** Reads the layer order from the archive's small JSON documents (by archive path). */
export function resolveManifest(documents: ReadonlyMap<string, unknown>): ResolvedManifest {
  const saved = documents.get('manifest.json') as { Config?: string; Layers?: string[] }[] | undefined
  if (Array.isArray(saved) && saved[0]?.Layers) {
    return { layout: 'docker-save', layers: saved[0].Layers, config: saved[0].Config ?? null }
  }
  const index = documents.get('index.json') as OciManifest | undefined
  if (!index) throw broken('it has neither manifest.json nor index.json')
  const manifest = resolveOci(documents, index)
  return { layout: 'oci', layers: (manifest.layers ?? []).map((layer) => blobPath(layer.digest ?? '')), config: manifest.config?.digest ? blobPath(manifest.config.digest) : null }
}
