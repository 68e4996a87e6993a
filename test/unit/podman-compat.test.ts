// What Podman's Docker-compatible API sends differently, read as Docker sends it (values recorded from Podman 5.4.2).
import { describe, expect, it } from 'vitest'
import type Dockerode from 'dockerode'
import { toDockerEvent } from '../../src/main/docker/event-stream'
import { envGivenAtRun, portBindingsGivenAtRun } from '../../src/main/docker/containers-engine-added'

describe('Podman events', () => {
  it('names images in the short form and calls a removed container destroyed', () => {
    const tag = toDockerEvent({ Type: 'image', Action: 'tag', Actor: { ID: 'abc', Attributes: { name: 'docker.io/library/evtest:x' } } })
    expect(tag.attributes.name).toBe('evtest:x')
    const removed = toDockerEvent({ Type: 'container', Action: 'remove', Actor: { ID: 'c1', Attributes: { image: 'docker.io/slipway-test/busybox:latest' } } })
    expect(removed).toMatchObject({ action: 'destroy', attributes: { image: 'slipway-test/busybox:latest' } })
    expect(toDockerEvent({ Type: 'image', Action: 'save', Actor: { ID: 'i', Attributes: { name: '/var/tmp/api.tar123' } } }).attributes.name).toBe('/var/tmp/api.tar123')
  })
})

describe('what Podman adds to a container', () => {
  const podman = (env: string[], bindings: Record<string, { HostIp?: string; HostPort?: string }[]>, publishAll: boolean) =>
    ({
      Config: { Env: env, Hostname: '6ee01c542e1c', ExposedPorts: { '80/tcp': {} } },
      HostConfig: { PortBindings: bindings, PublishAllPorts: publishAll }
    }) as unknown as Dockerode.ContainerInspectInfo

  it('keeps only the environment given at run', () => {
    const info = podman(['PATH=/bin', 'container=podman', 'GREETING=hi', 'HOME=/root', 'HOSTNAME=6ee01c542e1c'], {}, false)
    expect(envGivenAtRun(info.Config)).toEqual(['PATH=/bin', 'GREETING=hi'])
    // Docker adds none of them: a person's own HOME stays.
    expect(envGivenAtRun({ Env: ['HOME=/root'], Hostname: 'x' })).toEqual(['HOME=/root'])
  })

  it('drops the ports -P assigned and the default address Podman writes', () => {
    const info = podman(['container=podman'], { '80/tcp': [{ HostIp: '0.0.0.0', HostPort: '38553' }], '9000/tcp': [{ HostIp: '0.0.0.0', HostPort: '9000' }] }, true)
    expect(portBindingsGivenAtRun(info)).toEqual({ '9000/tcp': [{ HostIp: '', HostPort: '9000' }] })
  })
})
