import type { AppServices } from '../app-services'
import * as images from '../docker/images'
import { confirmDelete, confirmPrune } from '../docker/images/confirm'
import type { Handlers } from '../ipc'
import { registryCredentials } from '../registry'

export function imagesHandlers(app: AppServices): Handlers['images'] {
  const ports = new images.ExposedPortsCache()
  return {
    list: async ({ dangling }) => images.listImages(app.engine.docker(), { dangling: dangling ?? false }),
    exposedPorts: async ({ ids }) => ports.get(app.engine.docker(), ids),
    inspect: async ({ image }) => images.inspectImage(app.engine.docker(), image),
    planDelete: async ({ targets }) => images.planDelete(app.engine.docker(), targets),
    remove: async (request) => images.executeDelete(app.engine.docker(), request, confirmDelete(app.grants)),
    prunePreview: async ({ mode, label }) => images.previewPrune(app.engine.docker(), mode, label),
    prune: async ({ mode, label, ids }) => images.pruneImages(app.engine.docker(), mode, ids, label, confirmPrune(app.grants)),
    pull: async ({ reference }) => images.startPull(app.operations, app.engine.docker(), reference, registryCredentials(app)),
    tag: async ({ source, target }) => images.tagImage(app.engine.docker(), source, target)
  }
}
