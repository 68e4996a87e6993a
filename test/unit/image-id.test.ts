import { describe, expect, it } from 'vitest'
import { imageLabel, shortImageId } from '../../src/shared/docker/image-id'

const id = 'sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef'

describe('image IDs as Docker shows them', () => {
  it('shortens a full ID, with or without its sha256: prefix, to 12 hex digits', () => {
    expect(shortImageId(id)).toBe('0123456789ab')
    expect(shortImageId(id.slice('sha256:'.length))).toBe('0123456789ab')
  })

  it('labels an ID by its short form and leaves a reference as it is', () => {
    expect(imageLabel(id)).toBe('0123456789ab')
    expect(imageLabel('registry.example:5000/team/app:1.0')).toBe('registry.example:5000/team/app:1.0')
  })
})
