// The unsaved draft, kept in the app's data folder so a crash or kill loses nothing.
import { readFile, rm } from 'node:fs/promises'
import path from 'node:path'
import { AppError } from '../../shared/ipc/errors'
import { writeFileAtomic } from './atomic'
import { ensurePrivateDirs, PRIVATE_FILE_MODE } from './private'
import type { Draft } from '../../shared/ipc/channels/dockerfile'

export class DraftStore {
  private readonly dataDir: string
  private readonly file: string

  constructor(dataDir: string) {
    this.dataDir = dataDir
    this.file = path.join(dataDir, 'drafts', 'dockerfile.json')
  }

  async save(draft: Omit<Draft, 'savedAt'>, now = Date.now()): Promise<Draft> {
    const saved: Draft = { ...draft, savedAt: now }
    try {
      await ensurePrivateDirs(this.dataDir, path.dirname(this.file))
      await writeFileAtomic(this.file, JSON.stringify(saved), { mode: PRIVATE_FILE_MODE })
    } catch (error) {
      throw new AppError(
        'io-error',
        `Slipway could not keep a draft of your changes in ${this.file} (${(error as Error).message}). Your text is still here: save it to a file.`
      )
    }
    return saved
  }

  /** The draft, or null when there is none or it cannot be read (a broken draft is never an error). */
  async load(): Promise<Draft | null> {
    let raw: string
    try {
      raw = await readFile(this.file, 'utf8')
    } catch {
      return null
    }
    try {
      const value = JSON.parse(raw) as Partial<Draft>
      if (typeof value.text !== 'string' || typeof value.savedAt !== 'number') return null
      return {
        text: value.text,
        filePath: typeof value.filePath === 'string' ? value.filePath : null,
        contextDir: typeof value.contextDir === 'string' ? value.contextDir : null,
        stamp: value.stamp && typeof value.stamp.hash === 'string' ? value.stamp : null,
        bom: value.bom === true,
        savedAt: value.savedAt
      }
    } catch {
      return null
    }
  }

  async clear(): Promise<void> {
    await rm(this.file, { force: true })
  }
}
