/** A valid input for every `dockerfile.*` channel, keyed by wire name. */
export const dockerfileSamples: Record<string, unknown> = {}
