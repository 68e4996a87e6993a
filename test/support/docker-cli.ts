import { spawn } from 'node:child_process'

/** Runs the docker CLI against `dockerHost` (classic builder, as the fixtures expect) and resolves with its trimmed stdout. */
export function dockerCli(dockerHost: string, args: string[], input = ''): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('docker', args, { env: { ...process.env, DOCKER_HOST: dockerHost, DOCKER_BUILDKIT: '0' } })
    let out = ''
    let err = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    child.stderr.on('data', (d: Buffer) => (err += d.toString()))
    child.on('error', reject)
    child.on('close', (code) => (code === 0 ? resolve(out.trim()) : reject(new Error(`docker ${args.join(' ')} failed: ${err}`))))
    child.stdin.end(input)
  })
}
