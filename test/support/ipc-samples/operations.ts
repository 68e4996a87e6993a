/** Valid inputs of the operations channels (see ../ipc-samples.ts). */
export const operationsSamples: Record<string, unknown> = {
  'operations.cancel': { id: '5f0c1d9e-3a7b-4c2d-9e8f-0a1b2c3d4e5f' },
  'operations.list': {}
}
