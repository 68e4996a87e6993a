import type { MainContext } from '../context'
import type { Handlers } from '../ipc'
import { buildCapabilities, resolveBuilder } from '../docker/build/builder-choice'
import { confirmBuildAccess } from '../docker/build/build-access'
import { BuildHistory } from '../docker/build/history'
import { BuildManager } from '../docker/build/manager'
import { reportBuildProgress } from '../docker/build/progress-operation'
import { prepareBuild } from '../docker/build/request'
import { confirmBuildContext } from '../host-access'
import { dockerfileDirReadable, requireFullPath } from './context'
import { buildCredentialsLookup, registryCredentials } from '../registry'

export function buildHandlers(ctx: MainContext): Handlers['build'] {
  const manager = new BuildManager({
    docker: () => ctx.engine.docker(),
    history: new BuildHistory(ctx.dataDir),
    emit: reportBuildProgress(ctx.operations, (id) => manager.cancel(id))
  })
  return {
    start: async (request) => {
      requireFullPath(request.contextDir)
      const builder = resolveBuilder(request.builder, buildCapabilities(ctx.engine.state))
      const prepared = prepareBuild({ ...request, builder })
      await confirmBuildContext(ctx.grants, request.contextDir)
      await confirmBuildAccess(ctx.grants, request)
      prepared.dockerfileDirReadable = await dockerfileDirReadable(ctx, request.contextDir, request.dockerfilePath)
      prepared.credentials = buildCredentialsLookup(registryCredentials(ctx))
      return manager.start(prepared)
    },
    cancel: async ({ id }) => manager.cancel(id),
    list: () => manager.list(),
    get: ({ id }) => manager.get(id),
    capabilities: async () => buildCapabilities(ctx.engine.state)
  }
}
