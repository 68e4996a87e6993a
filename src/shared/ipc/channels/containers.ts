import { z } from 'zod'
import { channel } from '../define'
import type { OperationSnapshot } from './operations'
import { isIpAddress, type PortMapping, type PortProtocol } from '../../docker/ports'
import { restartPolicies, type RunOptions } from '../../docker/run-command'

export type ContainerState = 'created' | 'running' | 'paused' | 'restarting' | 'removing' | 'exited' | 'dead'

export interface PublishedPort {
  hostIp: string
  hostPort: number
  containerPort: number
  protocol: PortProtocol
  /**
   * The link main made, http://localhost:8888, for a TCP port of an engine on this machine: the only URLs
   * app.openExternal opens. Null for UDP/SCTP and for a remote engine (its ports are open there, not here).
   */
  url: string | null
}

export interface ContainerSummary {
  id: string
  name: string
  image: string
  state: ContainerState
  /** The engine's own words, e.g. "Up 3 minutes", "Exited (0) 2 seconds ago". */
  status: string
  exitCode: number | null
  ports: PublishedPort[]
  /** Epoch milliseconds. */
  created: number
  /** The ID of the image the container runs (`sha256:…`). */
  imageId?: string
  /** Set when the container runs an older build of a tag: the tag now names another image. */
  outdated?: { tag: string }
  /** Set when Slipway's Stop stopped it; killedAfterTimeout when the app ignored SIGTERM and Docker sent SIGKILL. */
  stoppedOnRequest?: { killedAfterTimeout: boolean }
}

/** What Slipway did that made a container exit. */
export type StopReason = 'stop' | 'restart' | 'remove' | 'recreate' | 'delete-image'

/** Whether a container's exit was asked for by Slipway (no alarm then), and how it went. */
export type ExitCause = { requested: false } | { requested: true; reason: StopReason; killedAfterTimeout: boolean }

/** A form ready to show: from an image (its exposed ports) or from a container (its settings). */
export interface RunPrefill {
  options: RunOptions
  /** The image's EXPOSE'd ports, e.g. `5000/tcp`. */
  exposedPorts: string[]
  /** Set when prefilled from a container ("Recreate with changes"). */
  fromContainer?: { id: string; name: string }
  /**
   * Podman picks a random host port (`-p 127.0.0.1::7000`) when it creates the container and records it in the
   * container's settings, so the prefill cannot tell a chosen port from a picked one (Docker picks at each start).
   */
  hostPortsFixedAtCreate?: boolean
}

export interface PortConflict {
  /** Index of the mapping in the input. */
  index: number
  message: string
  suggestedPort: number | null
}

export interface NetworkInfo {
  name: string
  driver: string
}

export interface LogLine {
  stream: 'stdout' | 'stderr'
  text: string
  /** RFC 3339 timestamp from the engine. */
  time: string
}

const id = z.string().min(1).max(256)
const shortText = z.string().max(4096)
const portNumber = z.number().int().min(1).max(65535)

/** How many mappings one port check may try (each binds sockets on this machine): a range of 1,000 ports fits. */
export const MAX_PORTS_PER_CHECK = 1024

export const portMappingSchema = z
  .object({
    // An IP literal, as `docker run -p` takes it: never a name main would look up.
    hostIp: z
      .string()
      .max(64)
      .refine((ip) => ip === '' || isIpAddress(ip), { message: 'The host IP must be an IP address like 127.0.0.1 or ::1, or empty for all addresses.' }),
    hostPort: portNumber.nullable(),
    containerPort: portNumber,
    protocol: z.enum(['tcp', 'udp', 'sctp'])
  })
  .strict()

const keyValue = z.object({ key: z.string().min(1).max(1024), value: z.string().max(65536) }).strict()
/** An env var; a secret one is masked on screen and never stored by Slipway. */
const envVar = keyValue.extend({ secret: z.boolean().optional() }).strict()

