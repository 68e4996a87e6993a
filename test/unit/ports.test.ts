import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  findDuplicateHostPorts,
  formatPortMapping,
  fromDockerPorts,
  parseHostPortField,
  parsePortSpec,
  parsePortSpecs,
  toDockerPorts,
  urlForPublishedPort,
  type PortMapping
} from '../../src/shared/docker/ports'

const ok = (spec: string) => {
  const result = parsePortSpec(spec)
  if (!result.ok) throw new Error(`${spec}: ${result.error}`)
  return result.value
}
const error = (spec: string) => {
  const result = parsePortSpec(spec)
  if (result.ok) throw new Error(`${spec} was accepted`)
  return result.error
}

describe('parsePortSpec', () => {
  it('reads Docker’s forms', () => {
    expect(ok('8888:5000')).toEqual([{ hostIp: '', hostPort: 8888, containerPort: 5000, protocol: 'tcp' }])
    expect(ok('127.0.0.1:8888:5000/tcp')).toEqual([{ hostIp: '127.0.0.1', hostPort: 8888, containerPort: 5000, protocol: 'tcp' }])
    expect(ok('5000')).toEqual([{ hostIp: '', hostPort: null, containerPort: 5000, protocol: 'tcp' }])
    expect(ok('127.0.0.1::5000')).toEqual([{ hostIp: '127.0.0.1', hostPort: null, containerPort: 5000, protocol: 'tcp' }])
    expect(ok('[::1]:80:80')).toEqual([{ hostIp: '::1', hostPort: 80, containerPort: 80, protocol: 'tcp' }])
    expect(ok('53:53/udp')).toEqual([{ hostIp: '', hostPort: 53, containerPort: 53, protocol: 'udp' }])
    expect(ok(' 53:53/UDP ')[0]!.protocol).toBe('udp')
  })

  it('expands ranges of equal length to one mapping per port', () => {
    const mappings = ok('8000-8010:8000-8010')
    expect(mappings).toHaveLength(11)
    expect(mappings[0]).toEqual({ hostIp: '', hostPort: 8000, containerPort: 8000, protocol: 'tcp' })
    expect(mappings[10]).toEqual({ hostIp: '', hostPort: 8010, containerPort: 8010, protocol: 'tcp' })
    expect(ok('9000-9002:80-82').map((m) => [m.hostPort, m.containerPort])).toEqual([
      [9000, 80],
      [9001, 81],
      [9002, 82]
    ])
    expect(ok('7000-7001').map((m) => m.hostPort)).toEqual([null, null])
  })

  it('refuses what Docker refuses, saying what to write instead', () => {
    expect(error('0:80')).toMatch(/out of range.*1 to 65535/)
    expect(error('8888:65536')).toMatch(/65536 is out of range/)
    expect(error('abc:80')).toMatch(/not a number/)
    expect(error('8000-8010:80-81')).toMatch(/different lengths/)
    expect(error('8010-8000:80')).toMatch(/ends before it starts/)
    expect(error('80:80/icmp')).toMatch(/Use \/tcp, \/udp or \/sctp/)
    expect(error('300.1.1.1:80:80')).toMatch(/not an IP address/)
    expect(error('::1:80:80')).toMatch(/brackets/)
    expect(error('[::1:80:80')).toMatch(/closing/)
    expect(error('8888:')).toMatch(/no container port/)
    expect(error('')).toMatch(/8888:5000/)
  })

  it('reads several specs, with or without -p', () => {
    const result = parsePortSpecs('-p 8888:5000, 53:53/udp --publish=9000:90')
    expect(result.ok && result.value.map(formatPortMapping)).toEqual(['8888:5000', '53:53/udp', '9000:90'])
  })
})

describe('host port field', () => {
  it('is empty for a random port, or a port number', () => {
    expect(parseHostPortField('')).toEqual({ ok: true, value: null })
    expect(parseHostPortField(' 8888 ')).toEqual({ ok: true, value: 8888 })
    expect(parseHostPortField('70000')).toMatchObject({ ok: false })
    expect(parseHostPortField('80a')).toMatchObject({ ok: false })
  })
})

describe('duplicates', () => {
  const m = (hostIp: string, hostPort: number | null, containerPort: number, protocol: PortMapping['protocol'] = 'tcp'): PortMapping => ({
    hostIp,
    hostPort,
    containerPort,
    protocol
  })
  it('flags a host port used twice on overlapping addresses and the same protocol', () => {
    expect(findDuplicateHostPorts([m('', 8888, 5000), m('', 8888, 6000)])).toEqual([{ index: 1, message: expect.stringMatching(/8888\/tcp is used twice/) }])
    expect(findDuplicateHostPorts([m('127.0.0.1', 8888, 5000), m('', 8888, 6000)])).toHaveLength(1)
    expect(findDuplicateHostPorts([m('127.0.0.1', 8888, 5000), m('127.0.0.2', 8888, 6000)])).toEqual([])
    expect(findDuplicateHostPorts([m('', 53, 53, 'tcp'), m('', 53, 53, 'udp')])).toEqual([])
    expect(findDuplicateHostPorts([m('', null, 80), m('', null, 80)])).toEqual([])
  })
})

const mappingArb: fc.Arbitrary<PortMapping> = fc.record({
  hostIp: fc.constantFrom('', '127.0.0.1', '0.0.0.0', '::1', '192.168.1.20', 'fe80::1'),
  hostPort: fc.option(fc.integer({ min: 1, max: 65535 }), { nil: null }),
  containerPort: fc.integer({ min: 1, max: 65535 }),
  protocol: fc.constantFrom('tcp' as const, 'udp' as const, 'sctp' as const)
})

describe('round trips', () => {
  it('format then parse gives the mapping back', () => {
    fc.assert(
      fc.property(mappingArb, (mapping) => {
        expect(ok(formatPortMapping(mapping))).toEqual([mapping])
      })
    )
  })

  it('to the engine’s PortBindings and back keeps every mapping', () => {
    fc.assert(
      fc.property(fc.array(mappingArb, { maxLength: 8 }), (mappings) => {
        const back = fromDockerPorts(toDockerPorts(mappings).PortBindings)
        const sortKey = (x: PortMapping) => `${x.containerPort}/${x.protocol}`
        // The engine groups by container port; within a group the order is kept.
        const grouped = (list: PortMapping[]) => [...list].sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0))
        expect(grouped(back)).toEqual(grouped(mappings))
      })
    )
  })

  it('ExposedPorts names every container port', () => {
    expect(toDockerPorts([...ok('8888:5000'), ...ok('53/udp')]).ExposedPorts).toEqual({ '5000/tcp': {}, '53/udp': {} })
  })
})

describe('urlForPublishedPort', () => {
  it('uses localhost for every-address bindings', () => {
    expect(urlForPublishedPort('0.0.0.0', 8888)).toBe('http://localhost:8888')
    expect(urlForPublishedPort('', 8888)).toBe('http://localhost:8888')
    expect(urlForPublishedPort('127.0.0.1', 80)).toBe('http://127.0.0.1:80')
    expect(urlForPublishedPort('::1', 80)).toBe('http://[::1]:80')
  })
})
