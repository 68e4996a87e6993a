import type { MainContext } from '../context'
import {
  ExposedPortsCache,
  PullTracker,
  executeDelete,
  inspectImage,
  listImages,
  planDelete,
  previewPrune,
  pruneImages,
  tagImage
} from '../docker/images'
import type { Handlers } from '../ipc'

export function imagesHandlers(ctx: MainContext): Handlers['images'] {
  const ports = new ExposedPortsCache()
  const pulls = new PullTracker()
  return {
    list: async ({ dangling }) => listImages(ctx.engine.docker(), { dangling: dangling ?? false }),
    exposedPorts: async ({ ids }) => ports.get(ctx.engine.docker(), ids),
    inspect: async ({ image }) => inspectImage(ctx.engine.docker(), image),
    planDelete: async ({ targets }) => planDelete(ctx.engine.docker(), targets),
    remove: async (request) => executeDelete(ctx.engine.docker(), request),
    prunePreview: async ({ mode, label }) => previewPrune(ctx.engine.docker(), mode, label),
    prune: async ({ mode, label, ids }) => pruneImages(ctx.engine.docker(), mode, ids, label),
    pull: async ({ reference, pullId }) => pulls.pull(ctx.engine.docker(), reference, pullId),
    pullProgress: async ({ pullId }) => pulls.progress(pullId),
    tag: async ({ source, target }) => tagImage(ctx.engine.docker(), source, target)
  }
}
