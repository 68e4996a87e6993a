// The test support itself: the daemon, the base images, published ports,
// outbound apt access, and a second private dockerd that restarts on its socket.
import { existsSync } from 'node:fs'
import type Dockerode from 'dockerode'
import { afterAll, describe, expect, it } from 'vitest'
import { BUSYBOX_IMAGE, DEBIAN_IMAGE } from '../support/base-images'
import { pingSocket, requireDaemon, startPrivateDockerd, TEST_LABEL, type PrivateDockerd } from '../support/daemon'
import { freePort } from '../support/free-port'

const daemon = requireDaemon()
const labels = { [TEST_LABEL]: '1' }

/** Splits Docker's multiplexed log stream (8-byte frame headers) into stdout and stderr. */
function demux(buffer: Buffer): { stdout: string; stderr: string } {
  const out = { stdout: '', stderr: '' }
  let offset = 0
  while (offset + 8 <= buffer.length) {
    const kind = buffer[offset]
    const size = buffer.readUInt32BE(offset + 4)
    const chunk = buffer.subarray(offset + 8, offset + 8 + size).toString('utf8')
    if (kind === 2) out.stderr += chunk
    else out.stdout += chunk
    offset += 8 + size
  }
  return out
}

async function runToCompletion(docker: Dockerode, image: string, cmd: string[]): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  const container = await docker.createContainer({ Image: image, Cmd: cmd, Labels: labels })
  try {
    await container.start()
    const { StatusCode } = (await container.wait()) as { StatusCode: number }
    const logs = (await container.logs({ stdout: true, stderr: true, follow: false })) as unknown as Buffer
    return { exitCode: StatusCode, ...demux(logs) }
  } finally {
    await container.remove({ force: true })
  }
}

async function fetchWithRetry(url: string, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    try {
      const res = await fetch(url)
      if (res.ok) return await res.text()
      if (Date.now() > deadline) throw new Error(`${url} answered ${res.status}`)
    } catch (error) {
      if (Date.now() > deadline) throw error
    }
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

describe.skipIf(!daemon)('test daemon', () => {
  const docker = daemon?.docker as Dockerode

  it('answers /_ping and reports its version', async () => {
    expect(String(await docker.ping())).toBe('OK')
    const version = await docker.version()
    expect(version.Version).toMatch(/^\d+\.\d+/)
  })

  it('runs the busybox image and returns its output', async () => {
    const result = await runToCompletion(docker, BUSYBOX_IMAGE, ['echo', 'hi'])
    expect(result).toEqual({ exitCode: 0, stdout: 'hi\n', stderr: '' })
    const image = await docker.getImage(BUSYBOX_IMAGE).inspect()
    expect(image.Config.Labels?.[TEST_LABEL]).toBe('1')
  })

  it('publishes a container port on 127.0.0.1', async () => {
    const port = await freePort()
    const container = await docker.createContainer({
      Image: BUSYBOX_IMAGE,
      Cmd: ['sh', '-c', 'mkdir -p /www && echo hello from busybox > /www/index.html && exec httpd -f -p 8080 -h /www'],
      Labels: labels,
      ExposedPorts: { '8080/tcp': {} },
      HostConfig: { PortBindings: { '8080/tcp': [{ HostIp: '127.0.0.1', HostPort: String(port) }] } }
    })
    try {
      await container.start()
      expect(await fetchWithRetry(`http://127.0.0.1:${port}/index.html`, 10_000)).toBe('hello from busybox\n')
    } finally {
      await container.remove({ force: true })
    }
  })

  it('lets a Debian container reach the package mirror (apt-get update)', { timeout: 300_000 }, async () => {
    const result = await runToCompletion(docker, DEBIAN_IMAGE, ['apt-get', 'update'])
    expect(result.stderr).not.toMatch(/^(E|Err):/m)
    expect(result.exitCode).toBe(0)
    expect(result.stdout).toMatch(/bookworm/)
  })
})

const canStartPrivate = process.getuid?.() === 0 && (existsSync('/usr/sbin/dockerd') || !!process.env.PATH?.split(':').some((dir) => existsSync(`${dir}/dockerd`)))
if (!canStartPrivate) console.warn('[slipway tests] skipping the second private dockerd test: it needs root and dockerd')

describe.skipIf(!canStartPrivate)('a second private dockerd', () => {
  let second: PrivateDockerd | undefined
  afterAll(async () => {
    await second?.destroy()
  })

  it('runs beside the main daemon, stops, and starts again on the same socket', { timeout: 120_000 }, async () => {
    second = await startPrivateDockerd({ networking: 'none', name: 'second' })
    expect(second.isRunning()).toBe(true)
    expect(await pingSocket(second.socketPath)).toBe(true)
    if (daemon) expect(second.dockerHost).not.toBe(daemon.dockerHost)

    await second.stop()
    expect(second.isRunning()).toBe(false)
    expect(await pingSocket(second.socketPath)).toBe(false)

    await second.start()
    expect(second.isRunning()).toBe(true)
    expect(await pingSocket(second.socketPath)).toBe(true)
    // The main daemon's networking is untouched by all this (a --bridge=none daemon would delete docker0).
    if (daemon) {
      const result = await runToCompletion(daemon.docker, BUSYBOX_IMAGE, ['sh', '-c', 'ip -o -4 addr show eth0'])
      expect(result.stdout).toMatch(/inet \d+\.\d+\.\d+\.\d+/)
    }
  })
})
