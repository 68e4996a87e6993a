// Removing a container once the person agreed, in words computed from the engine (never from the page).
import type Dockerode from 'dockerode'
import { displayContainerName } from '../../../shared/docker/container-name'
import type { Dialogs } from '../../dialogs'
import { removeContainer } from '../containers'

/** What main asks before removing a container. */
export function removeQuestion(name: string, running: boolean): Parameters<Dialogs['confirm']>[0] {
  const lost = 'Files written inside the container are lost; the image and named volumes stay.'
  return {
    message: `Remove container "${name}"?`,
    detail: running ? `It is running: Slipway stops it first. ${lost}` : lost,
    buttons: ['Remove', 'Cancel'],
    boundary: true
  }
}

/** Removes container `id` (stopping it first) when the person agrees; false when they did not. */
export async function removeAfterConfirm(docker: Dockerode, dialogs: Pick<Dialogs, 'confirm'>, id: string): Promise<boolean> {
  const info = await docker.getContainer(id).inspect()
  if ((await dialogs.confirm(removeQuestion(displayContainerName(info.Name), info.State.Running))) !== 0) return false
  await removeContainer(docker, id)
  return true
}
