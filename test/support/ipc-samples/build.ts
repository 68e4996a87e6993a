/** A valid input for every `build.*` channel, keyed by wire name. */
export const buildSamples: Record<string, unknown> = {}
