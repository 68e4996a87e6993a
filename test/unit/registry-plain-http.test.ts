import { describe, expect, it } from 'vitest'
import { plainHttpAdvice } from '../../src/main/registry/plain-http'
import { describePullError } from '../../src/main/docker/images/pull'
import { describePushError } from '../../src/main/registry/push'
import { explainBuildError } from '../../src/main/docker/build/run-build'

// What Podman 5.4 says when a registry on 127.0.0.1 is not marked insecure in registries.conf.
const PODMAN =
  'initializing source docker://127.0.0.1:5000/me/app:1: pinging container registry 127.0.0.1:5000: Get "https://127.0.0.1:5000/v2/": http: server gave HTTP response to HTTPS client'

describe('a registry answering plain HTTP to HTTPS', () => {
  it('says which registries.conf entry makes Podman use HTTP, for pulls, pushes and build base images', () => {
    const advice = plainHttpAdvice('127.0.0.1:5000/me/app:1', PODMAN)!
    expect(advice).toContain('add [[registry]] location = "127.0.0.1:5000" insecure = true to /etc/containers/registries.conf')
    expect(describePullError('127.0.0.1:5000/me/app:1', PODMAN)).toBe(advice)
    expect(describePushError('127.0.0.1:5000/me/app:1', PODMAN, true)).toBe(advice)
    expect(explainBuildError(PODMAN, ['127.0.0.1:5000/me/app:1'])).toBe(advice)
  })

  it('leaves other failures to their own messages', () => {
    expect(plainHttpAdvice('127.0.0.1:5000/me/app:1', 'manifest unknown')).toBeNull()
  })
})
