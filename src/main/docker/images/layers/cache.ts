// Indexes kept per image ID in the data folder (an ID names content, so an index never goes stale), owner-only,
// with a cap on their total size: the least recently used go first. The last few stay in memory too.
import { readdir, readFile, rm, stat, utimes } from 'node:fs/promises'
import path from 'node:path'
import { writeFileAtomic } from '../../../files/atomic'
import { ensurePrivateDirs, PRIVATE_FILE_MODE } from '../../../files/private'
import { INDEX_VERSION, type ImageIndex } from './image-index'

export interface LayerIndexCacheOptions {
  /** Total bytes of cached indexes on disk. */
  maxBytes?: number
  /** Indexes kept parsed in memory. */
  inMemory?: number
}

const fileName = (imageId: string) => `${imageId.replace(/^sha256:/, '')}.json`

export class LayerIndexCache {
  private readonly memory = new Map<string, ImageIndex>()
  private readonly maxBytes: number
  private readonly inMemory: number

  constructor(
    private readonly dir: string,
    options: LayerIndexCacheOptions = {}
  ) {
    this.maxBytes = options.maxBytes ?? 256 * 1024 * 1024
    this.inMemory = options.inMemory ?? 3
  }

  async get(imageId: string): Promise<ImageIndex | null> {
    const held = this.memory.get(imageId)
    if (held) {
      this.remember(held)
      return held
    }
    const file = path.join(this.dir, fileName(imageId))
    let index: ImageIndex
    try {
      index = JSON.parse(await readFile(file, 'utf8')) as ImageIndex
    } catch {
      return null
    }
    if (index.version !== INDEX_VERSION || index.imageId !== imageId) return null
    const now = new Date()
    await utimes(file, now, now).catch(() => undefined)
    this.remember(index)
    return index
  }

  async has(imageId: string): Promise<boolean> {
    if (this.memory.has(imageId)) return true
    return stat(path.join(this.dir, fileName(imageId))).then(
      () => true,
      () => false
    )
  }

  async put(index: ImageIndex): Promise<void> {
    this.remember(index)
    await ensurePrivateDirs(this.dir)
    await writeFileAtomic(path.join(this.dir, fileName(index.imageId)), JSON.stringify(index), { mode: PRIVATE_FILE_MODE })
    await this.trim(fileName(index.imageId))
  }

  private remember(index: ImageIndex): void {
    this.memory.delete(index.imageId)
    this.memory.set(index.imageId, index)
    while (this.memory.size > this.inMemory) this.memory.delete(this.memory.keys().next().value!)
  }

  /** Removes the least recently used files until the rest fit (the one just written stays). */
  private async trim(keep: string): Promise<void> {
    const files = await Promise.all(
      (await readdir(this.dir)).filter((name) => name.endsWith('.json')).map(async (name) => ({ name, ...(await stat(path.join(this.dir, name))) }))
    )
    let total = files.reduce((sum, f) => sum + f.size, 0)
    for (const file of files.sort((a, b) => a.mtimeMs - b.mtimeMs)) {
      if (total <= this.maxBytes) break
      if (file.name === keep) continue
      await rm(path.join(this.dir, file.name), { force: true })
      total -= file.size
    }
  }
}
