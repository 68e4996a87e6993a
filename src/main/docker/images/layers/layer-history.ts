// Which history entry made which layer: the config's history lists every instruction, and those with
// `empty_layer` (ENV, EXPOSE, CMD, …) made no layer; the rest are the layers, in order.
import { parseCreatedBy } from '../image-history'
import type { ImageConfig } from './manifest'

export interface LayerInstruction {
  instruction: string
  text: string
  createdBy: string
}

export function layerInstructions(config: ImageConfig | null, layerCount: number): LayerInstruction[] {
  const made = (config?.history ?? []).filter((entry) => !entry.empty_layer)
  return Array.from({ length: layerCount }, (_, i) => {
    const entry = made.length === layerCount ? made[i] : undefined
    if (!entry) return { instruction: '(unknown)', text: '', createdBy: '' }
    const createdBy = entry.created_by ?? ''
    return { ...parseCreatedBy(createdBy, entry.comment ?? ''), createdBy }
  })
}
