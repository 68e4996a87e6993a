import { z } from 'zod'
import { channel } from '../define'

export type BuilderKind = 'classic' | 'buildkit'

export type StepState = 'waiting' | 'running' | 'cached' | 'done' | 'failed' | 'skipped'

/** One instruction of the Dockerfile as a build step ("Step 3/7: RUN apt-get update -y"). */
export interface BuildStep {
  /** 1-based, counting ARGs before the first FROM, each FROM and each instruction in file order (as the classic builder's "Step N/M"). */
  index: number
  /** 1-based line of the instruction's keyword in the Dockerfile that was built. */
  line: number
  /** The instruction on one line, e.g. `RUN apt-get update -y`. */
  instruction: string
  state: StepState
  /** Epoch milliseconds. */
  startedAt?: number
  durationMs?: number
  /** For a failed step: the engine's message, e.g. `The command '/bin/sh -c false' returned a non-zero code: 1`. */
  error?: string
  /** For a failed step: the last lines of its output. */
  lastLines?: string[]
}

/** Download progress of one layer while the base image is pulled. */
export interface LayerProgress {
  id: string
  status: string
  current?: number
  total?: number
}

export type BuildStatus = 'preparing' | 'sending' | 'running' | 'succeeded' | 'failed' | 'cancelled'

/** A `--build-arg NAME=value`. A secret one is masked on screen and its value is never stored by Slipway. */
export interface BuildArg {
  name: string
  value: string
  secret?: boolean
}

export interface BuildRequest {
  /** The Dockerfile as the editor shows it, saved or not. */
  dockerfileText: string
  /** Where the Dockerfile lives, or null for an unsaved one. */
  dockerfilePath: string | null
  contextDir: string
  tags: string[]
  buildArgs: BuildArg[]
  target: string | null
  noCache: boolean
  pull: boolean
  builder: BuilderKind
}

/** One build, running or finished: what the Builds view lists and the history keeps. */
export interface BuildRecord {
  id: string
  request: BuildRequest
  builder: BuilderKind
  status: BuildStatus
  startedAt: number
  durationMs?: number
  /** `sha256:…` of the built image, after success. */
  imageId?: string
  /** What went wrong, in words a person can act on. */
  error?: string
  /** Bytes and files sent as the build context. */
  contextBytes?: number
  contextFiles?: number
  /** Notes about the context that did not stop the build (e.g. links pointing outside it). */
  warnings: string[]
  steps: BuildStep[]
  layers: LayerProgress[]
}

export interface BuildDetail {
  record: BuildRecord
  log: string[]
  /** True when the stored log was cut to its last part. */
  logTruncated: boolean
}

/** One batch of progress for one build (the record and the log lines since the last batch); it leaves as the build's `operationProgress` update. */
export interface BuildProgress {
  record: BuildRecord
  logLines: string[]
}

export interface FolderSize {
  /** Relative to the build context, with `/`. */
  path: string
  /** The .dockerignore line that leaves out exactly this folder. */
  pattern: string
  bytes: number
  files: number
}

export interface ContextSummary {
  contextDir: string
  bytes: number
  files: number
  /** The largest folders (top two levels), biggest first. */
  largestFolders: FolderSize[]
  hasDockerignore: boolean
  /** Above this size the build options warn (100 MB). */
  warnAboveBytes: number
  warnings: string[]
}

export interface BuildCapabilities {
  builders: BuilderKind[]
  /** Why BuildKit is not offered, when it is not. */
  buildkitNote?: string
}

/** The largest Dockerfile text a build takes, in characters (the build dialog says so before sending). */
export const MAX_DOCKERFILE_TEXT = 1_000_000

const path = z.string().min(1).max(4096)
const id = z.string().min(1).max(100)

export const buildRequestSchema = z
  .object({
    dockerfileText: z.string().max(MAX_DOCKERFILE_TEXT),
    dockerfilePath: path.nullable(),
    contextDir: path,
    tags: z.array(z.string().min(1).max(300)).max(20),
    buildArgs: z.array(z.object({ name: z.string().min(1).max(200), value: z.string().max(10_000), secret: z.boolean().optional() }).strict()).max(200),
    target: z.string().min(1).max(200).nullable(),
    noCache: z.boolean(),
    pull: z.boolean(),
    builder: z.enum(['classic', 'buildkit'])
  })
  .strict()

export const buildChannels = {
  /** Starts a build; resolves once it is under way (bad inputs are refused here, with what to fix). */
  start: channel(buildRequestSchema).returns<BuildRecord>(),
  cancel: channel(z.object({ id }).strict()).returns<void>(),
  /** Running builds and the history, newest first. */
  list: channel(z.object({}).strict().optional()).returns<BuildRecord[]>(),
  get: channel(z.object({ id }).strict()).returns<BuildDetail>(),
  /** Size of the build context (honouring .dockerignore), before sending it. */
  inspectContext: channel(z.object({ contextDir: path, dockerfilePath: path.nullable() }).strict()).returns<ContextSummary>(),
  /** Adds lines to the context's .dockerignore (made when missing), when the person asked to. */
  addToDockerignore: channel(z.object({ contextDir: path, patterns: z.array(z.string().min(1).max(1000)).min(1).max(100) }).strict()).returns<void>(),
  chooseContext: channel(z.object({ defaultPath: path.optional() }).strict()).returns<string | null>(),
  capabilities: channel(z.object({}).strict().optional()).returns<BuildCapabilities>()
}
