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

/** A `--secret id=…,src=<file>` or `--secret id=…,env=<variable>`, read by `RUN --mount=type=secret,id=…` (BuildKit only). */
export type BuildSecret = { id: string; file: string } | { id: string; env: string }

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
  /** Absent: the engine's default (BuildKit wherever it has it). */
  builder?: BuilderKind
  /** BuildKit only. Slipway reads a file or variable when the build asks for it and never stores its content. */
  secrets?: BuildSecret[]
  /** `--ssh default`: forward this computer's ssh agent to `RUN --mount=type=ssh` (BuildKit only). */
  ssh?: boolean
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

export interface BuildCapabilities {
  builders: BuilderKind[]
  /** What a build without a `builder` uses: BuildKit wherever the engine has it. */
  defaultBuilder: BuilderKind
  /** Why BuildKit is not offered, when it is not. */
  buildkitNote?: string
}

/** The largest Dockerfile text a build takes, in characters (the build dialog says so before sending). */
export const MAX_DOCKERFILE_TEXT = 1_000_000

const path = z.string().min(1).max(4096)
const id = z.string().min(1).max(100)
const secretId = z.string().min(1).max(200).regex(/^[A-Za-z0-9_.-]+$/, 'a secret id: letters, digits, _ . -')

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
    builder: z.enum(['classic', 'buildkit']).optional(),
    secrets: z
      .array(
        z.union([
          z.object({ id: secretId, file: path }).strict(),
          z.object({ id: secretId, env: z.string().min(1).max(200).regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name: letters, digits and _') }).strict()
        ])
      )
      .max(50)
      .optional(),
    ssh: z.boolean().optional()
  })
  .strict()

export const buildChannels = {
  /** Starts a build; resolves once it is under way (bad inputs are refused here, with what to fix). */
  start: channel(buildRequestSchema).returns<BuildRecord>(),
  cancel: channel(z.object({ id }).strict()).returns<void>(),
  /** Running builds and the history, newest first. */
  list: channel(z.object({}).strict().optional()).returns<BuildRecord[]>(),
  get: channel(z.object({ id }).strict()).returns<BuildDetail>(),
  capabilities: channel(z.object({}).strict().optional()).returns<BuildCapabilities>()
}
