import { mkdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { writeFileAtomic } from './atomic'

export interface Settings {
  /** The docker context chosen in the engine switcher; null means automatic. */
  engineContext: string | null
}

const defaults: Settings = { engineContext: null }

/** Settings kept in the app's data folder as JSON; unreadable settings fall back to defaults. */
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
    await mkdir(path.dirname(this.file), { recursive: true })
    await writeFileAtomic(this.file, JSON.stringify(next, null, 2))
    this.cached = next
    return next
  }
}
