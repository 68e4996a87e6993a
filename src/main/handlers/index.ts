import type { MainContext } from '../context'
import { translatingEngineErrors } from '../docker/errors'
import type { Handlers } from '../ipc'
import { appHandlers } from './app'
import { buildHandlers } from './build'
import { containersHandlers } from './containers'
import { contextHandlers } from './context'
import { dockerfileHandlers } from './dockerfile'
import { engineHandlers } from './engine'
import { imagesHandlers } from './images'
import { layersHandlers } from './layers'
import { operationsHandlers } from './operations'
import { registriesHandlers } from './registries'

/**
 * Every handler group; each lives in its own module. The groups that call the engine say its errors in the
 * app's words (files say theirs where they are read); anything else reaches the guard as an internal error.
 */
export function createHandlers(ctx: MainContext): Handlers {
  return {
    app: translatingEngineErrors(appHandlers(ctx)),
    engine: engineHandlers(ctx),
    dockerfile: dockerfileHandlers(ctx),
    images: translatingEngineErrors(imagesHandlers(ctx)),
    layers: translatingEngineErrors(layersHandlers(ctx)),
    containers: translatingEngineErrors(containersHandlers(ctx)),
    build: translatingEngineErrors(buildHandlers(ctx)),
    context: contextHandlers(ctx),
    operations: translatingEngineErrors(operationsHandlers(ctx)),
    registries: translatingEngineErrors(registriesHandlers(ctx))
  }
}
