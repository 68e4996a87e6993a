import type { MainContext } from '../context'
import type { Handlers } from '../ipc'

export function operationsHandlers(ctx: MainContext): Handlers['operations'] {
  return {
    cancel: async ({ id }) => ctx.operations.cancel(id),
    list: async () => ctx.operations.list()
  }
}
