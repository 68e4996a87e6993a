// Podman's Docker-compatible API names images fully and leaves sha256: off some IDs; the app reads both
// engines' answers as Docker shows them (values recorded from Podman 5.4.2).
import { describe, expect, it } from 'vitest'
import type Dockerode from 'dockerode'
import { asDockerListsImage, familiarName, withIdAlgorithm } from '../../src/main/docker/images/engine-names'

const HEX = 'e1784a754847edb0119bffb593bdc7dd595fae708aa14a674907c59f05433b3b'

describe('image names and IDs as Docker shows them', () => {
  it('shortens docker.io names and keeps others', () => {
    expect(familiarName('docker.io/library/busybox:latest')).toBe('busybox:latest')
    expect(familiarName('docker.io/slipway-test/busybox:latest')).toBe('slipway-test/busybox:latest')
    expect(familiarName(`docker.io/me/app@sha256:${HEX}`)).toBe(`me/app@sha256:${HEX}`)
    expect(familiarName('127.0.0.1:5000/me/app:1')).toBe('127.0.0.1:5000/me/app:1')
    expect(familiarName('busybox:latest')).toBe('busybox:latest')
    expect(familiarName('<none>:<none>')).toBe('<none>:<none>')
  })

  it('adds sha256: to a bare image ID only', () => {
    expect(withIdAlgorithm(HEX)).toBe(`sha256:${HEX}`)
    expect(withIdAlgorithm(`sha256:${HEX}`)).toBe(`sha256:${HEX}`)
    expect(withIdAlgorithm('')).toBe('')
  })

  it("reads a Podman list entry as Docker's", () => {
    const podman = { Id: `sha256:${HEX}`, ParentId: HEX, RepoTags: ['docker.io/library/app:1'], RepoDigests: [`docker.io/library/app@sha256:${HEX}`] } as Dockerode.ImageInfo
    expect(asDockerListsImage(podman)).toMatchObject({ ParentId: `sha256:${HEX}`, RepoTags: ['app:1'], RepoDigests: [`app@sha256:${HEX}`] })
  })
})
