/** One event of the engine's pull or push progress stream (JSON messages, one per line). */
export interface LayerProgressEvent {
  id?: string
  status?: string
  progressDetail?: { current?: number; total?: number }
  error?: string
  errorDetail?: { message?: string }
}

interface LayerState {
  id: string
  status: string
  current: number
  total: number
}

/**
 * Applies an event that names a layer to that layer's state, adding it the first time. The engine sends no
 * byte count once a layer is done, so a status that `done` matches fills its bar.
 */
export function applyLayerEvent(layers: LayerState[], id: string, event: LayerProgressEvent, done: RegExp): void {
  const status = event.status ?? ''
  let layer = layers.find((l) => l.id === id)
  if (!layer) {
    layer = { id, status, current: 0, total: 0 }
    layers.push(layer)
  }
  layer.status = status
  if (event.progressDetail?.total) {
    layer.current = event.progressDetail.current ?? 0
    layer.total = event.progressDetail.total
  } else if (done.test(status) && layer.total) {
    layer.current = layer.total
  }
}
