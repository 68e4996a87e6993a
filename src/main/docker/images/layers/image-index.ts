// What indexing an image keeps: each layer's entries (to show trees, read files and compare later) and the
// summary the Files view opens with (layers with their instructions, waste figures, advice).
import type { ImageFilesSummary, LayerInfo } from '../../../../shared/ipc/channels/layers'
import { adviseOnWaste } from './advice'
import { analyzeLayers } from './analyze'
import type { ArchiveIndex } from './archive'
import type { LayerEntry } from './layer-entries'
import { layerInstructions } from './layer-history'
import { computeWaste } from './waste'

/** Bumped when what is cached changes shape; older files are read as missing. */
export const INDEX_VERSION = 2
const TOP_WASTED = 100

export interface ImageIndex {
  version: number
  imageId: string
  summary: ImageFilesSummary
  layers: { archivePath: string; entries: LayerEntry[] }[]
}

export function buildImageIndex(imageId: string, archive: ArchiveIndex, indexedAt = Date.now()): ImageIndex {
  const entries = archive.layers.map((layer) => layer.entries)
  const steps = layerInstructions(archive.config, entries.length)
  const analysis = analyzeLayers(entries)
  const waste = computeWaste(analysis.occurrences)
  const diffIds = archive.config?.rootfs?.diff_ids ?? []
  const layers = archive.layers.map((layer, index): LayerInfo => ({
    index,
    digest: diffIds.length === archive.layers.length ? diffIds[index]! : layer.archivePath.replace(/^blobs\/(\w+)\//, '$1:'),
    ...steps[index]!,
    ...analysis.counts[index]!,
    compression: layer.compression
  }))
  return {
    version: INDEX_VERSION,
    imageId,
    summary: {
      imageId,
      layout: archive.layout,
      exportBytes: archive.exportBytes,
      layers,
      waste: {
        efficiency: waste.efficiency,
        wastedBytes: waste.wastedBytes,
        diveWastedBytes: waste.diveWastedBytes,
        top: waste.wasted.slice(0, TOP_WASTED),
        findings: adviseOnWaste(waste.wasted, steps, entries)
      },
      indexedAt
    },
    layers: archive.layers.map((layer) => ({ archivePath: layer.archivePath, entries: layer.entries }))
  }
}
