import type { MainContext } from '../context'
import type { Handlers } from '../ipc'
import { appHandlers } from './app'
import { buildHandlers } from './build'
import { containersHandlers } from './containers'
import { dockerfileHandlers } from './dockerfile'
import { engineHandlers } from './engine'
import { imagesHandlers } from './images'
import { operationsHandlers } from './operations'

/** Every handler group; each lives in its own module. */
export function createHandlers(ctx: MainContext): Handlers {
  return {
    app: appHandlers(ctx),
    engine: engineHandlers(ctx),
    dockerfile: dockerfileHandlers(ctx),
    images: imagesHandlers(ctx),
    containers: containersHandlers(ctx),
    build: buildHandlers(ctx),
    operations: operationsHandlers(ctx)
  }
}
