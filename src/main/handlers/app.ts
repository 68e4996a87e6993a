import type { MainContext } from '../context'
import { requireOfferedLink } from '../docker/containers/links'
import type { Handlers } from '../ipc'

export function appHandlers(ctx: MainContext): Handlers['app'] {
  return {
    info: async () => ({ version: ctx.appVersion, platform: ctx.environment.platform }),
    openExternal: async ({ url }) => {
      await requireOfferedLink(ctx.engine, url)
      await ctx.openExternal(url)
    }
  }
}
