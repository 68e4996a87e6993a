/** A valid input for every `context.*` channel, keyed by wire name. */
export const contextSamples: Record<string, unknown> = {
  'context.inspect': { contextDir: '/home/me/app', dockerfilePath: '/home/me/app/Dockerfile', builder: 'buildkit' },
  'context.choose': { defaultPath: '/home/me/app' },
  'context.addIgnore': { contextDir: '/home/me/app', patterns: ['node_modules'] }
}
