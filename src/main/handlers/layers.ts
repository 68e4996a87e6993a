import path from 'node:path'
import type { AppServices } from '../app-services'
import { ImageFiles, LayerIndexCache } from '../docker/images/layers'
import type { Handlers } from '../ipc'

export function layersHandlers(app: AppServices): Handlers['layers'] {
  const files = new ImageFiles(new LayerIndexCache(path.join(app.dataDir, 'image-files')), app.startIndexWorker)
  return {
    plan: async ({ image }) => files.plan(app.engine.docker(), image),
    index: async ({ image }) => files.index(app.operations, app.engine.docker(), image),
    summary: async ({ imageId }) => files.summary(imageId),
    files: async ({ imageId, layer, view }) => files.files(imageId, layer, view),
    readFile: async ({ imageId, layer, path: file }) => files.readFile(app.engine.docker(), imageId, layer, file),
    saveFile: async ({ imageId, layer, path: file }) => files.saveFile(app.engine.docker(), app.dialogs, imageId, layer, file),
    compare: async ({ base, other }) => files.compare(base, other)
  }
}
