// The build channels: each entry is `name: channel(zodSchema).returns<ResultType>()`.
export const buildChannels = {}

/** Event channels of builds (e.g. progress batches); spread into the contract's events. */
export const buildEvents = {}
export type BuildEvents = typeof buildEvents
