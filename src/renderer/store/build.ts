import { create } from 'zustand'
import { api } from '../api'
import { errorMessage } from '../../shared/ipc/errors'
import type { BuilderKind, BuildCapabilities, BuildRecord, BuildRequest } from '../../shared/ipc/channels/build'
import type { ContextInfo } from '../../shared/ipc/channels/context'
import { onOperationUpdates } from './operations'

/**
 * Builds as the renderer sees them: every record by id, and the logs kept outside
 * React state (they can hold 200,000 lines); `logVersion` changes when a log grows.
 */
interface BuildState {
  records: Record<string, BuildRecord>
  /** The build the progress panel shows (the latest one started here, or one re-opened). */
  currentId: string | null
  logVersion: number
  /** Builds whose full log was loaded (from memory or history). */
  loaded: Record<string, boolean>
  listError: string | null
  start(request: BuildRequest): Promise<BuildRecord>
  cancel(id: string): Promise<void>
  open(id: string): Promise<void>
  refresh(): Promise<void>
  /** Follows this kind's operation updates (records and log lines); returns the unsubscribe function. */
  listen(): () => void
  /** The builders the engine has; the classic builder alone when it cannot say. */
  capabilities(): Promise<BuildCapabilities>
  /** The build context as `docker build` would send it with this builder (the engine's default when absent). */
  inspectContext(contextDir: string, dockerfilePath: string | null, builder?: BuilderKind): Promise<ContextInfo>
  /** Picks a build context folder with the native dialog; null when cancelled. */
  chooseContext(defaultPath?: string): Promise<string | null>
  /** Adds patterns to the context's .dockerignore (made when missing). */
  ignoreInContext(contextDir: string, patterns: string[]): Promise<void>
}

const logs = new Map<string, string[]>()

export function buildLog(id: string | null): string[] {
  return (id && logs.get(id)) || []
}

export const useBuilds = create<BuildState>((set, get) => ({
  records: {},
  currentId: null,
  logVersion: 0,
  loaded: {},
  listError: null,
  async start(request) {
    const record = await api.build.start(request)
    logs.set(record.id, logs.get(record.id) ?? [])
    set((s) => ({ records: { ...s.records, [record.id]: s.records[record.id] ?? record }, currentId: record.id, loaded: { ...s.loaded, [record.id]: true } }))
    return record
  },
  async cancel(id) {
    await api.build.cancel({ id })
  },
  async open(id) {
    set({ currentId: id })
    const detail = await api.build.get({ id })
    logs.set(id, detail.log)
    set((s) => ({ records: { ...s.records, [id]: detail.record }, loaded: { ...s.loaded, [id]: true }, logVersion: s.logVersion + 1 }))
  },
  async refresh() {
    try {
      const list = await api.build.list()
      set((s) => {
        const records = { ...s.records }
        for (const record of list) records[record.id] = record
        return { records, listError: null }
      })
    } catch (error) {
      set({ listError: errorMessage(error) })
    }
  },
  listen() {
    return onOperationUpdates('build', ({ status: record, items: logLines }) => {
      const log = logs.get(record.id)
      if (log) {
        for (const line of logLines) log.push(line)
      } else if (get().currentId === record.id || !get().loaded[record.id]) {
        logs.set(record.id, [...logLines])
      }
      set((s) => ({ records: { ...s.records, [record.id]: record }, logVersion: logLines.length ? s.logVersion + 1 : s.logVersion }))
    })
  },
  capabilities: () => api.build.capabilities().catch((): BuildCapabilities => ({ builders: ['classic'], defaultBuilder: 'classic' })),
  inspectContext: (contextDir, dockerfilePath, builder) => api.context.inspect({ contextDir, dockerfilePath, ...(builder ? { builder } : {}) }),
  chooseContext: (defaultPath) => api.context.choose(defaultPath ? { defaultPath } : {}),
  ignoreInContext: (contextDir, patterns) => api.context.addIgnore({ contextDir, patterns })
}))

let listening: (() => void) | null = null
/** Starts following build progress once for the whole app (builds keep running across views). */
export function ensureBuildEvents(): void {
  if (listening) return
  listening = useBuilds.getState().listen()
  void useBuilds.getState().refresh()
}

export const isActive = (record: BuildRecord | undefined): boolean =>
  !!record && (record.status === 'preparing' || record.status === 'sending' || record.status === 'running')

/** Where the build shown under the editor failed: the step's line in the Dockerfile at `dockerfilePath`, and why. */
export interface BuildFailure {
  dockerfilePath: string | null
  line: number
  keyword: string
  message: string
}

/** The build the panel shows (the same object until it changes, so a component can select it). */
export function selectCurrentBuild(s: Pick<BuildState, 'records' | 'currentId'>): BuildRecord | undefined {
  return s.currentId ? s.records[s.currentId] : undefined
}

/** The failed step of `record`, or null (it did not fail, or no step is to blame). */
export function buildFailure(record: BuildRecord | undefined): BuildFailure | null {
  if (record?.status !== 'failed') return null
  const step = record.steps.find((st) => st.state === 'failed')
  if (!step) return null
  return {
    dockerfilePath: record.request.dockerfilePath,
    line: step.line,
    keyword: step.instruction.split(/\s/)[0]?.toUpperCase() ?? '',
    message: step.error ?? record.error ?? 'This step failed.'
  }
}
