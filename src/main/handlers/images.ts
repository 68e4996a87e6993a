import { formatBytes } from '../../shared/format'
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
import { describeDeletePlan } from '../docker/images/delete'
import { listSome } from '../grants'
import type { Handlers } from '../ipc'

export function imagesHandlers(ctx: MainContext): Handlers['images'] {
  const ports = new ExposedPortsCache()
  return {
    list: async ({ dangling }) => listImages(ctx.engine.docker(), { dangling: dangling ?? false }),
    exposedPorts: async ({ ids }) => ports.get(ctx.engine.docker(), ids),
    inspect: async ({ image }) => inspectImage(ctx.engine.docker(), image),
    planDelete: async ({ targets }) => planDelete(ctx.engine.docker(), targets),
    // Main confirms with what it computed from the engine: the page's own dialog is an explanation, not the check.
    remove: async (request) =>
      executeDelete(ctx.engine.docker(), request, async (plan) => {
        const { message, lines } = describeDeletePlan(plan)
        await ctx.grants.confirm({
          message,
          detail: `${listSome(lines).join('\n')}\n\nThis cannot be undone.`,
          accept: 'Delete',
          refused: 'Nothing was deleted: the delete was not confirmed.'
        })
      }),
    prunePreview: async ({ mode, label }) => previewPrune(ctx.engine.docker(), mode, label),
    prune: async ({ mode, label, ids }) =>
      pruneImages(ctx.engine.docker(), mode, ids, label, async (going) => {
        const lines = going.map((c) => `• ${c.tags.length ? `${c.tags.join(', ')} (${c.shortId})` : c.shortId}, ${formatBytes(c.uniqueSize)}`)
        await ctx.grants.confirm({
          message: `Prune ${going.length === 1 ? '1 image' : `${going.length} images`}?`,
          detail: `${listSome(lines).join('\n')}\n\nThey are deleted from the engine; this cannot be undone.`,
          accept: 'Prune',
          refused: 'Nothing was pruned: the prune was not confirmed.'
        })
      }),
    pull: async ({ reference }) => startPull(ctx.operations, ctx.engine.docker(), reference),
    tag: async ({ source, target }) => tagImage(ctx.engine.docker(), source, target)
  }
}
