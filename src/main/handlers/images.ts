import type { AppServices } from '../app-services'
import {
  ExposedPortsCache,
  executeDelete,
  inspectImage,
  listImages,
  planDelete,
  previewPrune,
  pruneImages,
  startPull,
  tagImage
} from '../docker/images'
import { confirmDelete, confirmPrune } from '../docker/images/confirm'
import type { Handlers } from '../ipc'
import { registryCredentials } from '../registry'

export function imagesHandlers(app: AppServices): Handlers['images'] {
  const ports = new ExposedPortsCache()
  return {
    list: async ({ dangling }) => listImages(app.engine.docker(), { dangling: dangling ?? false }),
    exposedPorts: async ({ ids }) => ports.get(app.engine.docker(), ids),
    inspect: async ({ image }) => inspectImage(app.engine.docker(), image),
    planDelete: async ({ targets }) => planDelete(app.engine.docker(), targets),
    remove: async (request) => executeDelete(app.engine.docker(), request, confirmDelete(app.grants)),
    prunePreview: async ({ mode, label }) => previewPrune(app.engine.docker(), mode, label),
    prune: async ({ mode, label, ids }) => pruneImages(app.engine.docker(), mode, ids, label, confirmPrune(app.grants)),
    pull: async ({ reference }) => startPull(app.operations, app.engine.docker(), reference, registryCredentials(app)),
    tag: async ({ source, target }) => tagImage(app.engine.docker(), source, target)
  }
}
