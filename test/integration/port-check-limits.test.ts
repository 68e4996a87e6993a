// Port checks bind sockets on this machine for the page: only for IP addresses of this machine's
// interfaces (never a name, which would mean a DNS lookup), for a bounded number of ports per request.
import net from 'node:net'
import os from 'node:os'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FREE_PORT_SEARCH_SPAN, findFreeHostPort, findPortConflicts, listPublishedHostPorts } from '../../src/main/docker/port-check'
import type { PortMapping } from '../../src/shared/docker/ports'
import type { PortConflict } from '../../src/shared/ipc/channels/containers'
import { requireDaemon } from '../support/daemon'
import { startMainUnderTest, type MainUnderTest } from '../support/faults/handlers'

const daemon = requireDaemon()

const tcp = (hostPort: number, hostIp = ''): PortMapping => ({ hostIp, hostPort, containerPort: 80, protocol: 'tcp' })

async function holdPort(port: number): Promise<net.Server> {
  const server = net.createServer()
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => resolve())
  })
  return server
}

/** A run of `count` consecutive ports nobody holds, so the test can hold them all. */
async function freeRun(docker: NonNullable<typeof daemon>['docker'], count: number, from: number): Promise<number> {
  const held = await listPublishedHostPorts(docker)
  for (let start = from; start < 60000; start += count) {
    let ok = true
    for (let port = start; port < start + count && ok; port++) ok = (await findFreeHostPort(held, port, '', 'tcp', true)) === port
    if (ok) return start
  }
  throw new Error('no run of free ports')
}

describe.skipIf(!daemon)('containers.checkPorts limits', () => {
  let main: MainUnderTest
  beforeAll(async () => {
    main = await startMainUnderTest(daemon!.dockerHost)
  })
  afterAll(async () => {
    await main?.dispose()
  })

  it.each([
    ['localhost', 'a name'],
    ['evil.example', 'a name that would be looked up in DNS'],
    ['127.0.0.1.nip.io', 'a name that looks like an address'],
    ['fe80::1%eth0', 'an address with a zone']
  ])('refuses host IP %s (%s) before anything is bound or looked up', async (hostIp) => {
    const refusal = await main.refusal('containers.checkPorts', { ports: [tcp(18081, hostIp)] })
    expect(refusal.message).toBe('Invalid input for containers.checkPorts: ports.0.hostIp: The host IP must be an IP address like 127.0.0.1 or ::1, or empty for all addresses.')
  })

  it('says an address that is not on this machine cannot be published on, and binds nothing for it', async () => {
    const conflicts = await main.value<PortConflict[]>('containers.checkPorts', { ports: [tcp(18081), tcp(18082, '198.51.100.7'), tcp(18083, '2001:db8::7')] })
    expect(conflicts.map((c) => c.index)).toEqual([1, 2])
    expect(conflicts[0]!.message).toMatch(/^198\.51\.100\.7 is not an address of this machine, so the engine cannot publish a port on it\. Use one of .*127\.0\.0\.1.*, or leave the host IP empty for all of them\.$/)
    expect(conflicts[1]!.message).toMatch(/^2001:db8::7 is not an address of this machine/)
    expect(conflicts.every((c) => c.suggestedPort === null)).toBe(true)
  })

  it("accepts every address of this machine's interfaces, and the wildcards", async () => {
    const addresses = Object.values(os.networkInterfaces()).flatMap((infos) => (infos ?? []).map((i) => i.address).filter((a) => !a.includes('%')))
    const ports = [...addresses, '', '0.0.0.0', '::'].map((ip, i) => tcp(18400 + i, ip))
    const conflicts = await main.value<PortConflict[]>('containers.checkPorts', { ports })
    expect(conflicts.filter((c) => c.message.includes('not an address of this machine'))).toEqual([])
  })

  it('refuses more mappings than one check may try, with a message saying what to do', async () => {
    const ports = Array.from({ length: 1025 }, (_, i) => tcp(20000 + i))
    const refusal = await main.refusal('containers.checkPorts', { ports })
    expect(refusal.message).toBe(
      'Invalid input for containers.checkPorts: ports: Slipway checks at most 1024 port mappings at a time; publish fewer ports (or a smaller range) per container.'
    )
    // A 1,000-port range still fits.
    expect((await main.call('containers.checkPorts', { ports: ports.slice(0, 1000) })).ok).toBe(true)
  })

  it('looks for a free port only a short way past a taken one, and tries a bounded number of ports per request', async () => {
    const docker = daemon!.docker
    const start = await freeRun(docker, FREE_PORT_SEARCH_SPAN + 1, 31000)
    const servers = await Promise.all(Array.from({ length: FREE_PORT_SEARCH_SPAN + 1 }, (_, i) => holdPort(start + i)))
    try {
      // The whole span after the first port is held: no suggestion, and a message that says what to do.
      const [alone] = await findPortConflicts(docker, [tcp(start)], { engineIsLocal: true })
      expect(alone!.suggestedPort).toBeNull()
      expect(alone!.message).toBe(
        `Host port ${start} is in use by another program on this machine. Slipway found no free port right after it to suggest; choose another host port, or leave it empty and the engine picks a free one.`
      )

      // Twenty held ports in one request: each search would try ~80 ports; past the request's budget the rest come without one.
      const started = performance.now()
      const many = await findPortConflicts(
        docker,
        Array.from({ length: 20 }, (_, i) => tcp(start + i)),
        { engineIsLocal: true }
      )
      const ms = performance.now() - started
      expect(many).toHaveLength(20)
      expect(many[0]!.suggestedPort).toBeNull()
      expect(many[1]!.suggestedPort).toBe(start + FREE_PORT_SEARCH_SPAN + 1)
      expect(many.at(-1)!.suggestedPort).toBeNull()
      console.log(`[port-check] 20 conflicting mappings checked in ${ms.toFixed(0)} ms; ${many.filter((c) => c.suggestedPort !== null).length} with a suggestion`)
    } finally {
      await Promise.all(servers.map((s) => new Promise((r) => s.close(r))))
    }
  })
})
