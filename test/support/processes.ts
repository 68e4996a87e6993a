// Processes and mounts seen through /proc, for test support that must stop daemons it started (and whatever
// they started) and delete root file systems something may still be mounted in.
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs'

export interface ProcInfo {
  pid: number
  ppid: number
  cmdline: string
}

export function listProcesses(): ProcInfo[] {
  const out: ProcInfo[] = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      // Fields after the parenthesised command name: state ppid ...
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ')
      out.push({ pid: Number(entry), ppid, cmdline })
    } catch {
      // the process ended while we looked
    }
  }
  return out
}

export function descendantsOf(roots: number[], procs = listProcesses()): number[] {
  const children = new Map<number, number[]>()
  for (const p of procs) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p.pid])
  const found = new Set<number>()
  const visit = (pid: number) => {
    if (found.has(pid) || pid === process.pid) return
    found.add(pid)
    for (const child of children.get(pid) ?? []) visit(child)
  }
  roots.forEach(visit)
  return [...found]
}

/** Deletes `dir`, first unmounting (lazily, deepest first) what is mounted below it: debootstrap and a killed chroot can leave mounts. */
export function removeTreeUnmounting(dir: string): void {
  if (!existsSync(dir)) return
  const mounts = readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .map((line) => line.split(' ')[4] ?? '')
    .filter((p) => p.startsWith(dir + '/'))
    .sort((a, b) => b.length - a.length)
  for (const point of mounts) {
    try {
      execFileSync('umount', ['-l', point], { stdio: 'ignore' })
    } catch {
      // already gone
    }
  }
  rmSync(dir, { recursive: true, force: true })
}

/** Whether the process runs; a zombie still answers kill 0, so it counts as gone. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ')
  } catch {
    return false
  }
}
