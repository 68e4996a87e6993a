import { buildSamples } from './ipc-samples/build'
import { containersSamples } from './ipc-samples/containers'
import { contextSamples } from './ipc-samples/context'
import { dockerfileSamples } from './ipc-samples/dockerfile'
import { foundationSamples } from './ipc-samples/foundation'
import { imagesSamples } from './ipc-samples/images'
import { layersSamples } from './ipc-samples/layers'
import { operationsSamples } from './ipc-samples/operations'
import { registriesSamples } from './ipc-samples/registries'

/**
 * One valid input for every contract channel (wire name → input). The IPC tests derive malformed
 * inputs from these, and fail when a channel has no sample, so a new channel cannot go untested.
 */
export const validInputs: Record<string, unknown> = {
  ...foundationSamples,
  ...dockerfileSamples,
  ...imagesSamples,
  ...layersSamples,
  ...containersSamples,
  ...buildSamples,
  ...contextSamples,
  ...operationsSamples,
  ...registriesSamples
}
