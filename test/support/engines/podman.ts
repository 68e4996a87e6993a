// Podman 5 (Debian trixie's podman 5.4), rootful, serving its Docker-compatible API (`podman system service`).
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import type { EngineSpec } from './engine'

/** This process's hard limit for a resource, as /proc/self/limits names it ('Max open files'). */
function hardLimit(name: 'Max open files' | 'Max processes'): string {
  const line = readFileSync('/proc/self/limits', 'utf8')
    .split('\n')
    .find((l) => l.startsWith(name))
  const hard = line?.slice(name.length).trim().split(/\s+/)[1]
  if (!hard) throw new Error(`no "${name}" in /proc/self/limits`)
  return hard === 'unlimited' ? '-1' : hard
}

export const podman: EngineSpec = {
  name: 'podman',
  title: 'Podman 5',
  subnetIndex: 5,
  socketName: 'podman.sock',
  prepare(stateDir) {
    const containersConf = path.join(stateDir, 'containers.conf')
    const storageConf = path.join(stateDir, 'storage.conf')
    const nofile = hardLimit('Max open files')
    const nproc = hardLimit('Max processes')
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
    // Docker treats registries on 127.0.0.0/8 as plain HTTP; Podman needs to be told (issue 14, cause 6).
    // A location without a port matches every port of that host (containers-registries.conf(5)).
    const registriesConf = path.join(stateDir, 'registries.conf')
    writeFileSync(registriesConf, ['[[registry]]', 'location = "127.0.0.1"', 'insecure = true', ''].join('\n'))
    return [
      `CONTAINERS_CONF=${containersConf}`,
      `CONTAINERS_REGISTRIES_CONF=${registriesConf}`,
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
