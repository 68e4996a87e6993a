import type { AppServices } from '../app-services'
import { listDockerContexts } from '../docker/engine-resolution'
import type { Handlers } from '../ipc'

export function engineHandlers(app: AppServices): Handlers['engine'] {
  return {
    status: async () => app.engine.state,
    retry: async () => app.engine.connect(),
    listContexts: async () => {
      const [contexts, settings] = await Promise.all([listDockerContexts(app.environment), app.settings.get()])
      return { contexts, chosen: settings.engineContext }
    },
    useContext: async ({ name }) => {
      await app.settings.update({ engineContext: name })
      return app.engine.connect()
    }
  }
}
