// Which Dockerfile block made each layer: a build's steps matched to the image's layers (newest first, last
// stage only), and the build that made an image.
import { describe, expect, it } from 'vitest'
import type { BuildRecord, BuildStep } from '../../src/shared/ipc/channels/build'
import { buildOfImage, layerLines } from '../../src/renderer/components/images/files/dockerfile-blocks'

const steps = (...instructions: string[]): BuildStep[] => instructions.map((instruction, i) => ({ index: i + 1, line: i + 1, instruction, state: 'done' }))
const layers = (...instructions: string[]) => instructions.map((instruction) => ({ instruction }))

describe('layerLines', () => {
  it('links the layers the last stage made, passing over steps that made none, and leaves the base image alone', () => {
    const built = steps('FROM debian', 'WORKDIR /app', 'COPY . .', 'ENV A=1', 'RUN make', 'CMD ["app"]')
    // The base image's own RUN and COPY stay unlinked; the WORKDIR made no layer (its folder existed).
    expect(layerLines(layers('ADD', 'RUN', 'COPY', 'RUN'), built)).toEqual([null, null, 3, 5])
    // A WORKDIR that made its folder is a layer too.
    expect(layerLines(layers('ADD', 'WORKDIR', 'COPY', 'RUN'), built)).toEqual([null, 2, 3, 5])
  })

  it('reads only the last stage of a multi-stage build', () => {
    const built = steps('ARG V=1', 'FROM golang AS build', 'RUN go build', 'FROM busybox', 'COPY --from=build /out /app')
    expect(layerLines(layers('ADD', 'COPY'), built)).toEqual([null, 5])
  })

  it('links nothing when the layers do not follow the steps', () => {
    expect(layerLines(layers('ADD', '(unknown)'), steps('FROM busybox', 'RUN true'))).toEqual([null, null])
    expect(layerLines(layers('ADD', 'RUN'), [])).toEqual([null, null])
  })
})

describe('buildOfImage', () => {
  const record = (id: string, imageId: string | undefined, startedAt: number, status: BuildRecord['status'] = 'succeeded') =>
    ({ id, imageId, startedAt, status, steps: [] }) as unknown as BuildRecord
  it('is the newest successful build of that image', () => {
    const id = `sha256:${'a'.repeat(64)}`
    const records = [record('old', id, 1), record('new', id, 3), record('failed', id, 4, 'failed'), record('other', `sha256:${'b'.repeat(64)}`, 5)]
    expect(buildOfImage(records, id)?.id).toBe('new')
    expect(buildOfImage(records, `sha256:${'c'.repeat(64)}`)).toBeNull()
  })
})
