import Dockerode from 'dockerode'
import { describe, expect, it } from 'vitest'
import { exportRequestFor } from '../../src/main/docker/images/layers/export-request'

const ID = 'sha256:0123abcd'

describe('the image export as a request the index worker sends itself', () => {
  it('goes to the engine socket, at the API version the client pins', () => {
    expect(exportRequestFor(new Dockerode({ socketPath: '/run/docker.sock', version: 'v1.41' }), ID)).toEqual({
      protocol: 'http',
      socketPath: '/run/docker.sock',
      path: '/v1.41/images/sha256%3A0123abcd/get',
      headers: {}
    })
  })

  it('goes to a TCP engine with the client TLS files', () => {
    const docker = new Dockerode({ host: '10.0.0.5', port: 2376, protocol: 'https', ca: 'CA', cert: 'CERT', key: 'KEY' })
    expect(exportRequestFor(docker, 'web:1')).toEqual({
      protocol: 'https',
      hostname: '10.0.0.5',
      port: 2376,
      path: '/images/web%3A1/get',
      headers: {},
      ca: 'CA',
      cert: 'CERT',
      key: 'KEY'
    })
    expect(exportRequestFor(new Dockerode({ host: '10.0.0.5', port: 2375, protocol: 'http' }), ID)).toMatchObject({ protocol: 'http', hostname: '10.0.0.5', port: 2375 })
  })

  it('is left to the main thread for ssh:// engines and clients with their own agent', () => {
    expect(exportRequestFor(new Dockerode({ host: 'build.example', port: 22, protocol: 'ssh', username: 'me' }), ID)).toBeNull()
    expect(exportRequestFor(new Dockerode({ socketPath: '/run/docker.sock', agent: {} } as Dockerode.DockerOptions), ID)).toBeNull()
  })
})
