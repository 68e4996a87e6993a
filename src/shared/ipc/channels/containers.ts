// The containers channels: each entry is `name: channel(zodSchema).returns<ResultType>()`.
export const containersChannels = {}

/** Event channels of containers (e.g. log batches); spread into the contract's events. */
export const containersEvents = {}
export type ContainersEvents = typeof containersEvents
