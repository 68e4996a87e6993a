import type { AppServices } from '../app-services'
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
export function createHandlers(app: AppServices): Handlers {
  return {
    app: translatingEngineErrors(appHandlers(app)),
    engine: engineHandlers(app),
    dockerfile: dockerfileHandlers(app),
    images: translatingEngineErrors(imagesHandlers(app)),
    layers: translatingEngineErrors(layersHandlers(app)),
    containers: translatingEngineErrors(containersHandlers(app)),
    build: translatingEngineErrors(buildHandlers(app)),
    context: contextHandlers(app),
    operations: translatingEngineErrors(operationsHandlers(app)),
    registries: translatingEngineErrors(registriesHandlers(app))
  }
}
