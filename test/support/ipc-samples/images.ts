/** A valid input for every `images.*` channel, keyed by wire name. */
export const imagesSamples: Record<string, unknown> = {}
