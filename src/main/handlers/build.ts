import type { AppServices } from '../app-services'
import type { Handlers } from '../ipc'
import { buildCapabilities, resolveBuilder } from '../docker/build/builder-choice'
import { confirmBuildAccess } from '../docker/build/build-access'
import { BuildHistory } from '../docker/build/build-history'
import { BuildManager } from '../docker/build/manager'
import { reportBuildProgress } from '../docker/build/progress-operation'
import { prepareBuild } from '../docker/build/request'
import { confirmBuildContext } from '../host-access'
import { dockerfileDirReadable, requireFullPath } from './context'
import { buildCredentialsLookup, registryCredentials } from '../registry'

export function buildHandlers(app: AppServices): Handlers['build'] {
  const manager = new BuildManager({
    docker: () => app.engine.docker(),
    history: new BuildHistory(app.dataDir),
    emit: reportBuildProgress(app.operations, (id) => manager.cancel(id))
  })
  return {
    start: async (request) => {
      requireFullPath(request.contextDir)
      const builder = resolveBuilder(request.builder, buildCapabilities(app.engine.state))
      const prepared = prepareBuild({ ...request, builder })
      await confirmBuildContext(app.grants, request.contextDir)
      await confirmBuildAccess(app.grants, request)
      prepared.dockerfileDirReadable = await dockerfileDirReadable(app, request.contextDir, request.dockerfilePath)
      prepared.credentials = buildCredentialsLookup(registryCredentials(app))
      return manager.start(prepared)
    },
    cancel: async ({ id }) => manager.cancel(id),
    list: () => manager.list(),
    get: ({ id }) => manager.get(id),
    capabilities: async () => buildCapabilities(app.engine.state)
  }
}
