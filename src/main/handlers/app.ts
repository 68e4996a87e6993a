import { AppError } from '../../shared/ipc/errors'
import type { MainContext } from '../context'
import { isLocalEngineHost, listPublishedPortHrefs } from '../docker/port-links'
import type { Handlers } from '../ipc'
import { isAllowedExternalUrl } from '../security'

export function appHandlers(ctx: MainContext): Handlers['app'] {
  return {
    info: async () => ({ version: ctx.appVersion, platform: ctx.environment.platform }),
    openExternal: async ({ url }) => {
      const state = ctx.engine.state
      if (state.status === 'connected' && !isLocalEngineHost(state.endpoint.host)) {
        throw new AppError(
          'forbidden',
          `The engine runs on another machine (${state.endpoint.host}), so the ports its containers publish are open there, not here; Slipway does not open links to them. Refused ${url}.`
        )
      }
      // The links are computed again now, from the engine: never trusted from the page that asks.
      const hrefs = state.status === 'connected' ? await listPublishedPortHrefs(ctx.engine.docker(), true) : new Set<string>()
      if (!isAllowedExternalUrl(url, hrefs)) {
        throw new AppError('forbidden', `Slipway only opens http(s) links to ports your containers publish on this machine; refused ${url}.`)
      }
      await ctx.openExternal(url)
    }
  }
}
