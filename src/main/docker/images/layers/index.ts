// Inside an image, as the handlers use it: plan (the export's size, said before reading it), index (an
// operation), then the cached index's summary, file trees, one file read or saved, and two images compared.
import path from 'node:path'
import type { Readable } from 'node:stream'
import type Dockerode from 'dockerode'
import type { ExportPlan, FilePreview, FileRow, ImageComparison, ImageFilesSummary } from '../../../../shared/ipc/channels/layers'
import { PREVIEW_LIMIT } from '../../../../shared/ipc/channels/layers'
import type { OperationSnapshot } from '../../../../shared/ipc/channels/operations'
import { AppError } from '../../../../shared/ipc/errors'
import type { Dialogs } from '../../../dialogs'
import { writeFileAtomic } from '../../../files/atomic'
import type { Operations } from '../../../operations'
import type { LayerIndexCache } from './cache'
import { compareTrees } from './compare'
import { buildImageIndex, type ImageIndex } from './image-index'
import { indexArchive, type ArchiveIndex, type ArchiveProgress } from './archive'
import { indexInWorker, IndexWorkerUnavailable, type StartIndexWorker } from './index-in-worker'
import { asText, readUpTo, withLayerFile } from './read-file'
import { finalTree, imageRows, layerRows } from './views'

export { LayerIndexCache } from './cache'
export type { StartIndexWorker } from './index-in-worker'

/** The engine's export of one image (`docker save`), as a stream. */
export async function openImageExport(docker: Dockerode, imageId: string): Promise<Readable> {
  return (await docker.getImage(imageId).get()) as unknown as Readable
}

const notIndexed = () => new AppError('not-found', "This image's files have not been read yet (or the index was dropped to save space). Open Files and read them again.")

export class ImageFiles {
  /** Image ID → the running index operation, so a second request joins the first. */
  private readonly running = new Map<string, string>()

  constructor(
    private readonly cache: LayerIndexCache,
    private readonly startWorker: StartIndexWorker
  ) {}

  async plan(docker: Dockerode, image: string): Promise<ExportPlan> {
    const info = await docker.getImage(image).inspect()
    return { imageId: info.Id, size: info.Size, indexed: await this.cache.has(info.Id) }
  }

  /** Reads the image's export into an index, as an operation; an indexed image finishes at once from the cache. */
  async index(operations: Operations, docker: Dockerode, image: string): Promise<OperationSnapshot<'layers'>> {
    const { imageId, size } = await this.plan(docker, image)
    const joined = this.running.get(imageId)
    const current = joined ? operations.get(joined) : null
    if (current?.kind === 'layers' && current.state === 'running') return current
    const status = { imageId, expectedBytes: size, readBytes: 0, layersRead: 0, cached: false }
    const started = operations.start('layers', status, async (op): Promise<ImageFilesSummary> => {
      try {
        const cached = await this.cache.get(imageId)
        if (cached) {
          op.setStatus({ ...status, cached: true })
          return cached.summary
        }
        const archive = await this.indexExport(docker, imageId, op.signal, (p) => op.setStatus({ ...status, ...p }))
        const index = buildImageIndex(imageId, archive)
        await this.cache.put(index)
        return index.summary
      } finally {
        this.running.delete(imageId)
      }
    })
    this.running.set(imageId, started.id)
    return started
  }

  /** The export read into its index on the index workers, or on this thread if they cannot start. */
  private async indexExport(docker: Dockerode, imageId: string, signal: AbortSignal, onProgress: (progress: ArchiveProgress) => void): Promise<ArchiveIndex> {
    const openExport = () => openImageExport(docker, imageId)
    try {
      return await indexInWorker(this.startWorker, docker, imageId, { signal, onProgress, openExport })
    } catch (error) {
      if (!(error instanceof IndexWorkerUnavailable)) throw error
      // A packaging fault, not the person's: read the image as before, and say so in the log.
      console.error(`Slipway: ${error.message}; reading the image on the main thread instead.`)
      return indexArchive(await openExport(), { signal, onProgress })
    }
  }