export const runOptionsSchema = z
  .object({
    image: z.string().min(1).max(512),
    name: z.string().max(255),
    ports: z.array(portMappingSchema).max(2048),
    publishAll: z.boolean(),
    env: z.array(envVar).max(1000),
    mounts: z
      .array(
        z
          .object({
            type: z.enum(['bind', 'volume']),
            source: z.string().min(1).max(4096),
            target: z.string().min(1).max(4096),
            readOnly: z.boolean()
          })
          .strict()
      )
      .max(100),
    command: z.array(shortText).max(1000).nullable(),
    entrypoint: z.array(shortText).max(100).nullable(),
    workingDir: z.string().max(4096),
    user: z.string().max(256),
    restart: z.enum(restartPolicies),
    autoRemove: z.boolean(),
    network: z.string().max(256),
    labels: z.array(keyValue).max(1000)
  })
  .strict()

// The schema and the shared types must describe the same shape.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never
const _runOptionsMatch: Same<z.infer<typeof runOptionsSchema>, RunOptions> = true
const _portMappingMatch: Same<z.infer<typeof portMappingSchema>, PortMapping> = true
void _runOptionsMatch
void _portMappingMatch

const byId = z.object({ id }).strict()
const none = z.object({}).strict()

export const containersChannels = {
  list: channel(z.object({ all: z.boolean() }).strict()).returns<ContainerSummary[]>(),
  start: channel(byId).returns<void>(),
  stop: channel(byId).returns<void>(),
  restart: channel(byId).returns<void>(),
  /** Asks the person first; false when they cancelled. */
  remove: channel(byId).returns<boolean>(),
  /** `docker inspect`, pretty-printed. */
  inspect: channel(byId).returns<string>(),
  /** The `docker run …` that recreates this container. */
  runCommand: channel(byId).returns<string>(),
  prefillFromImage: channel(z.object({ image: z.string().min(1).max(512) }).strict()).returns<RunPrefill>(),
  prefillFromContainer: channel(byId).returns<RunPrefill>(),
  /** Host ports in use by another program or another container; `ignoreContainer` is the one being recreated. */
  checkPorts: channel(
    z
      .object({
        ports: z
          .array(portMappingSchema)
          .max(MAX_PORTS_PER_CHECK, { message: `Slipway checks at most ${MAX_PORTS_PER_CHECK} port mappings at a time; publish fewer ports (or a smaller range) per container.` }),
        ignoreContainer: id.optional()
      })
      .strict()
  ).returns<PortConflict[]>(),
  /** null when the name is free (or empty), else what to do. */
  checkName: channel(z.object({ name: z.string().max(255), ignoreContainer: id.optional() }).strict()).returns<string | null>(),
  listNetworks: channel(none).returns<NetworkInfo[]>(),
  /** Creates and starts a container; nothing is left behind when it cannot start. */
  run: channel(z.object({ options: runOptionsSchema }).strict()).returns<{ id: string; name: string }>(),
  /** Replaces a container with one made from these options, after the person confirms; null when they cancelled. */
  recreate: channel(z.object({ id, options: runOptionsSchema }).strict()).returns<{ id: string; name: string } | null>(),
  /** Reads a .env file the person picks; null when they cancelled. */
  importEnvFile: channel(none).returns<{ path: string; env: { key: string; value: string }[] } | null>(),
  /** A host folder for a bind mount; null when cancelled. */
  chooseFolder: channel(none).returns<string | null>(),
  /**
   * Follows a container's log as an operation: its lines come as `operationProgress` items; it ends by itself
   * when the container stops, or with `operations.cancel`.
   */
  followLogs: channel(z.object({ id, tail: z.number().int().min(0).max(10_000_000).nullable() }).strict()).returns<OperationSnapshot<'logs'>>(),
  /** Whether Slipway asked for the container's latest exit (a stop, remove, recreate or image delete). */
  exitCause: channel(byId).returns<ExitCause>(),
  /** The last lines of a container's log (for the exit notice). */
  tailLogs: channel(z.object({ id, lines: z.number().int().min(1).max(1000) }).strict()).returns<LogLine[]>(),
  /** Writes the whole log to a file the person picks; null when cancelled. */
  saveLogs: channel(z.object({ id, timestamps: z.boolean() }).strict()).returns<string | null>()
}
