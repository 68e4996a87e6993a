// Wasted space as dive computes it: each path's sizes in every layer that touches it (a removal counts 0:
// the bytes it leaves behind are the earlier versions'), efficiency = Σ of each path's smallest size ÷ Σ of
// all its sizes. Folders carry no bytes and are left out.
import type { ChangeKind, WastedPath } from '../../../../shared/ipc/channels/layers'

export interface Occurrence {
  layer: number
  size: number
  change: ChangeKind
}

export interface WasteFigures {
  efficiency: number
  wastedBytes: number
  diveWastedBytes: number
  /** Every path that more than one layer touches and that wastes bytes, largest waste first. */
  wasted: WastedPath[]
}

export function computeWaste(occurrences: ReadonlyMap<string, readonly Occurrence[]>): WasteFigures {
  let smallest = 0
  let total = 0
  let diveWasted = 0
  const wasted: WastedPath[] = []
  for (const [path, list] of occurrences) {
    let sum = 0
    let min = Infinity
    for (const o of list) {
      sum += o.size
      if (o.size < min) min = o.size
    }
    smallest += min
    total += sum
    if (list.length < 2) continue
    diveWasted += sum
    if (sum - min > 0) wasted.push({ path: `/${path}`, wastedBytes: sum - min, totalBytes: sum, layers: list.map((o) => ({ ...o })) })
  }
  wasted.sort((a, b) => b.wastedBytes - a.wastedBytes || (a.path < b.path ? -1 : 1))
  return { efficiency: total === 0 ? 1 : smallest / total, wastedBytes: total - smallest, diveWastedBytes: diveWasted, wasted }
}