  async summary(imageId: string): Promise<ImageFilesSummary | null> {
    return (await this.cache.get(imageId))?.summary ?? null
  }

  async files(imageId: string, layer: number, view: 'layer' | 'image'): Promise<FileRow[]> {
    const index = await this.require(imageId)
    const entries = this.layerEntries(index, layer)
    return view === 'layer' ? layerRows(entries, layer) : imageRows(entries, layer)
  }

  async readFile(docker: Dockerode, imageId: string, layer: number, filePath: string): Promise<FilePreview> {
    const { archivePath, entry, contentPath } = await this.locate(imageId, layer, filePath)
    if (entry.type === 'directory' || entry.type === 'symlink' || entry.type === 'other') {
      return { kind: entry.type, path: filePath, size: entry.size, linkTarget: entry.link ?? null }
    }
    const read = await withLayerFile(await openImageExport(docker, imageId), archivePath, contentPath, (found) => readUpTo(found, PREVIEW_LIMIT))
    if (!read) throw new AppError('not-found', `${filePath} was not found in layer ${layer + 1} of the export. The image may have changed on the engine: read its files again.`)
    const text = asText(read.data, !read.complete)
    if (text === null) return { kind: 'binary', path: filePath, size: entry.size, head: read.data.subarray(0, 256).toString('hex') }
    return { kind: 'text', path: filePath, size: entry.size, text, truncated: !read.complete }
  }

  async saveFile(docker: Dockerode, dialogs: Dialogs, imageId: string, layer: number, filePath: string): Promise<{ savedTo: string } | null> {
    const { archivePath, entry, contentPath } = await this.locate(imageId, layer, filePath)
    if (entry.type !== 'file' && entry.type !== 'hardlink') {
      throw new AppError('invalid-input', `${filePath} is a ${entry.type === 'symlink' ? 'symbolic link' : entry.type}, not a file: only files can be saved.`)
    }
    const target = await dialogs.saveFile({ title: `Save ${path.posix.basename(filePath)} from the image`, defaultPath: path.posix.basename(filePath) })
    if (!target) return null
    const read = await withLayerFile(await openImageExport(docker, imageId), archivePath, contentPath, (found) => readUpTo(found, Number.MAX_SAFE_INTEGER))
    if (!read) throw new AppError('not-found', `${filePath} was not found in layer ${layer + 1} of the export. The image may have changed on the engine: read its files again.`)
    try {
      await writeFileAtomic(target, read.data)
    } catch (error) {
      throw new AppError('io-error', `Could not save ${target}: ${(error as Error).message}. Choose a folder you can write to.`)
    }
    return { savedTo: target }
  }

  async compare(baseId: string, otherId: string): Promise<ImageComparison> {
    const [base, other] = await Promise.all([this.require(baseId), this.require(otherId)])
    const tree = (index: ImageIndex) => finalTree(index.layers.map((l) => l.entries))
    return compareTrees(baseId, otherId, tree(base), tree(other))
  }

  private async require(imageId: string): Promise<ImageIndex> {
    const index = await this.cache.get(imageId)
    if (!index) throw notIndexed()
    return index
  }

  private layerEntries(index: ImageIndex, layer: number) {
    if (layer >= index.layers.length) throw new AppError('invalid-input', `The image has ${index.layers.length} layers with files; there is no layer ${layer + 1}.`)
    return index.layers.map((l) => l.entries)
  }

  /** The layer's entry for the path, and where its content is (a hard link's is at the path it links to). */
  private async locate(imageId: string, layer: number, filePath: string) {
    const index = await this.require(imageId)
    this.layerEntries(index, layer)
    const relative = filePath.replace(/^\/+/, '')
    const { archivePath, entries } = index.layers[layer]!
    const entry = entries.find((e) => e.path === relative && !e.whiteout)
    if (!entry) throw new AppError('not-found', `Layer ${layer + 1} has no ${filePath}: choose the layer that added or last changed it.`)
    return { archivePath, entry, contentPath: entry.type === 'hardlink' && entry.link ? entry.link : relative }
  }
}
