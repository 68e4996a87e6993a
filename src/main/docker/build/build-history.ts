// Build history in the app's data folder: an index of the last 50 builds and one
// log file per build, cut to its last part so history stays small.
// Secret build-arg values are never written (the record keeps the arg's name); files are 0600, folders 0700.
import { readFile, readdir, rm } from 'node:fs/promises'
import path from 'node:path'
import type { BuildRecord } from '../../../shared/ipc/channels/build'
import { withoutSecretValues } from '../../../shared/docker/secrets'
import { writeFileAtomic } from '../../files/atomic'
import { ensurePrivateDirs, PRIVATE_FILE_MODE } from '../../files/private'

export const HISTORY_LIMIT = 50
/** Stored log size per build; a longer log keeps its last part. */
export const STORED_LOG_BYTES = 1024 * 1024

export interface StoredLog {
  lines: string[]
  truncated: boolean
}

export class BuildHistory {
  private readonly dataDir: string
  private readonly dir: string
  private readonly indexFile: string
  private records: BuildRecord[] | null = null
  private writing: Promise<void> = Promise.resolve()

  constructor(dataDir: string) {
    this.dataDir = dataDir
    this.dir = path.join(dataDir, 'builds')
    this.indexFile = path.join(this.dir, 'history.json')
  }

  /** Newest first. An unreadable index starts an empty history (the old file is left as it is). */
  async list(): Promise<BuildRecord[]> {
    if (this.records) return this.records
    try {
      const parsed = JSON.parse(await readFile(this.indexFile, 'utf8')) as unknown
      this.records = Array.isArray(parsed) ? (parsed as BuildRecord[]).filter((r) => r && typeof r.id === 'string') : []
    } catch {
      this.records = []
    }
    return this.records
  }

  /** Stores the record without its secret values; the caller masks them in the log (it knows them). */
  async add(finished: BuildRecord, log: string[]): Promise<void> {
    const record = { ...finished, request: withoutSecretValues(finished.request) }
    const records = [record, ...(await this.list()).filter((r) => r.id !== record.id)]
    const dropped = records.splice(HISTORY_LIMIT)
    this.records = records
    const stored = cutLog(log)
    const job = this.writing.then(async () => {
      await ensurePrivateDirs(this.dataDir, this.dir)
      await writeFileAtomic(this.logFile(record.id), JSON.stringify(stored), { mode: PRIVATE_FILE_MODE })
      await writeFileAtomic(this.indexFile, JSON.stringify(records), { mode: PRIVATE_FILE_MODE })
      await Promise.all(dropped.map((r) => rm(this.logFile(r.id), { force: true })))
      await this.removeStrayLogs(records)
    })
    this.writing = job.catch(() => undefined)
    await job
  }

  async readLog(id: string): Promise<StoredLog> {
    try {
      const parsed = JSON.parse(await readFile(this.logFile(id), 'utf8')) as StoredLog
      return { lines: Array.isArray(parsed.lines) ? parsed.lines : [], truncated: Boolean(parsed.truncated) }
    } catch {
      return { lines: [], truncated: false }
    }
  }

  private logFile(id: string): string {
    return path.join(this.dir, `${id.replace(/[^a-zA-Z0-9-]/g, '')}.log.json`)
  }

  private async removeStrayLogs(records: BuildRecord[]): Promise<void> {
    const keep = new Set(records.map((r) => path.basename(this.logFile(r.id))))
    const names = await readdir(this.dir).catch(() => [] as string[])
    await Promise.all(names.filter((n) => n.endsWith('.log.json') && !keep.has(n)).map((n) => rm(path.join(this.dir, n), { force: true })))
  }
}

/** Keeps the last lines that fit in STORED_LOG_BYTES. */
export function cutLog(lines: string[], limit = STORED_LOG_BYTES): StoredLog {
  let bytes = 0
  let start = lines.length
  while (start > 0) {
    const size = lines[start - 1]!.length + 1
    if (bytes + size > limit) break
    bytes += size
    start--
  }
  return { lines: start === 0 ? lines : lines.slice(start), truncated: start > 0 }
}
