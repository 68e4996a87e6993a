import type { MainContext } from '../context'
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

export function imagesHandlers(ctx: MainContext): Handlers['images'] {
  const ports = new ExposedPortsCache()
  return {
    list: async ({ dangling }) => listImages(ctx.engine.docker(), { dangling: dangling ?? false }),
    exposedPorts: async ({ ids }) => ports.get(ctx.engine.docker(), ids),
    inspect: async ({ image }) => inspectImage(ctx.engine.docker(), image),
    planDelete: async ({ targets }) => planDelete(ctx.engine.docker(), targets),
    remove: async (request) => executeDelete(ctx.engine.docker(), request, confirmDelete(ctx.grants)),
    prunePreview: async ({ mode, label }) => previewPrune(ctx.engine.docker(), mode, label),
    prune: async ({ mode, label, ids }) => pruneImages(ctx.engine.docker(), mode, ids, label, confirmPrune(ctx.grants)),
    pull: async ({ reference }) => startPull(ctx.operations, ctx.engine.docker(), reference, registryCredentials(ctx)),
    tag: async ({ source, target }) => tagImage(ctx.engine.docker(), source, target)
  }
}
