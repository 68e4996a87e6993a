import path from 'node:path'
import type { MainContext } from '../context'
import type { Handlers } from '../ipc'
import { AppError } from '../../shared/ipc/errors'
import type { BuildCapabilities } from '../../shared/ipc/channels/build'
import { largestFolders, walkContext } from '../docker/build/context'
import { addPatternsToDockerignore } from '../docker/build/dockerignore-edit'
import { BuildHistory } from '../docker/build/history'
import { BuildManager } from '../docker/build/manager'
import { reportBuildProgress } from '../docker/build/progress-operation'
import { confirmBuildContext, requireListable } from '../host-access'

const WARN_ABOVE_BYTES = 100 * 1000 * 1000

/** Whether the connected engine takes BuildKit builds (`version=2`) over the plain API. */
export function buildCapabilities(ctx: MainContext): BuildCapabilities {
  const state = ctx.engine.state
  if (state.status !== 'connected') return { builders: ['classic'], buildkitNote: 'Not connected to an engine.' }
  const [major = 0, minor = 0] = state.engine.apiVersion.split('.').map(Number)
  if (state.engine.name !== 'Docker Engine' || state.engine.os !== 'linux' || major < 1 || (major === 1 && minor < 39)) {
    return { builders: ['classic'], buildkitNote: `${state.engine.name} ${state.engine.version} builds with the classic builder only.` }
  }
  return {
    builders: ['classic', 'buildkit'],
    buildkitNote: 'Without a BuildKit session, this engine receives the Dockerfile inside the build context, so COPY . also copies it (as a hidden .slipway.Dockerfile.* file).'
  }
}

/** A relative context would be read from wherever the app was started. */
function requireFullPath(contextDir: string): void {
  if (!path.isAbsolute(contextDir)) {
    throw new AppError('invalid-input', `The build context "${contextDir}" is not a full path. Choose the folder with Choose…, or type its full path, like /home/me/myapp.`)
  }
}

export function buildHandlers(ctx: MainContext): Handlers['build'] {
  const manager = new BuildManager({
    docker: () => ctx.engine.docker(),
    history: new BuildHistory(ctx.dataDir),
    emit: reportBuildProgress(ctx.operations, (id) => manager.cancel(id))
  })
  return {
    start: async (request) => {
      requireFullPath(request.contextDir)
      await confirmBuildContext(ctx.grants, request.contextDir)
      return manager.start(request)
    },
    cancel: async ({ id }) => manager.cancel(id),
    list: () => manager.list(),
    get: ({ id }) => manager.get(id),
    inspectContext: async ({ contextDir }) => {
      requireFullPath(contextDir)
      await requireListable(ctx.grants, contextDir, 'Press Choose… to pick it')
      const walked = await walkContext(contextDir)
      return {
        contextDir: walked.contextDir,
        bytes: walked.bytes,
        files: walked.files,
        largestFolders: largestFolders(walked),
        hasDockerignore: walked.dockerignore !== null,
        warnAboveBytes: WARN_ABOVE_BYTES,
        warnings: walked.warnings
      }
    },
    addToDockerignore: async ({ contextDir, patterns }) => {
      requireFullPath(contextDir)
      await requireListable(ctx.grants, contextDir, 'Press Choose… to pick it')
      await addPatternsToDockerignore(contextDir, patterns)
    },
    chooseContext: async ({ defaultPath }) => {
      const folder = await ctx.dialogs.chooseFolder({ title: 'Choose the build context folder', ...(defaultPath ? { defaultPath } : {}) })
      if (folder) await ctx.grants.grantFolder(folder)
      return folder
    },
    capabilities: async () => buildCapabilities(ctx)
  }
}
