import { emptyRunOptions } from '../../../src/shared/docker/run-command'

/** A valid input for every `containers.*` channel, keyed by wire name. */
const options = {
  ...emptyRunOptions('slipway-test/busybox:latest'),
  name: 'web',
  ports: [{ hostIp: '', hostPort: 8888, containerPort: 80, protocol: 'tcp' }],
  env: [{ key: 'GREETING', value: 'hello' }],
  mounts: [{ type: 'bind', source: '/tmp/site', target: '/www', readOnly: true }],
  command: ['httpd', '-f']
}

export const containersSamples: Record<string, unknown> = {
  'containers.list': { all: true },
  'containers.start': { id: 'abc123' },
  'containers.stop': { id: 'abc123' },
  'containers.restart': { id: 'abc123' },
  'containers.remove': { id: 'abc123' },
  'containers.inspect': { id: 'abc123' },
  'containers.runCommand': { id: 'abc123' },
  'containers.prefillFromImage': { image: 'slipway-test/busybox:latest' },
  'containers.prefillFromContainer': { id: 'abc123' },
  'containers.checkPorts': { ports: [{ hostIp: '', hostPort: 8888, containerPort: 80, protocol: 'tcp' }] },
  'containers.checkName': { name: 'web' },
  'containers.listNetworks': {},
  'containers.run': { options },
  'containers.recreate': { id: 'abc123', options },
  'containers.importEnvFile': {},
  'containers.chooseFolder': {},
  'containers.followLogs': { id: 'abc123', tail: 1000 },
  'containers.exitCause': { id: 'abc123' },
  'containers.tailLogs': { id: 'abc123', lines: 10 },
  'containers.saveLogs': { id: 'abc123', timestamps: true }
}
