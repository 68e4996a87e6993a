import type { MainContext } from '../context'
import type { Handlers } from '../ipc'
import { appHandlers } from './app'
import { engineHandlers } from './engine'

/** Every handler group; each lives in its own module. */
export function createHandlers(ctx: MainContext): Handlers {
  return {
    app: appHandlers(ctx),
    engine: engineHandlers(ctx)
  }
}
