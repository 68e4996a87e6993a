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
    builder: 'buildkit',
    secrets: [
      { id: 'npmrc', file: '/home/me/.npmrc' },
      { id: 'token', env: 'GITHUB_TOKEN' }
    ],
    ssh: true
  },
  'build.cancel': { id: 'b1' },
  'build.list': {},
  'build.get': { id: 'b1' },
  'build.capabilities': {}
}
