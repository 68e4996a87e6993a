// Which Dockerfile block made each layer, for an image built in Slipway: the build's steps (each with its line)
// matched to the layers from the newest down, by instruction, within the last stage. Steps that made no layer
// (ENV, EXPOSE, a WORKDIR whose folder existed) are passed over; the layers left below come from the base image.
import type { BuildRecord, BuildStep } from '../../../../shared/ipc/channels/build'
import type { LayerInfo } from '../../../../shared/ipc/channels/layers'

const keywordOf = (step: BuildStep): string => step.instruction.trimStart().split(/\s/, 1)[0]!.toUpperCase()

/** For each layer (oldest first), the 1-based line of the instruction that made it, or null (a base image's layer). */
export function layerLines(layers: readonly Pick<LayerInfo, 'instruction'>[], steps: readonly BuildStep[]): (number | null)[] {
  const lines: (number | null)[] = layers.map(() => null)
  let stageStart = -1
  steps.forEach((step, i) => {
    if (keywordOf(step) === 'FROM') stageStart = i
  })
  let step = steps.length - 1
  for (let layer = layers.length - 1; layer >= 0; layer--) {
    const made = layers[layer]!.instruction
    while (step > stageStart && keywordOf(steps[step]!) !== made) step--
    if (step <= stageStart) break
    lines[layer] = steps[step]!.line
    step--
  }
  return lines
}

/** The newest successful build that made this image, if Slipway built it. */
export function buildOfImage(records: Iterable<BuildRecord>, imageId: string): BuildRecord | null {
  let found: BuildRecord | null = null
  for (const record of records) {
    if (record.status === 'succeeded' && record.imageId === imageId && (!found || record.startedAt > found.startedAt)) found = record
  }
  return found
}
