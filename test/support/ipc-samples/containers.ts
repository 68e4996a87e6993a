/** A valid input for every `containers.*` channel, keyed by wire name. */
export const containersSamples: Record<string, unknown> = {}
