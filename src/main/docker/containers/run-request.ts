// A run or a replace as the page asks for it: checked, confirmed by main when it gives the container access
// to this computer or replaces one, then done on the engine. The plan comes from the engine, not the page.
import type Dockerode from 'dockerode'
import { displayContainerName } from '../../../shared/docker/container-name'
import type { RunOptions } from '../../../shared/docker/run-command'
import type { Dialogs } from '../../dialogs'
import type { HostGrants } from '../../grants'
import { confirmRunAccess, grantAgreed, reviewRunAccess, runAccessDetail } from '../../host-access'
import { checkBindSources, recreateContainer, runContainer, validateRunOptions } from '../run'

export interface RunRequestContext {
  docker: Dockerode
  /** On a remote engine, host paths are that machine's: they cannot be checked here. */
  engineIsLocal: boolean
  grants: HostGrants
  dialogs: Pick<Dialogs, 'confirm'>
}

async function checkRunOptions(options: RunOptions, engineIsLocal: boolean): Promise<void> {
  if (engineIsLocal) await checkBindSources(options.mounts)
  validateRunOptions(options)
}

export async function runRequested(run: RunRequestContext, options: RunOptions): Promise<{ id: string; name: string }> {
  await checkRunOptions(options, run.engineIsLocal)
  await confirmRunAccess(run.grants, options, run.engineIsLocal)
  return runContainer(run.docker, options)
}

/** What main asks before replacing a container; `access` is the host access the new one gets, when any. */
export function replaceQuestion(name: string, autoRemove: boolean, access: string | null): Parameters<Dialogs['confirm']>[0] {
  const replacing = autoRemove
    ? `Slipway stops "${name}" (it removes itself when stopped), then runs the new container. Files written inside the old container are lost.`
    : `Slipway stops "${name}", runs the new container, and removes the old one only once the new one started. If the new one fails, the old one is put back.`
  return {
    message: `Replace container "${name}" with the changed one?`,
    detail: access ? `${replacing}\n\nThe new container gets access to this computer:\n${access}` : replacing,
    buttons: ['Replace', 'Cancel'],
    boundary: true
  }
}

/** Replaces container `id` with one run from `options`, once the person agreed; null when they did not. */
export async function replaceRequested(run: RunRequestContext, id: string, options: RunOptions): Promise<{ id: string; name: string } | null> {
  await checkRunOptions(options, run.engineIsLocal)
  const info = await run.docker.getContainer(id).inspect()
  const access = await reviewRunAccess(run.grants, options, run.engineIsLocal)
  const question = replaceQuestion(displayContainerName(info.Name), info.HostConfig.AutoRemove ?? false, access.needsConfirm ? runAccessDetail(access) : null)
  if ((await run.dialogs.confirm(question)) !== 0) return null
  await grantAgreed(run.grants, access)
  return recreateContainer(run.docker, id, options)
}
