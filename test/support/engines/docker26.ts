// Docker Engine 26 (Debian trixie's docker.io, with docker-buildx): BuildKit 0.13 builds, the API of Docker 23+.
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import type { EngineSpec } from './engine'

export const docker26: EngineSpec = {
  name: 'docker26',
  title: 'Docker Engine 26',
  subnetIndex: 26,
  socketName: 'docker.sock',
  prepare(stateDir) {
    // Its own config file, so a daemon.json in the root or on the host does not leak in.
    writeFileSync(path.join(stateDir, 'daemon.json'), '{}\n')
    return [
      '/usr/sbin/dockerd',
      `--host=unix://${path.join(stateDir, 'docker.sock')}`,
      // Data on the host's /tmp (bound into the root): overlay2 cannot stack on the root's overlay.
      `--data-root=${path.join(stateDir, 'data')}`,
      `--exec-root=${path.join(stateDir, 'exec')}`,
      `--pidfile=${path.join(stateDir, 'docker.pid')}`,
      `--config-file=${path.join(stateDir, 'daemon.json')}`,
      '--shutdown-timeout=3'
    ]
  }
}
