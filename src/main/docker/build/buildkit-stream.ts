// Reads BuildKit progress: `aux` messages with id `moby.buildkit.trace` carry a
// base64 protobuf StatusResponse (decoded with the proto dockerode ships), mapped
// into the same step model as the classic builder's "Step N/M".
import { createRequire } from 'node:module'
import path from 'node:path'
import protobuf from 'protobufjs'
import type { EngineMessage } from './classic-stream'
import type { LayerProgress } from '../../../shared/ipc/channels/build'
import type { StepTracker } from './steps'

interface Timestamp {
  seconds?: number | string
  nanos?: number
}

interface Vertex {
  digest: string
  name?: string
  cached?: boolean
  started?: Timestamp | null
  completed?: Timestamp | null
  error?: string
}

export interface VertexStatus {
  ID?: string
  vertex?: string
  name?: string
  current?: number | string
  total?: number | string
  completed?: Timestamp | null
}

interface VertexLog {
  vertex: string
  msg: Uint8Array
}

interface VertexWarning {
  vertex?: string
  short?: Uint8Array
  ranges?: { start?: { line?: number } }[]
}

export interface StatusResponse {
  vertexes?: Vertex[]
  statuses?: VertexStatus[]
  logs?: VertexLog[]
  warnings?: VertexWarning[]
}

let statusType: protobuf.Type | null = null

function loadStatusType(): protobuf.Type {
  if (statusType) return statusType
  const require = createRequire(import.meta.url)
  const proto = path.join(path.dirname(require.resolve('dockerode/package.json')), 'lib', 'proto', 'buildkit_status.proto')
  statusType = protobuf.loadSync(proto).lookupType('moby.buildkit.v1.StatusResponse')
  return statusType
}

export function decodeStatusResponse(base64: string): StatusResponse {
  const type = loadStatusType()
  return type.toObject(type.decode(Buffer.from(base64, 'base64')), { longs: Number, defaults: false, arrays: true }) as StatusResponse
}

const toMs = (t: Timestamp | null | undefined): number | undefined =>
  t ? Number(t.seconds ?? 0) * 1000 + Math.floor((t.nanos ?? 0) / 1e6) : undefined

const VERTEX_NAME = /^\[(?:(.+?) )?(\d+)\/(\d+)\] (.*)$/s

/** Turns BuildKit trace messages into step changes and log lines. */
export class BuildkitStreamParser {
  /** Vertex digest → step index (0 when the vertex is internal, like loading the context). */
  private readonly vertexSteps = new Map<string, number>()
  private readonly names = new Map<string, string>()
  private readonly partial = new Map<string, string>()

  constructor(private readonly tracker: StepTracker) {}

  handle(message: EngineMessage): string[] {
    if (message.errorDetail || message.error) {
      const text = inClassicWords(message.errorDetail?.message ?? message.error ?? 'The build failed.')
      this.tracker.error = text
      return [text]
    }
    if (message.id === 'moby.image.id' && message.aux && typeof message.aux === 'object') {
      const id = (message.aux as { ID?: unknown }).ID
      if (typeof id === 'string') this.tracker.imageId = id
      return []
    }
    if (message.id === 'moby.buildkit.trace' && typeof message.aux === 'string') {
      return this.handleStatus(decodeStatusResponse(message.aux))
    }
    if (typeof message.stream === 'string') return message.stream.split('\n').filter((l) => l !== '')
    return []
  }

  handleStatus(status: StatusResponse): string[] {
    const lines: string[] = []
    for (const vertex of status.vertexes ?? []) lines.push(...this.handleVertex(vertex))
    for (const s of status.statuses ?? []) {
      const layer = layerStatus(s)
      // BuildKit repeats a blob's download status after its extraction began: a layer never goes back.
      if (layer && stage(layer.status) >= stage(this.tracker.layers.get(layer.id)?.status)) this.tracker.setLayer(layer)
    }
    for (const log of status.logs ?? []) {
      const text = (this.partial.get(log.vertex) ?? '') + Buffer.from(log.msg).toString('utf8')
      const parts = text.split('\n')
      this.partial.set(log.vertex, parts.pop() ?? '')
      const step = this.vertexSteps.get(log.vertex) ?? 0
      const own = parts.map((line) => line.replace(/\r$/, ''))
      if (step > 0) this.tracker.recordOutput(step, own)
      lines.push(...own.map((line) => `${this.prefix(log.vertex)}${line}`))
    }
    for (const warning of status.warnings ?? []) {
      const line = warning.ranges?.[0]?.start?.line
      lines.push(`WARNING: ${Buffer.from(warning.short ?? new Uint8Array()).toString('utf8')}${line ? ` (line ${line})` : ''}`)
    }
    return lines
  }

