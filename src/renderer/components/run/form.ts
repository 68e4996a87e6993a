import { containerNameProblem } from '../../../shared/docker/container-name'
import { findDuplicateHostPorts, formatPortMapping, parseHostPortField, type PortMapping, type PortProtocol } from '../../../shared/docker/ports'
import { joinShellWords, splitShellWords, type EnvVar, type MountSpec, type RunOptions } from '../../../shared/docker/run-command'

let nextKey = 1
export const newKey = () => `k${nextKey++}`

export interface PortRow {
  key: string
  hostIp: string
  hostPortText: string
  containerPort: number
  protocol: PortProtocol
  /** From the image's EXPOSE (its container port is fixed in the row). */
  exposed: boolean
}

export interface EnvRow extends EnvVar {
  key: string
  rowKey: string
  /** A secret value shown in clear, here and in the command (screen only, never stored). */
  revealed?: boolean
}

export interface MountRow extends MountSpec {
  rowKey: string
}

/** What the person edits: text where they type, parsed into RunOptions on every change. */
export interface RunForm extends Pick<RunOptions, 'image' | 'name' | 'publishAll' | 'workingDir' | 'user' | 'restart' | 'autoRemove' | 'network' | 'labels'> {
  ports: PortRow[]
  env: EnvRow[]
  mounts: MountRow[]
  commandText: string
  entrypointText: string
}

export function formFromOptions(options: RunOptions, exposedPorts: string[]): RunForm {
  const exposed = new Set(exposedPorts)
  return {
    image: options.image,
    name: options.name,
    ports: options.ports.map((p) => ({
      key: newKey(),
      hostIp: p.hostIp,
      hostPortText: p.hostPort === null ? '' : String(p.hostPort),
      containerPort: p.containerPort,
      protocol: p.protocol,
      exposed: exposed.has(`${p.containerPort}/${p.protocol}`)
    })),
    publishAll: options.publishAll,
    env: options.env.map((e) => ({ ...e, rowKey: newKey() })),
    mounts: options.mounts.map((m) => ({ ...m, rowKey: newKey() })),
    commandText: options.command === null ? '' : joinShellWords(options.command),
    entrypointText: options.entrypoint === null ? '' : joinShellWords(options.entrypoint),
    workingDir: options.workingDir,
    user: options.user,
    restart: options.restart,
    autoRemove: options.autoRemove,
    network: options.network,
    labels: options.labels
  }
}

export type FieldErrors = Partial<Record<'name' | 'command' | 'entrypoint' | 'workingDir' | `port:${string}` | `env:${string}` | `mount:${string}`, string>>

/** Parses the form; `options` is what would run (rows with errors left out), `errors` is per field. */
export function readForm(form: RunForm): { options: RunOptions; errors: FieldErrors; portRowKeys: string[] } {
  const errors: FieldErrors = {}
  const nameProblem = containerNameProblem(form.name)
  if (nameProblem) errors.name = nameProblem

  const ports: PortMapping[] = []
  const portRows: PortRow[] = []
  for (const row of form.ports) {
    const host = parseHostPortField(row.hostPortText)
    if (!host.ok) {
      errors[`port:${row.key}`] = host.error
      continue
    }
    ports.push({ hostIp: row.hostIp, hostPort: host.value, containerPort: row.containerPort, protocol: row.protocol })
    portRows.push(row)
  }
  for (const duplicate of findDuplicateHostPorts(ports)) errors[`port:${portRows[duplicate.index]!.key}`] = duplicate.message

  const env: EnvVar[] = []
  for (const row of form.env) {
    if (row.key === '' && row.value === '') continue
    if (row.key === '') errors[`env:${row.rowKey}`] = 'Give this variable a name.'
    else if (/[=\s]/.test(row.key)) errors[`env:${row.rowKey}`] = 'A variable name cannot contain "=" or spaces.'
    else env.push(row.secret ? { key: row.key, value: row.value, secret: true } : { key: row.key, value: row.value })
  }

  const mounts: MountSpec[] = []
  for (const row of form.mounts) {
    if (row.source === '' && row.target === '') continue
    if (row.source === '') errors[`mount:${row.rowKey}`] = row.type === 'bind' ? 'Choose a host folder.' : 'Name the volume.'
    else if (row.type === 'bind' && !row.source.startsWith('/')) errors[`mount:${row.rowKey}`] = 'The host folder must be an absolute path; use "Choose folder".'
    else if (!row.target.startsWith('/')) errors[`mount:${row.rowKey}`] = 'The container path must be absolute, like /data.'
    else mounts.push({ type: row.type, source: row.source, target: row.target, readOnly: row.readOnly })
  }

  const words = (text: string, field: 'command' | 'entrypoint'): string[] | null => {
    if (text.trim() === '') return null
    const split = splitShellWords(text)
    if (!split.ok) {
      errors[field] = split.error
      return null
    }
    return split.words
  }
  if (form.workingDir && !form.workingDir.startsWith('/')) errors.workingDir = 'The working directory must be an absolute path, like /app.'

  return {
    options: {
      image: form.image,
      name: nameProblem ? '' : form.name,
      ports,
      publishAll: form.publishAll,
      env,
      mounts,
      command: words(form.commandText, 'command'),
      entrypoint: words(form.entrypointText, 'entrypoint'),
      workingDir: errors.workingDir ? '' : form.workingDir,
      user: form.user,
      restart: form.restart,
      autoRemove: form.autoRemove,
      network: form.network,
      labels: form.labels
    },
    errors,
    portRowKeys: portRows.map((r) => r.key)
  }
}

/** The secret env values the person chose to show, by name (for the command on screen). */
export function revealedEnv(form: RunForm): Set<string> {
  return new Set(form.env.filter((row) => row.secret && row.revealed).map((row) => row.key))
}

/**
 * Docker's `-p` specs applied to the rows: a spec for a container port that already has a mapping replaces
 * that mapping (pasting 8888:5000 changes the prefilled 5000:5000), one for a new port adds a row.
 */
export function applyPortSpecs(rows: readonly PortRow[], mappings: readonly PortMapping[], exposedPorts: readonly string[]): PortRow[] {
  const exposed = new Set(exposedPorts)
  const next = [...rows]
  const replaced = new Set<string>()
  for (const m of mappings) {
    const fields = { hostIp: m.hostIp, hostPortText: m.hostPort === null ? '' : String(m.hostPort) }
    const index = next.findIndex((r) => r.containerPort === m.containerPort && r.protocol === m.protocol && !replaced.has(r.key))
    if (index >= 0) {
      next[index] = { ...next[index]!, ...fields }
      replaced.add(next[index]!.key)
    } else {
      const key = newKey()
      replaced.add(key)
      next.push({ key, ...fields, containerPort: m.containerPort, protocol: m.protocol, exposed: exposed.has(`${m.containerPort}/${m.protocol}`) })
    }
  }
  return next
}

export function describePortRow(row: PortRow): string {
  return `${row.containerPort}/${row.protocol}`
}

export { formatPortMapping }
