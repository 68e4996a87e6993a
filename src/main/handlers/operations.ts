import type { AppServices } from '../app-services'
import type { Handlers } from '../ipc'

export function operationsHandlers(app: AppServices): Handlers['operations'] {
  return {
    cancel: async ({ id }) => app.operations.cancel(id),
    list: async () => app.operations.list()
  }
}
