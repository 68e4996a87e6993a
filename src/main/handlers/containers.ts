import { readFile, stat } from 'node:fs/promises'
import path from 'node:path'
import { parse as parseDotenv } from 'dotenv'
import { AppError } from '../../shared/ipc/errors'
import type { MainContext } from '../context'
import {
  inspectContainer,
  listContainers,
  prefillFromContainer,
  prefillFromImage,
  removeContainer,
  restartContainer,
  runCommandForContainer,
  startContainer,
  stopContainer
} from '../docker/containers'
import { formatLogFile, readContainerLogs, startLogFollow } from '../docker/logs'
import { findPortConflicts } from '../docker/port-check'
import { isLocalEngineHost } from '../docker/port-links'
import { checkBindSources, checkContainerName, recreateContainer, runContainer, validateRunOptions } from '../docker/run'
import { writeFileAtomic } from '../files/atomic'
import { confirmRunAccess, grantAgreed, reviewRunAccess, runAccessDetail } from '../host-access'
import type { Handlers } from '../ipc'

const ENV_FILE_MAX_BYTES = 1_000_000

/** Whether the engine runs on this machine, so binding a port here tells whether the engine could. */
function engineIsLocal(ctx: MainContext): boolean {
  const state = ctx.engine.state
  if (state.status !== 'connected') return true
  return isLocalEngineHost(state.endpoint.host)
}

export function containersHandlers(ctx: MainContext): Handlers['containers'] {
  return {
    list: async ({ all }) => listContainers(ctx.engine.docker(), all, engineIsLocal(ctx)),
    start: async ({ id }) => startContainer(ctx.engine.docker(), id),
    stop: async ({ id }) => stopContainer(ctx.engine.docker(), id),
    restart: async ({ id }) => restartContainer(ctx.engine.docker(), id),
    remove: async ({ id }) => {
      const docker = ctx.engine.docker()
      const info = await docker.getContainer(id).inspect()
      const name = info.Name.replace(/^\//, '')
      const choice = await ctx.dialogs.confirm({
        message: `Remove container "${name}"?`,
        detail: info.State.Running
          ? 'It is running: Slipway stops it first. Files written inside the container are lost; the image and named volumes stay.'
          : 'Files written inside the container are lost; the image and named volumes stay.',
        buttons: ['Remove', 'Cancel'],
        boundary: true
      })
      if (choice !== 0) return false
      await removeContainer(docker, id)
      return true
    },
    inspect: async ({ id }) => inspectContainer(ctx.engine.docker(), id),
    runCommand: async ({ id }) => runCommandForContainer(ctx.engine.docker(), id),
    prefillFromImage: async ({ image }) => prefillFromImage(ctx.engine.docker(), image, engineIsLocal(ctx)),
    prefillFromContainer: async ({ id }) => prefillFromContainer(ctx.engine.docker(), id),
    checkPorts: async ({ ports, ignoreContainer }) =>
      findPortConflicts(ctx.engine.docker(), ports, { engineIsLocal: engineIsLocal(ctx), ...(ignoreContainer ? { ignoreContainer } : {}) }),
    checkName: async ({ name, ignoreContainer }) => checkContainerName(ctx.engine.docker(), name, ignoreContainer),
    listNetworks: async () => {
      const networks = await ctx.engine.docker().listNetworks()
      return networks.map((n) => ({ name: n.Name, driver: n.Driver })).sort((a, b) => a.name.localeCompare(b.name))
    },
    run: async ({ options }) => {
      const local = engineIsLocal(ctx)
      if (local) await checkBindSources(options.mounts)
      validateRunOptions(options)
      await confirmRunAccess(ctx.grants, options, local)
      return runContainer(ctx.engine.docker(), options)
    },
    recreate: async ({ id, options }) => {
      const local = engineIsLocal(ctx)
      if (local) await checkBindSources(options.mounts)
      validateRunOptions(options)
      const docker = ctx.engine.docker()
      // The plan comes from the engine, not the page: which container goes, and what the new one gets.
      const info = await docker.getContainer(id).inspect()
      const name = info.Name.replace(/^\//, '')
      const access = await reviewRunAccess(ctx.grants, options, local)
      const replacing = info.HostConfig.AutoRemove
        ? `Slipway stops "${name}" (it removes itself when stopped), then runs the new container. Files written inside the old container are lost.`
        : `Slipway stops "${name}", runs the new container, and removes the old one only once the new one started. If the new one fails, the old one is put back.`
      const choice = await ctx.dialogs.confirm({
        message: `Replace container "${name}" with the changed one?`,
        detail: access.needsConfirm ? `${replacing}\n\nThe new container gets access to this computer:\n${runAccessDetail(access)}` : replacing,
        buttons: ['Replace', 'Cancel'],
        boundary: true
      })
      if (choice !== 0) return null
      await grantAgreed(ctx.grants, access)
      return recreateContainer(docker, id, options)
    },
    importEnvFile: async () => {
      const file = await ctx.dialogs.openFile({ title: 'Import environment variables from a .env file', filters: [{ name: 'Environment files', extensions: ['env', 'txt', '*'] }] })
      if (!file) return null
      const size = (await stat(file)).size
      if (size > ENV_FILE_MAX_BYTES) throw new AppError('invalid-input', `${path.basename(file)} is ${Math.round(size / 1024)} KB; a .env file for Slipway can be at most 1 MB.`)
      let parsed: Record<string, string>
      try {
        parsed = parseDotenv(await readFile(file, 'utf8'))
      } catch (error) {
        throw new AppError('io-error', `Could not read ${file}: ${(error as Error).message}`)
      }
      const env = Object.entries(parsed).map(([key, value]) => ({ key, value }))
      if (env.length === 0) throw new AppError('invalid-input', `${path.basename(file)} has no variables. Each line should look like NAME=value.`)
      return { path: file, env }
    },
    chooseFolder: async () => {
      const folder = await ctx.dialogs.chooseFolder({ title: 'Choose a host folder to mount' })
      if (folder) await ctx.grants.grantFolder(folder)
      return folder
    },
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
