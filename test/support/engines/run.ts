// The engine matrix from the command line (as root):
//   tsx test/support/engines/run.ts start docker26|podman   starts it (builds the cached root once); prints
//                                                           DOCKER_HOST=… and SLIPWAY_ENGINE_NETNS=…
//   tsx test/support/engines/run.ts stop docker26|podman    stops it and removes its state
//   tsx test/support/engines/run.ts exec docker26|podman -- COMMAND…
//        starts it, runs COMMAND inside its network namespace with DOCKER_HOST set, stops it, and exits
//        with COMMAND's status. The tests must run inside the namespace: published ports are on its 127.0.0.1.
//        (nsenter, not `ip netns exec`: that remounts /sys without the cgroup mounts a test's own dockerd needs.)
//   e.g. tsx test/support/engines/run.ts exec docker26 -- npx vitest run --project integration --project e2e
import { spawn } from 'node:child_process'
import { docker26 } from './docker26'
import { startEngine, stopEngine, type EngineSpec } from './engine'
import { podman } from './podman'

const engines: Record<string, EngineSpec> = { docker26, podman }

function usage(message?: string): never {
  if (message) process.stderr.write(`${message}\n`)
  process.stderr.write('usage: run.ts start|stop ENGINE  |  run.ts exec ENGINE -- COMMAND…   (ENGINE: docker26, podman)\n')
  process.exit(2)
}

async function main(argv: string[]): Promise<number> {
  const [action, name, ...rest] = argv
  const spec = engines[name ?? '']
  if (!action || !spec) usage(name ? `unknown engine ${name}` : undefined)
  if (process.getuid?.() !== 0) usage('the engines run as root (namespaces, chroot, mounts)')

  if (action === 'start') {
    const engine = await startEngine(spec)
    process.stdout.write(`DOCKER_HOST=${engine.dockerHost}\nSLIPWAY_ENGINE_NETNS=${engine.netns}\n`)
    process.stderr.write(`run the tests with: DOCKER_HOST=${engine.dockerHost} nsenter --net=/run/netns/${engine.netns} npx vitest run …\n`)
    return 0
  }
  if (action === 'stop') {
    await stopEngine(spec)
    return 0
  }
  if (action === 'exec') {
    const command = rest[0] === '--' ? rest.slice(1) : rest
    if (command.length === 0) usage('exec needs a command after --')
    const engine = await startEngine(spec)
    try {
      const child = spawn('nsenter', [`--net=/run/netns/${engine.netns}`, '--', ...command], {
        stdio: 'inherit',
        env: { ...process.env, DOCKER_HOST: engine.dockerHost }
      })
      // A terminal's Ctrl-C reaches the command itself; other signals are passed on. Either way we wait
      // for it to end, then stop the engine.
      process.on('SIGINT', () => {})
      for (const sig of ['SIGTERM', 'SIGHUP'] as const) process.on(sig, () => child.kill(sig))
      return await new Promise<number>((resolve) => {
        child.on('error', (error) => {
          process.stderr.write(`could not run ${command.join(' ')}: ${error.message}\n`)
          resolve(127)
        })
        child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)))
      })
    } finally {
      await stopEngine(spec)
    }
  }
  usage(`unknown action ${action}`)
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`)
    process.exit(1)
  }
)
