import type { AppServices } from '../app-services'
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
import { exitCauseOf } from '../docker/containers/stop-requests'
import { replaceRequested, runRequested, type RunRequestContext } from '../docker/containers/run-request'
import { engineIsLocal } from '../docker/engine-locality'
import { formatLogFile, readContainerLogs, startLogFollow } from '../docker/logs'
import { findPortConflicts } from '../docker/port-check'
import { checkContainerName } from '../docker/run'
import { writeFileAtomic } from '../files/atomic'
import { importEnvFile } from '../files/env-file'
import { chooseGrantedFolder } from '../files/folder-choice'
import type { Handlers } from '../ipc'

export function containersHandlers(app: AppServices): Handlers['containers'] {
  const local = () => engineIsLocal(app.engine.state)
  const runContext = (): RunRequestContext => ({ docker: app.engine.docker(), engineIsLocal: local(), grants: app.grants, dialogs: app.dialogs })

  return {
    list: async ({ all }) => listContainers(app.engine.docker(), all, local()),
    start: async ({ id }) => startContainer(app.engine.docker(), id),
    stop: async ({ id }) => stopContainer(app.engine.docker(), id),
    restart: async ({ id }) => restartContainer(app.engine.docker(), id),
    remove: async ({ id }) => removeAfterConfirm(app.engine.docker(), app.dialogs, id),
    inspect: async ({ id }) => inspectContainer(app.engine.docker(), id),
    runCommand: async ({ id }) => runCommandForContainer(app.engine.docker(), id),
    prefillFromImage: async ({ image }) => prefillFromImage(app.engine.docker(), image, local()),
    prefillFromContainer: async ({ id }) => prefillFromContainer(app.engine.docker(), id),
    checkPorts: async ({ ports, ignoreContainer }) =>
      findPortConflicts(app.engine.docker(), ports, { engineIsLocal: local(), ...(ignoreContainer ? { ignoreContainer } : {}) }),
    checkName: async ({ name, ignoreContainer }) => checkContainerName(app.engine.docker(), name, ignoreContainer),
    listNetworks: async () => listNetworks(app.engine.docker()),
    run: async ({ options }) => runRequested(runContext(), options),
    recreate: async ({ id, options }) => replaceRequested(runContext(), id, options),
    importEnvFile: async () => importEnvFile(app.dialogs),
    chooseFolder: async () => chooseGrantedFolder(app.dialogs, app.grants, { title: 'Choose a host folder to mount' }),
    followLogs: async ({ id, tail }) => startLogFollow(app.operations, app.engine.docker(), id, tail),
    exitCause: async ({ id }) => exitCauseOf(id),
    tailLogs: async ({ id, lines }) => readContainerLogs(app.engine.docker(), id, lines),
    saveLogs: async ({ id, timestamps }) => {
      const docker = app.engine.docker()
      const name = (await docker.getContainer(id).inspect()).Name.replace(/^\//, '')
      const file = await app.dialogs.saveFile({ title: 'Save the container log', defaultPath: `${name}.log`, filters: [{ name: 'Log files', extensions: ['log', 'txt'] }] })
      if (!file) return null
      await writeFileAtomic(file, formatLogFile(await readContainerLogs(docker, id, null), timestamps))
      return file
    }
  }
}
