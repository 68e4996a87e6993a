import { spawn } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..')
const probe = path.join(root, 'test/support/faults/as-user-probe.ts')

/** uid/gid of `nobody`: an unprivileged user that exists on Debian and most Linux systems. */
export const NOBODY = { uid: 65534, gid: 65534 }

export type ProbeResult = { ok: true } | { ok: false; code?: string; message: string }

/** Runs a file service (read / save / walk) in a child process as `nobody`; returns how it ended. */
export function runServiceAsNobody(operation: 'read' | 'save' | 'walk', file: string, text?: string): Promise<ProbeResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', probe, operation, file, ...(text === undefined ? [] : [text])], {
      cwd: root,
      uid: NOBODY.uid,
      gid: NOBODY.gid,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: '/tmp' },
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let out = ''
    let err = ''
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')))
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')))
    child.on('error', reject)
    child.on('close', (code) => {
      try {
        resolve(JSON.parse(out) as ProbeResult)
      } catch {
        reject(new Error(`the probe as nobody exited with ${code}: ${err.slice(0, 2000)}`))
      }
    })
  })
}

/** Whether this process can start children as another user (only root can). */
export function canSwitchUser(): boolean {
  return process.getuid?.() === 0
}
