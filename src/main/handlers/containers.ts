import type { MainContext } from '../context'
import {
  inspectContainer,
  listContainers,
  prefillFromContainer,
  prefillFromImage,
  restartContainer,
  runCommandForContainer,
  startContainer,
  stopContainer
} from '../docker/containers'
import { listNetworks } from '../docker/containers/networks'
import { removeAfterConfirm } from '../docker/containers/remove'
import { replaceRequested, runRequested, type RunRequestContext } from '../docker/containers/run-request'
import { engineIsLocal } from '../docker/engine-locality'
import { formatLogFile, readContainerLogs, startLogFollow } from '../docker/logs'
import { findPortConflicts } from '../docker/port-check'
import { checkContainerName } from '../docker/run'
import { writeFileAtomic } from '../files/atomic'
import { importEnvFile } from '../files/env-file'
import { chooseGrantedFolder } from '../files/folder-choice'
import type { Handlers } from '../ipc'

export function containersHandlers(ctx: MainContext): Handlers['containers'] {
  const local = () => engineIsLocal(ctx.engine.state)
  const runContext = (): RunRequestContext => ({ docker: ctx.engine.docker(), engineIsLocal: local(), grants: ctx.grants, dialogs: ctx.dialogs })

  return {
    list: async ({ all }) => listContainers(ctx.engine.docker(), all, local()),
    start: async ({ id }) => startContainer(ctx.engine.docker(), id),
    stop: async ({ id }) => stopContainer(ctx.engine.docker(), id),
    restart: async ({ id }) => restartContainer(ctx.engine.docker(), id),
    remove: async ({ id }) => removeAfterConfirm(ctx.engine.docker(), ctx.dialogs, id),
    inspect: async ({ id }) => inspectContainer(ctx.engine.docker(), id),
    runCommand: async ({ id }) => runCommandForContainer(ctx.engine.docker(), id),
    prefillFromImage: async ({ image }) => prefillFromImage(ctx.engine.docker(), image, local()),
    prefillFromContainer: async ({ id }) => prefillFromContainer(ctx.engine.docker(), id),
    checkPorts: async ({ ports, ignoreContainer }) =>
      findPortConflicts(ctx.engine.docker(), ports, { engineIsLocal: local(), ...(ignoreContainer ? { ignoreContainer } : {}) }),
    checkName: async ({ name, ignoreContainer }) => checkContainerName(ctx.engine.docker(), name, ignoreContainer),
    listNetworks: async () => listNetworks(ctx.engine.docker()),
    run: async ({ options }) => runRequested(runContext(), options),
    recreate: async ({ id, options }) => replaceRequested(runContext(), id, options),
    importEnvFile: async () => importEnvFile(ctx.dialogs),
    chooseFolder: async () => chooseGrantedFolder(ctx.dialogs, ctx.grants, { title: 'Choose a host folder to mount' }),
    followLogs: async ({ id, tail }) => startLogFollow(ctx.operations, ctx.engine.docker(), id, tail),
    tailLogs: async ({ id, lines }) => readContainerLogs(ctx.engine.docker(), id, lines),
    saveLogs: async ({ id, timestamps }) => {
      const docker = ctx.engine.docker()
      const name = (await docker.getContainer(id).inspect()).Name.replace(/^\//, '')
      const file = await ctx.dialogs.saveFile({ title: 'Save the container log', defaultPath: `${name}.log`, filters: [{ name: 'Log files', extensions: ['log', 'txt'] }] })
      if (!file) return null
      await writeFileAtomic(file, formatLogFile(await readContainerLogs(docker, id, null), timestamps))
      return file
    }
  }
}
