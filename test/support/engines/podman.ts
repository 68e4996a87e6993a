// Podman 5 (Debian trixie's podman 5.4), rootful, serving its Docker-compatible API (`podman system service`).
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import type { EngineSpec } from './engine'

/** This shell's hard limit for a resource (`ulimit -H`). */
function hardLimit(flag: '-n' | '-u'): string {
  return execFileSync('sh', ['-c', `ulimit -H ${flag}`], { encoding: 'utf8' }).trim()
}

export const podman: EngineSpec = {
  name: 'podman',
  title: 'Podman 5',
  subnetIndex: 5,
  socketName: 'podman.sock',
  prepare(stateDir) {
    const containersConf = path.join(stateDir, 'containers.conf')
    const storageConf = path.join(stateDir, 'storage.conf')
    const nofile = hardLimit('-n')
    const nproc = hardLimit('-u')
    writeFileSync(
      containersConf,
      [
        '[containers]',
        // Podman raises these to its defaults, which needs CAP_SYS_RESOURCE where the hard limit is lower.
        `default_ulimits = ["nofile=${nofile}:${nofile}", "nproc=${nproc}:${nproc}"]`,
        '[engine]',
        // No systemd in the root (and no journald to log events to).
        'cgroup_manager = "cgroupfs"',
        'events_logger = "file"',
        `events_logfile_path = "${path.join(stateDir, 'events.log')}"`,
        // crun refuses a hybrid cgroup v1/v2 hierarchy; runc runs there.
        'runtime = "runc"',
        ''
      ].join('\n')
    )
    writeFileSync(
      storageConf,
      ['[storage]', 'driver = "overlay"', `graphroot = "${path.join(stateDir, 'storage')}"`, `runroot = "${path.join(stateDir, 'run')}"`, ''].join('\n')
    )
    return [
      `CONTAINERS_CONF=${containersConf}`,
      `CONTAINERS_STORAGE_CONF=${storageConf}`,
      'PODMAN_IGNORE_CGROUPSV1_WARNING=1',
      '/usr/bin/podman',
      'system',
      'service',
      '--time=0',
      `unix://${path.join(stateDir, 'podman.sock')}`
    ]
  }
}
