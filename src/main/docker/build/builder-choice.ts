// Which builders an engine offers and which one builds by default: BuildKit through a session
// wherever the engine has it (Docker Engine on Linux, API 1.39 or later), the classic builder elsewhere.
import type { BuildCapabilities, BuilderKind } from '../../../shared/ipc/channels/build'
import type { ConnectionState, EngineInfo } from '../../../shared/ipc/channels/engine'
import { AppError } from '../../../shared/ipc/errors'

export function engineHasBuildKit(engine: EngineInfo): boolean {
  const [major = 0, minor = 0] = engine.apiVersion.split('.').map(Number)
  return engine.name === 'Docker Engine' && engine.os === 'linux' && (major > 1 || (major === 1 && minor >= 39))
}

export function buildCapabilities(state: ConnectionState): BuildCapabilities {
  if (state.status !== 'connected') return { builders: ['classic'], defaultBuilder: 'classic', buildkitNote: 'Not connected to an engine.' }
  if (!engineHasBuildKit(state.engine)) {
    return {
      builders: ['classic'],
      defaultBuilder: 'classic',
      buildkitNote: `${state.engine.name} ${state.engine.version} (API ${state.engine.apiVersion}) builds with the classic builder only: BuildKit sessions need Docker Engine 18.09 (API 1.39) or later on Linux.`
    }
  }
  return { builders: ['buildkit', 'classic'], defaultBuilder: 'buildkit' }
}

/** The builder a request builds with: the one asked for, when the engine has it, else the engine's default. */
export function resolveBuilder(requested: BuilderKind | undefined, capabilities: BuildCapabilities): BuilderKind {
  if (!requested) return capabilities.defaultBuilder
  if (!capabilities.builders.includes(requested)) {
    throw new AppError('invalid-input', `${capabilities.buildkitNote ?? 'This engine does not offer BuildKit.'} Choose the classic builder.`)
  }
  return requested
}
