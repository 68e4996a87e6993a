import type { MainContext } from '../context'
import type { Handlers } from '../ipc'
import { registryCredentials } from '../registry'
import { logIn, logOut } from '../registry/login'
import { startPush } from '../registry/push'
import { UpdateWatch } from '../registry/update-watch'

export function registriesHandlers(ctx: MainContext): Handlers['registries'] {
  const credentials = registryCredentials(ctx)
  const updates = new UpdateWatch({ engine: ctx.engine, credentials, emit: (results) => ctx.emit('imageUpdates', results) })
  return {
    list: async () => {
      const { file, logins, problems } = await credentials.list()
      return { configFile: file, logins, problems }
    },
    login: async (request) => logIn(ctx.engine.docker(), credentials, request),
    logout: async ({ registry }) => logOut(credentials, registry),
    push: async ({ reference, source }) => startPush(ctx.operations, ctx.engine.docker(), credentials, { reference, ...(source ? { source } : {}) }),
    checkUpdates: async ({ references }) => updates.check(references),
    updates: async () => updates.list()
  }
}
