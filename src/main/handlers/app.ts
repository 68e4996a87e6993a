import { isRulePageUrl } from '../../shared/dockerfile/lint'
import type { MainContext } from '../context'
import { requireOfferedLink } from '../docker/containers/links'
import type { Handlers } from '../ipc'

export function appHandlers(ctx: MainContext): Handlers['app'] {
  return {
    info: async () => ({ version: ctx.appVersion, platform: ctx.environment.platform }),
    openExternal: async ({ url }) => {
      // A lint rule's documentation page, or a link Slipway offered for a container's port.
      if (!isRulePageUrl(url)) await requireOfferedLink(ctx.engine, url)
      await ctx.openExternal(url)
    }
  }
}
