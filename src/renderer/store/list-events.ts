// Which engine events change a list the app shows. Pure, so it is unit-tested; the live-list helper
// refetches a list only for the events its rule names.
import type { DockerEvent } from '../../shared/docker/events'

/** Image events that change `docker images`, and container events that change its In use column. */
const imageActions = new Set(['tag', 'untag', 'delete', 'pull', 'import', 'load', 'create', 'build'])
/** A tag moved to another image: Docker says `tag`/`untag`; Podman says only `build` when a build's `-t` moves it. */
const tagActions = new Set(['tag', 'untag', 'build'])
const containerActionsForImages = new Set(['create', 'destroy', 'start', 'die', 'pause', 'unpause', 'rename'])

/** Container events that change `docker ps -a`: exec and health probes (exec_start, …) do not. */
const containerActions = new Set(['create', 'destroy', 'start', 'stop', 'die', 'kill', 'pause', 'unpause', 'restart', 'rename', 'update', 'health_status', 'oom'])

/** Slipway's own `engine` event (reconnected, or another engine chosen) changes every list. */
function engineChanged(event: DockerEvent): boolean {
  return event.type === 'engine'
}

export function affectsImageList(event: DockerEvent): boolean {
  if (engineChanged(event)) return true
  if (event.type === 'image') return imageActions.has(event.action)
  if (event.type === 'container') return containerActionsForImages.has(event.action)
  return false
}

export function affectsContainerList(event: DockerEvent): boolean {
  if (engineChanged(event)) return true
  if (event.type !== 'container') return false
  // health_status arrives as "health_status: healthy"; exec events as "exec_start: sh -c …".
  const action = event.action.split(':')[0]!.trim()
  return containerActions.has(action)
}

/** A tag may now name another image: containers made from its older build become outdated. */
export function movesATag(event: DockerEvent): boolean {
  return event.type === 'image' && tagActions.has(event.action)
}
