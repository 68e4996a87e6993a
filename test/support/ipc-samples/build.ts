/** A valid input for every `build.*` channel, keyed by wire name. */
export const buildSamples: Record<string, unknown> = {
  'build.start': {
    dockerfileText: 'FROM slipway-test/busybox:latest\n',
    dockerfilePath: '/home/me/app/Dockerfile',
    contextDir: '/home/me/app',
    tags: ['myname/myfirstapp:1.0'],
    buildArgs: [{ name: 'VERSION', value: '1' }],
    target: 'build',
    noCache: false,
    pull: false,
    builder: 'classic'
  },
  'build.cancel': { id: 'b1' },
  'build.list': {},
  'build.get': { id: 'b1' },
  'build.inspectContext': { contextDir: '/home/me/app', dockerfilePath: '/home/me/app/Dockerfile' },
  'build.addToDockerignore': { contextDir: '/home/me/app', patterns: ['node_modules'] },
  'build.chooseContext': { defaultPath: '/home/me/app' },
  'build.capabilities': {}
}