  private prefix(digest: string): string {
    const name = this.names.get(digest)
    return name ? `${name.split(']')[0]}] ` : ''
  }

  private stepFor(vertex: Vertex): number {
    const known = this.vertexSteps.get(vertex.digest)
    if (known !== undefined) return known
    const match = vertex.name ? VERTEX_NAME.exec(vertex.name) : null
    let index = 0
    if (match) {
      const stageLabel = match[1]?.toLowerCase()
      const inStage = Number(match[2])
      let stage = this.tracker.stageNames.length === 1 ? 0 : -1
      if (stageLabel !== undefined) {
        const named = this.tracker.stageNames.indexOf(stageLabel)
        const numbered = /^stage-(\d+)$/.exec(stageLabel)
        stage = named >= 0 ? named : numbered ? Number(numbered[1]) : -1
      }
      index = this.tracker.steps.find((s) => s.stageIndex === stage && s.indexInStage === inStage)?.index ?? 0
    }
    this.vertexSteps.set(vertex.digest, index)
    return index
  }

  private handleVertex(vertex: Vertex): string[] {
    const lines: string[] = []
    const index = this.stepFor(vertex)
    const seen = this.names.has(vertex.digest)
    if (vertex.name) this.names.set(vertex.digest, vertex.name)
    const started = toMs(vertex.started)
    const completed = toMs(vertex.completed)
    if (!seen && vertex.name && (started !== undefined || vertex.cached)) lines.push(vertex.name)
    if (index > 0) {
      if (started !== undefined) {
        const step = this.tracker.step(index)
        if (step && step.state === 'waiting') this.tracker.start(index, started)
      }
      if (vertex.error) {
        this.tracker.fail(index, completed ?? Date.now(), inClassicWords(vertex.error))
      } else if (vertex.cached && completed !== undefined) {
        this.tracker.start(index, started ?? completed)
        this.tracker.cached(index, completed)
      } else if (completed !== undefined) {
        this.tracker.finish(index, completed)
      }
    }
    if (vertex.error) lines.push(`ERROR: ${vertex.error}`)
    else if (vertex.cached && completed !== undefined) lines.push(`CACHED ${vertex.name ?? ''}`.trim())
    else if (completed !== undefined && started !== undefined && vertex.name) lines.push(`DONE ${((completed - started) / 1000).toFixed(1)}s ${vertex.name}`)
    return lines
  }
}

/**
 * A failing RUN in the words both builders then use: BuildKit says `executor failed running [/bin/sh -c …]: exit
 * code: 1` (Docker 20.10) or `process "/bin/sh -c …" did not complete successfully: exit code: 1` (Docker 23+),
 * the classic builder `The command '/bin/sh -c …' returned a non-zero code: 1`.
 */
export function inClassicWords(error: string): string {
  // The first one: Docker 20.10 may repeat the message.
  const run = /^(?:.*?: )?(?:executor failed running \[(.*?)\]|process "(.*?)" did not complete successfully): exit code: (\d+)/s.exec(error.trim())
  if (!run) return error
  return `The command '${run[1] ?? run[2]}' returned a non-zero code: ${run[3]}`
}

const LAYER = /^(extracting )?sha256:([0-9a-f]{64})$/
const STAGES = ['Downloading', 'Download complete', 'Extracting', 'Pull complete']
const stage = (status: string | undefined): number => (status === undefined ? -1 : STAGES.indexOf(status))

/**
 * A BuildKit status about a layer of a pulled image (`sha256:…` while downloading, `extracting sha256:…`),
 * in the classic builder's words and with its 12-digit layer id, so both builders show the same bars.
 * Other statuses ("resolve …", "exporting layers", "writing image …", "naming to …") are not layers.
 */
export function layerStatus(s: VertexStatus): LayerProgress | null {
  const match = LAYER.exec(s.ID ?? '')
  if (!match) return null
  const extracting = match[1] !== undefined
  const current = s.current !== undefined && s.current !== null ? Number(s.current) : undefined
  const total = s.total !== undefined && s.total !== null ? Number(s.total) : undefined
  const status = extracting ? (s.completed ? 'Pull complete' : 'Extracting') : s.completed ? 'Download complete' : 'Downloading'
  return {
    id: match[2]!.slice(0, 12),
    status,
    ...(current !== undefined && !s.completed ? { current } : {}),
    ...(total !== undefined && total > 0 ? { total } : {})
  }
}
