import { describe, expect, it } from 'vitest'
import { applyPullEvent } from '../../src/main/docker/images/pull'
import type { PullProgress } from '../../src/shared/ipc/channels/images'

describe('pull progress per layer', () => {
  it('adds a layer on its first event, counts its bytes, fills its bar when done, and keeps overall messages apart', () => {
    const progress: PullProgress = { reference: 'busybox:latest', layers: [], status: '' }
    for (const event of [
      { id: 'latest', status: 'Pulling from library/busybox' },
      { id: 'a1', status: 'Pulling fs layer' },
      { id: 'a1', status: 'Downloading', progressDetail: { current: 100, total: 400 } },
      { id: 'b2', status: 'Already exists' },
      { id: 'a1', status: 'Download complete' },
      { status: 'Digest: sha256:abc' }
    ]) applyPullEvent(progress, event)
    expect(progress).toEqual({
      reference: 'busybox:latest',
      status: 'Digest: sha256:abc',
      layers: [
        { id: 'a1', status: 'Download complete', current: 400, total: 400 },
        { id: 'b2', status: 'Already exists', current: 0, total: 0 }
      ]
    })
  })
})
