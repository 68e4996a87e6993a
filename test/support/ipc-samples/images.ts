/** A valid input for every `images.*` channel, keyed by wire name. */
export const imagesSamples: Record<string, unknown> = {
  'images.list': { dangling: true },
  'images.exposedPorts': { ids: ['sha256:0123456789abcdef'] },
  'images.inspect': { image: 'busybox:latest' },
  'images.planDelete': { targets: ['myapp:1.0'] },
  'images.remove': { targets: ['myapp:1.0'], expectSignature: ['sha256:0123|image|myapp:1.0'], removeContainers: [] },
  'images.prunePreview': { mode: 'dangling', label: 'com.slipway.test=1' },
  'images.prune': { mode: 'unused', ids: ['sha256:0123456789abcdef'] },
  'images.pull': { reference: 'ubuntu:latest' },
  'images.tag': { source: 'sha256:0123456789abcdef', target: 'myname/myfirstapp:1.0' }
}
