// Which builders an engine offers and which one builds by default: BuildKit through a session
// wherever the engine has it (Docker Engine on Linux, API 1.39 or later), the classic builder elsewhere.
import type Dockerode from 'dockerode'
import type { BuildCapabilities, BuilderKind } from '../../../shared/ipc/channels/build'
import type { ConnectionState, EngineInfo } from '../../../shared/ipc/channels/engine'
import { AppError } from '../../../shared/ipc/errors'
import { readEngineInfo } from '../engine-connection'

export function engineHasBuildKit(engine: EngineInfo): boolean {
  const [major = 0, minor = 0] = engine.apiVersion.split('.').map(Number)
  return engine.name === 'Docker Engine' && engine.os === 'linux' && (major > 1 || (major === 1 && minor >= 39))
}

/** Why an engine without BuildKit builds the way it does, and what that costs. */
function withoutBuildKitNote(engine: EngineInfo): string {
  if (engine.name === 'Podman Engine') {
    // Podman's Docker-compatible API answers POST /session with 404: its builder (Buildah) takes the context as a tar.
    return `${engine.name} ${engine.version} builds with its own builder (Buildah) through the classic build API: it has no BuildKit sessions, so build secrets (--secret) and ssh forwarding (--ssh) are not available. RUN --mount=type=cache and type=bind, heredocs and COPY --chmod work.`
  }
  return `${engine.name} ${engine.version} (API ${engine.apiVersion}) builds with the classic builder only: BuildKit sessions need Docker Engine 18.09 (API 1.39) or later on Linux.`
}

export function engineBuildCapabilities(engine: EngineInfo): BuildCapabilities {
  if (!engineHasBuildKit(engine)) return { builders: ['classic'], defaultBuilder: 'classic', buildkitNote: withoutBuildKitNote(engine) }
  return { builders: ['buildkit', 'classic'], defaultBuilder: 'buildkit' }
}

export function buildCapabilities(state: ConnectionState): BuildCapabilities {
  if (state.status !== 'connected') return { builders: ['classic'], defaultBuilder: 'classic', buildkitNote: 'Not connected to an engine.' }
  return engineBuildCapabilities(state.engine)
}

/** The builder a build without one uses on this engine (asks the engine what it is). */
export async function engineDefaultBuilder(docker: Dockerode): Promise<BuilderKind> {
  return engineBuildCapabilities(await readEngineInfo(docker, 10_000)).defaultBuilder
}

/** The builder a request builds with: the one asked for, when the engine has it, else the engine's default. */
export function resolveBuilder(requested: BuilderKind | undefined, capabilities: BuildCapabilities): BuilderKind {
  if (!requested) return capabilities.defaultBuilder
  if (!capabilities.builders.includes(requested)) {
    throw new AppError('invalid-input', `${capabilities.buildkitNote ?? 'This engine does not offer BuildKit.'} Choose the classic builder.`)
  }
  return requested
}
