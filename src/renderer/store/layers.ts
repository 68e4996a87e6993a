// Inside images (the Files view): each image's export plan and indexed summary, the indexing operations
// (which live in store/operations.ts, like every long operation), and what main reads from an index.
import { create } from 'zustand'
import type { ExportPlan, FilePreview, FileRow, ImageComparison, ImageFilesSummary } from '../../shared/ipc/channels/layers'
import type { OperationSnapshot } from '../../shared/ipc/channels/operations'
import { errorMessage } from '../../shared/ipc/errors'
import { api } from '../api'
import { ensureOperationEvents, onOperationUpdates, useOperations } from './operations'

interface LayersState {
  /** By the reference or ID the view asked about. */
  plans: Record<string, ExportPlan>
  /** By image ID. */
  summaries: Record<string, ImageFilesSummary>
  /** Image ID → the indexing operation's id. */
  indexing: Record<string, string>
  errors: Record<string, string>
  /** The image's ID and export size, and whether it is indexed (then its summary is loaded too). */
  plan(image: string): Promise<ExportPlan | null>
  /** Starts indexing (or joins the running one); the summary arrives when the operation finishes. */
  index(imageId: string): Promise<OperationSnapshot<'layers'> | null>
  /** The image's summary: from the store, or by indexing it and waiting for the operation to end. */
  summaryOf(imageId: string): Promise<ImageFilesSummary>
  files(imageId: string, layer: number, view: 'layer' | 'image'): Promise<FileRow[]>
  readFile(imageId: string, layer: number, path: string): Promise<FilePreview>
  saveFile(imageId: string, layer: number, path: string): Promise<{ savedTo: string } | null>
  compare(base: string, other: string): Promise<ImageComparison>
}

/** Resolves with the operation once the store has it ended. */
function operationEnd(id: string): Promise<OperationSnapshot> {
  return new Promise((resolve) => {
    const check = (records: Readonly<Record<string, OperationSnapshot>>) => {
      const record = records[id]
      if (!record || record.state === 'running') return false
      unsubscribe()
      resolve(record)
      return true
    }
    const unsubscribe = useOperations.subscribe((s) => check(s.records))
    check(useOperations.getState().records)
  })
}

let following = false
/** A finished indexing operation brings its summary, whichever view started it. */
function followIndexing(): void {
  if (following) return
  following = true
  onOperationUpdates('layers', (update) => {
    const imageId = update.status.imageId
    if (update.state === 'finished' && update.result) {
      useLayers.setState((s) => ({ summaries: { ...s.summaries, [imageId]: update.result! } }))
    } else if (update.state === 'failed') {
      useLayers.setState((s) => ({ errors: { ...s.errors, [imageId]: update.error ?? 'Reading the image failed.' } }))
    }
  })
}

export const useLayers = create<LayersState>((set, get) => ({
  plans: {},
  summaries: {},
  indexing: {},
  errors: {},
  async plan(image) {
    followIndexing()
    try {
      const plan = await api.layers.plan({ image })
      set((s) => ({ plans: { ...s.plans, [image]: plan } }))
      if (plan.indexed && !get().summaries[plan.imageId]) {
        const summary = await api.layers.summary({ imageId: plan.imageId })
        if (summary) set((s) => ({ summaries: { ...s.summaries, [plan.imageId]: summary } }))
      }
      return plan
    } catch (error) {
      set((s) => ({ errors: { ...s.errors, [image]: errorMessage(error) } }))
      return null
    }
  },
  async index(imageId) {
    followIndexing()
    ensureOperationEvents()
    set((s) => {
      const { [imageId]: _cleared, ...errors } = s.errors
      return { errors }
    })
    try {
      const started = await api.layers.index({ image: imageId })
      useOperations.setState((s) => (s.records[started.id] ? s : { records: { ...s.records, [started.id]: started } }))
      set((s) => ({ indexing: { ...s.indexing, [imageId]: started.id } }))
      if (started.state === 'finished' && started.result) set((s) => ({ summaries: { ...s.summaries, [imageId]: started.result! } }))
      return started
    } catch (error) {
      set((s) => ({ errors: { ...s.errors, [imageId]: errorMessage(error) } }))
      return null
    }
  },
  async summaryOf(imageId) {
    const known = get().summaries[imageId]
    if (known) return known
    const started = await get().index(imageId)
    if (!started) throw new Error(get().errors[imageId] ?? 'Could not read the image.')
    const ended = started.state !== 'running' ? started : await operationEnd(started.id)
    if (ended.state === 'finished' && ended.kind === 'layers' && ended.result) return ended.result
    throw new Error(ended.error ?? `Reading the image was ${ended.state}.`)
  },
  files: (imageId, layer, view) => api.layers.files({ imageId, layer, view }),
  readFile: (imageId, layer, path) => api.layers.readFile({ imageId, layer, path }),
  saveFile: (imageId, layer, path) => api.layers.saveFile({ imageId, layer, path }),
  compare: (base, other) => api.layers.compare({ base, other })
}))
