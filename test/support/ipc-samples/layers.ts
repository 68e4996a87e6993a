/** Valid inputs of the layers channels (see ../ipc-samples.ts). */
const imageId = `sha256:${'ab'.repeat(32)}`

export const layersSamples: Record<string, unknown> = {
  'layers.plan': { image: 'alpine:3.20' },
  'layers.index': { image: 'alpine:3.20' },
  'layers.summary': { imageId },
  'layers.files': { imageId, layer: 0, view: 'image' },
  'layers.readFile': { imageId, layer: 1, path: '/etc/os-release' },
  'layers.saveFile': { imageId, layer: 1, path: '/etc/os-release' },
  'layers.compare': { base: imageId, other: `sha256:${'cd'.repeat(32)}` }
}
