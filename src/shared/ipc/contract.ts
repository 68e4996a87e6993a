import { event } from './define'
import { appChannels } from './channels/app'
import { engineChannels, type ConnectionState } from './channels/engine'

/**
 * Every channel, once. Request/response channels are grouped; the channel name
 * on the wire is `group.name` (e.g. `images.list`).
 */
export const contract = {
  app: appChannels,
  engine: engineChannels
}

/** Event channels from main to renderer; the name on the wire is `event:<key>`. */
export const events = {
  connectionState: event<ConnectionState>()
}

export type Contract = typeof contract
export type Events = typeof events
export type GroupName = keyof Contract
