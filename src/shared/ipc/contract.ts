import { event } from './define'
import { appChannels } from './channels/app'
import { buildChannels } from './channels/build'
import { containersChannels } from './channels/containers'
import { contextChannels } from './channels/context'
import { dockerfileChannels } from './channels/dockerfile'
import { engineChannels, type ConnectionState } from './channels/engine'
import { imagesChannels } from './channels/images'
import { layersChannels } from './channels/layers'
import { operationsChannels, operationsEvents } from './channels/operations'
import { registriesChannels, registriesEvents } from './channels/registries'
import type { DockerEvent } from '../docker/events'

/**
 * Every channel, once. Request/response channels are grouped; the channel name
 * on the wire is `group.name` (e.g. `images.list`).
 */
export const contract = {
  app: appChannels,
  engine: engineChannels,
  dockerfile: dockerfileChannels,
  images: imagesChannels,
  layers: layersChannels,
  containers: containersChannels,
  build: buildChannels,
  context: contextChannels,
  operations: operationsChannels,
  registries: registriesChannels
}

/** Event channels from main to renderer; the name on the wire is `event:<key>`. */
export const events = {
  connectionState: event<ConnectionState>(),
  /** Engine events in small batches (from the /events stream), for live lists. */
  dockerEvents: event<DockerEvent[]>(),
  ...operationsEvents,
  ...registriesEvents
}

export type Contract = typeof contract
export type Events = typeof events
export type GroupName = keyof Contract
