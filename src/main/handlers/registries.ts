import type { AppServices } from '../app-services'
import type { Handlers } from '../ipc'
import { registryCredentials } from '../registry'
import { logIn, logOut } from '../registry/login'
import { startPush } from '../registry/push'
import { UpdateWatch } from '../registry/update-watch'

export function registriesHandlers(app: AppServices): Handlers['registries'] {
  const credentials = registryCredentials(app)
  const updates = new UpdateWatch({ engine: app.engine, credentials, emit: (results) => app.emit('imageUpdates', results) })
  app.onDispose(() => updates.dispose())
  return {
    list: async () => {
      const { file, logins, problems } = await credentials.list()
      return { configFile: file, logins, problems }
    },
    login: async (request) => logIn(app.engine.docker(), credentials, request),
    logout: async ({ registry }) => logOut(credentials, registry),
    push: async ({ reference, source }) => startPush(app.operations, app.engine.docker(), credentials, { reference, ...(source ? { source } : {}) }),
    checkUpdates: async ({ references }) => updates.check(references),
    updates: async () => updates.list()
  }
}
