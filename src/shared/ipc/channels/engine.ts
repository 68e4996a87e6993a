import { z } from 'zod'
import { channel } from '../define'

export type EndpointSource =
  | 'DOCKER_HOST'
  | 'DOCKER_CONTEXT'
  | 'config'
  | 'chosen'
  | 'default'
  | 'rootless'
  | 'podman'

/** Where an engine is reached: `unix:///var/run/docker.sock`, `tcp://host:2376`, `ssh://user@host`, `npipe:////./pipe/docker_engine`. */
export interface EngineEndpoint {
  host: string
  source: EndpointSource
  /** The docker context this endpoint came from, if any. */
  contextName?: string
  tls?: boolean
}

export interface EngineInfo {
  /** "Docker Engine" or "Podman Engine". */
  name: string
  version: string
  apiVersion: string
  os: string
  arch: string
  operatingSystem?: string
}

export interface EngineAttempt {
  endpoint: EngineEndpoint
  error: string
}

export type ConnectionState =
  | { status: 'connecting'; attempts: EngineAttempt[] }
  | { status: 'connected'; engine: EngineInfo; endpoint: EngineEndpoint; attempts: EngineAttempt[] }
  | {
      status: 'disconnected'
      attempts: EngineAttempt[]
      error: string
      hint: string
      /** Epoch milliseconds of the next automatic retry, or null when none is planned. */
      nextRetryAt: number | null
    }

export interface DockerContextInfo {
  name: string
  description?: string
  host: string
  current: boolean
}

export interface EngineContexts {
  contexts: DockerContextInfo[]
  /** The context the person chose in Slipway, or null for automatic (as the docker CLI resolves it). */
  chosen: string | null
}

const none = z.object({}).strict().optional()

export const engineChannels = {
  status: channel(none).returns<ConnectionState>(),
  retry: channel(none).returns<ConnectionState>(),
  listContexts: channel(none).returns<EngineContexts>(),
  useContext: channel(z.object({ name: z.string().min(1).max(200).nullable() }).strict()).returns<ConnectionState>()
}
