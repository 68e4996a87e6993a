import type { MainContext } from '../context'
import { listDockerContexts } from '../docker/connection'
import type { Handlers } from '../ipc'

export function engineHandlers(ctx: MainContext): Handlers['engine'] {
  return {
    status: async () => ctx.engine.state,
    retry: async () => ctx.engine.connect(),
    listContexts: async () => {
      const [contexts, settings] = await Promise.all([listDockerContexts(ctx.environment), ctx.settings.get()])
      return { contexts, chosen: settings.engineContext }
    },
    useContext: async ({ name }) => {
      await ctx.settings.update({ engineContext: name })
      return ctx.engine.connect()
    }
  }
}
