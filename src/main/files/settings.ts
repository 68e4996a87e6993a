import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { AppError } from '../../shared/ipc/errors'
import { writeFileAtomic } from './atomic'
import { ensurePrivateDirs, PRIVATE_FILE_MODE } from './private'

export interface Settings {
  /** The docker context chosen in the engine switcher; null means automatic. */
  engineContext: string | null
}

const defaults: Settings = { engineContext: null }

/** Settings kept in the app's data folder as JSON (0600); unreadable settings fall back to defaults. */
export class SettingsStore {
  private readonly file: string
  private cached: Settings | null = null

  constructor(dataDir: string) {
    this.file = path.join(dataDir, 'settings.json')
  }

  async get(): Promise<Settings> {
    if (this.cached) return this.cached
    try {
      const parsed = JSON.parse(await readFile(this.file, 'utf8')) as Partial<Settings>
      this.cached = { ...defaults, ...parsed }
    } catch {
      this.cached = { ...defaults }
    }
    return this.cached
  }

  async update(change: Partial<Settings>): Promise<Settings> {
    const next = { ...(await this.get()), ...change }
    try {
      await ensurePrivateDirs(path.dirname(this.file))
      await writeFileAtomic(this.file, JSON.stringify(next, null, 2), { mode: PRIVATE_FILE_MODE })
    } catch (error) {
      throw new AppError('io-error', `Slipway could not save its settings in ${this.file} (${(error as Error).message}), so the change is not kept. Check that folder's permissions.`)
    }
    this.cached = next
    return next
  }
}
