// The links to published ports that Slipway opens in the browser: exactly those the container list offers.
import type Dockerode from 'dockerode'
import type { ConnectionState } from '../../../shared/ipc/channels/engine'
import { AppError } from '../../../shared/ipc/errors'
import { isAllowedExternalUrl } from '../../security'
import { listContainers } from '../containers'
import { engineIsLocal } from '../engine-locality'

/** The links the container list shows now for running containers (none for an engine on another machine). */
export async function listOfferedLinks(docker: Dockerode, local: boolean): Promise<Set<string>> {
  if (!local) return new Set()
  const running = await listContainers(docker, false, local)
  return new Set(running.flatMap((container) => container.ports.flatMap((port) => (port.url ? [port.url] : []))))
}

/** Refuses `url` unless it is a link offered now, computed again from the engine: never trusted from the page. */
export async function requireOfferedLink(engine: { state: ConnectionState; docker(): Dockerode }, url: string): Promise<void> {
  const state = engine.state
  if (!engineIsLocal(state)) {
    const host = state.status === 'connected' ? state.endpoint.host : ''
    throw new AppError(
      'forbidden',
      `The engine runs on another machine (${host}), so the ports its containers publish are open there, not here; Slipway does not open links to them. Refused ${url}.`
    )
  }
  const links = state.status === 'connected' ? await listOfferedLinks(engine.docker(), true) : new Set<string>()
  if (!isAllowedExternalUrl(url, links)) {
    throw new AppError('forbidden', `Slipway only opens http(s) links to ports your containers publish on this machine; refused ${url}.`)
  }
}
