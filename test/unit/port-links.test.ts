import { describe, expect, it } from 'vitest'
import { isLocalEngineHost } from '../../src/main/docker/engine-locality'
import { hrefForPublishedPort } from '../../src/main/docker/port-links'

type Port = Parameters<typeof hrefForPublishedPort>[0]

describe('hrefForPublishedPort', () => {
  it.each<[Port, string | null]>([
    [{ IP: '0.0.0.0', PublicPort: 8888, Type: 'tcp' }, 'http://localhost:8888'],
    [{ IP: '::', PublicPort: 8888, Type: 'tcp' }, 'http://localhost:8888'],
    [{ PublicPort: 8888, Type: 'tcp' }, 'http://localhost:8888'],
    [{ IP: '127.0.0.1', PublicPort: 8080, Type: 'tcp' }, 'http://127.0.0.1:8080'],
    [{ IP: '0:0:0:0:0:0:0:1', PublicPort: 8080, Type: 'tcp' }, 'http://[::1]:8080'],
    [{ IP: '127.0.0.1', PublicPort: 80, Type: 'tcp' }, 'http://127.0.0.1'],
    [{ IP: '0.0.0.0', PublicPort: 53, Type: 'udp' }, null],
    [{ IP: '0.0.0.0', PublicPort: 0, Type: 'tcp' }, null],
    // Only IP addresses as the engine reports them: never a name that would need a lookup.
    [{ IP: 'evil.example', PublicPort: 8080, Type: 'tcp' }, null],
    [{ IP: '127.0.0.1/x?', PublicPort: 8080, Type: 'tcp' }, null]
  ])('%j on a local engine → %s', (port, href) => {
    expect(hrefForPublishedPort(port, true)).toBe(href)
  })

  it('makes no link for a remote engine: its ports are open on its machine, not this one', () => {
    expect(hrefForPublishedPort({ IP: '0.0.0.0', PublicPort: 8888, Type: 'tcp' }, false)).toBeNull()
  })
})

describe('isLocalEngineHost', () => {
  it.each([
    ['unix:///var/run/docker.sock', true],
    ['npipe:////./pipe/docker_engine', true],
    ['tcp://127.0.0.1:2375', true],
    ['tcp://localhost:2375', true],
    ['tcp://[::1]:2375', true],
    ['tcp://192.0.2.2:2375', false],
    ['tcp://localhost.evil.example:2375', false],
    ['ssh://user@build-server', false]
  ])('%s → %s', (host, local) => {
    expect(isLocalEngineHost(host)).toBe(local)
  })
})
