import { spawn } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..')
const probe = path.join(root, 'test/support/faults/as-user-probe.ts')

/** uid/gid of `nobody`: an unprivileged user that exists on Debian and most Linux systems. */
export const NOBODY = { uid: 65534, gid: 65534 }

export type ProbeResult = { ok: true } | { ok: false; code?: string; message: string }

/**
 * Runs `node --import tsx <args>` in the repo as `nobody` and gives back the JSON it writes to stdout
 * (the child should write its uid in it: `whoami` checks it was really nobody).
 */
export function runTsxAsNobody<T>(args: string[], env: Record<string, string> = {}): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
      cwd: root,
      uid: NOBODY.uid,
      gid: NOBODY.gid,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: '/tmp', ...env },
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let out = ''
    let err = ''
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')))
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')))
    child.on('error', reject)
    child.on('close', (code) => {
      try {
        resolve(JSON.parse(out) as T)
      } catch {
        reject(new Error(`the child as nobody exited with ${code}: ${err.slice(0, 2000)}`))
      }
    })
  })
}

/** Runs a file service (read / save / walk) in a child process as `nobody`; returns how it ended. */
export function runServiceAsNobody(operation: 'read' | 'save' | 'walk', file: string, text?: string): Promise<ProbeResult> {
  return runTsxAsNobody<ProbeResult>([probe, operation, file, ...(text === undefined ? [] : [text])])
}

/** Whether this process can start children as another user (only root can). */
export function canSwitchUser(): boolean {
  return process.getuid?.() === 0
}
