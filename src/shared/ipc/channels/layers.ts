// Inside an image: every layer's files, what each instruction added, the space it wastes, one file read or
// saved, and two images compared. Indexing reads the engine's image export as a stream (an operation of kind
// `layers`); what it found is kept per image ID, and the other channels read that.
import { z } from 'zod'
import { channel } from '../define'
import type { OperationSnapshot } from './operations'

export type FileType = 'file' | 'directory' | 'symlink' | 'hardlink' | 'other'

/** What a layer did to a path, against the image as it was below that layer. */
export type ChangeKind = 'added' | 'modified' | 'removed' | 'opaque'

/** One path as a file tree row shows it. */
export interface FileRow {
  /** Absolute, without a trailing slash: `/usr/src/app/app.py`. */
  path: string
  type: FileType
  /** Bytes (0 for folders, links and removals). */
  size: number
  /** Permission bits and setuid/setgid/sticky (`0o755`). */
  mode: number
  uid: number
  gid: number
  /** Where a symlink points, or the path a hard link shares its content with. */
  linkTarget: string | null
  /**
   * What the selected layer did to this path (null: it comes from a layer below, or is only a parent
   * folder the layer repeats). `opaque`: the folder's earlier content is hidden by this layer.
   */
  change: ChangeKind | null
  /** The layer (index, oldest first) whose version of the path this is. */
  layer: number
}

export interface LayerInfo {
  /** Index among the layers that have files, oldest first. */
  index: number
  /** `sha256:…`: the uncompressed layer's digest when known (diff ID), else the archive's blob digest. */
  digest: string
  /** `RUN`, `COPY`, … from the history entry that made the layer, or `(unknown)`. */
  instruction: string
  text: string
  createdBy: string
  /** Bytes of file content the layer holds. */
  size: number
  /** Tar entries in the layer (whiteouts included). */
  entries: number
  added: number
  modified: number
  removed: number
  /** How the layer travels in the export: `none` (plain tar), `gzip` or `zstd`. */
  compression: 'none' | 'gzip' | 'zstd'
}

/** A path that more than one layer writes (or writes and then removes). */
export interface WastedPath {
  path: string
  /** What the path costs beyond its smallest version (Σ of its sizes − the smallest). */
  wastedBytes: number
  /** Σ of its sizes in every layer (dive's "total space" of the path). */
  totalBytes: number
  /** Each layer's part: the size written there, or 0 where the layer removed it. */
  layers: { layer: number; size: number; change: ChangeKind }[]
}

/** Advice on one instruction, from the waste it leaves. */
export interface Finding {
  /** The layer whose instruction the advice is about. */
  layer: number
  /** The layer that deletes or rewrites what `layer` wrote (null for advice about `layer` alone). */
  laterLayer: number | null
  bytes: number
  /** The folder or file concerned. */
  path: string
  message: string
}

export interface WasteReport {
  /** Σ over paths of the smallest size the path has in any layer ÷ Σ of its sizes in every layer (1 when empty). */
  efficiency: number
  /** Σ of every path's sizes − Σ of the smallest: what writing each path once would save. */
  wastedBytes: number
  /** dive's "potential wasted space": Σ of every size of each path that more than one layer touches. */
  diveWastedBytes: number
  /** The paths that waste the most, largest first (at most 100). */
  top: WastedPath[]
  findings: Finding[]
}

export type ExportLayout = 'docker-save' | 'oci'

export interface ImageFilesSummary {
  imageId: string
  layout: ExportLayout
  /** Bytes of the export stream that was read. */
  exportBytes: number
  layers: LayerInfo[]
  waste: WasteReport
  /** Epoch milliseconds of the indexing. */
  indexedAt: number
}

/** The `layers` operation's status: where the export stream is. */
export interface LayersProgress {
  imageId: string
  /** The image's size as the engine reports it: about what the export streams (compressed layers stream less). */
  expectedBytes: number
  readBytes: number
  /** Layer archives indexed so far. */
  layersRead: number
  /** True when the result came from the cache, without reading the export. */
  cached: boolean
}

export interface ExportPlan {
  imageId: string
  /** Bytes the engine reports for the image (`docker images` SIZE). */
  size: number
  /** Already indexed: opening it reads nothing from the engine. */
  indexed: boolean
}

export type FilePreview =
  | { kind: 'text'; path: string; size: number; text: string; truncated: boolean }
  | { kind: 'binary'; path: string; size: number; /** Hex of the first bytes. */ head: string }
  | { kind: 'symlink' | 'directory' | 'other'; path: string; size: number; linkTarget: string | null }

export type CompareKind = 'added' | 'removed' | 'changed'

export interface CompareRow {
  path: string
  kind: CompareKind
  type: FileType
  /** null where the image does not have the path. */
  baseSize: number | null
  otherSize: number | null
  /** otherSize − baseSize (missing counts as 0). */
  sizeDelta: number
  /** For `changed`: what differs (content, mode, owner, link target, type, modified time). */
  what: string[]
}

export interface ImageComparison {
  base: string
  other: string
  rows: CompareRow[]
  added: number
  removed: number
  changed: number
  /** Σ of the size differences. */
  sizeDelta: number
  /** Paths whose content is the same but whose modified time differs (a rebuild that rewrote them). */
  timestampOnly: number
}

/** Text shown up to this many bytes; past it, the beginning is shown and Save as gives the whole file. */
export const PREVIEW_LIMIT = 1024 * 1024

const ref = z.string().min(1).max(512)
const imageId = z.string().regex(/^sha256:[0-9a-f]{64}$/, 'an image ID (sha256:…)')
const layer = z.number().int().min(0).max(10_000)
const filePath = z.string().min(1).max(4096).startsWith('/')

export const layersChannels = {
  /** The image's ID and size, and whether it is indexed already: said before reading the export. */
  plan: channel(z.object({ image: ref }).strict()).returns<ExportPlan>(),
  /**
   * Indexes the image's layers as an operation: reads the engine's export as a stream (tar headers only,
   * nothing written to disk); progress as `operationProgress`, `operations.cancel` stops the stream.
   */
  index: channel(z.object({ image: ref }).strict()).returns<OperationSnapshot<'layers'>>(),
  /** The cached index's summary, or null when the image is not indexed. */
  summary: channel(z.object({ imageId }).strict()).returns<ImageFilesSummary | null>(),
  /** The files of one layer alone (`layer`), or of the image as it is after that layer (`image`). */
  files: channel(z.object({ imageId, layer, view: z.enum(['layer', 'image']) }).strict()).returns<FileRow[]>(),
  /** One file's content as the layer holds it (streams the export again up to that file). */
  readFile: channel(z.object({ imageId, layer, path: filePath }).strict()).returns<FilePreview>(),
  /** Extracts one file to where the person chooses in a save dialog; null when they cancel it. */
  saveFile: channel(z.object({ imageId, layer, path: filePath }).strict()).returns<{ savedTo: string } | null>(),
  /** Files added, removed and changed from `base` to `other` (both indexed). */
  compare: channel(z.object({ base: imageId, other: imageId }).strict()).returns<ImageComparison>()
}
