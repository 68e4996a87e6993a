import path from 'node:path'
import type { MainContext } from '../context'
import { ImageFiles, LayerIndexCache } from '../docker/images/layers'
import type { Handlers } from '../ipc'

export function layersHandlers(ctx: MainContext): Handlers['layers'] {
  const files = new ImageFiles(new LayerIndexCache(path.join(ctx.dataDir, 'image-files')))
  return {
    plan: async ({ image }) => files.plan(ctx.engine.docker(), image),
    index: async ({ image }) => files.index(ctx.operations, ctx.engine.docker(), image),
    summary: async ({ imageId }) => files.summary(imageId),
    files: async ({ imageId, layer, view }) => files.files(imageId, layer, view),
    readFile: async ({ imageId, layer, path: file }) => files.readFile(ctx.engine.docker(), imageId, layer, file),
    saveFile: async ({ imageId, layer, path: file }) => files.saveFile(ctx.engine.docker(), ctx.dialogs, imageId, layer, file),
    compare: async ({ base, other }) => files.compare(base, other)
  }
}
