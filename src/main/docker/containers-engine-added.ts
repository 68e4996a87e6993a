// What an engine writes into a container's settings that the person did not give at `docker run`, so a
// rebuilt `docker run` command and a recreate form hold only what they gave. Docker adds nothing there;
// Podman adds `container=podman`, `HOME` and `HOSTNAME` to Config.Env, and fills HostConfig.PortBindings
// with the host ports it assigned for `-P`.
import type Dockerode from 'dockerode'

/** Podman marks every container it runs with this variable (as systemd and toolbox read it). */
const PODMAN_MARK = 'container=podman'

export function madeByPodman(config: Pick<Dockerode.ContainerInspectInfo['Config'], 'Env'>): boolean {
  return (config.Env ?? []).includes(PODMAN_MARK)
}

/**
 * Config.Env without what the engine added: on Podman its mark, HOSTNAME (the container's host name) and
 * HOME (the user's home from /etc/passwd; a person rarely sets HOME to root's own home).
 */
export function envGivenAtRun(config: Pick<Dockerode.ContainerInspectInfo['Config'], 'Env' | 'Hostname'>): string[] {
  const env = config.Env ?? []
  if (!madeByPodman(config)) return env
  const added = new Set([PODMAN_MARK, `HOSTNAME=${config.Hostname}`, 'HOME=/root', 'HOME=/'])
  return env.filter((entry) => !added.has(entry))
}

/** Podman records a random host port it picked at create as if it had been given; Docker leaves it empty. */
export function hostPortsFixedAtCreate(info: Pick<Dockerode.ContainerInspectInfo, 'Config' | 'HostConfig'>): boolean {
  const bindings = portBindingsGivenAtRun(info) ?? {}
  return madeByPodman(info.Config) && Object.values(bindings).some((list) => list.some((b) => Boolean(b.HostPort)))
}

type PortBindings = Record<string, { HostIp?: string; HostPort?: string }[]> | undefined

/**
 * HostConfig.PortBindings as given at `docker run`: with `-P` Podman records the host ports it assigned to
 * the exposed ports there, so those go (a `-p` for an exposed port next to `-P` cannot be told from them).
 */
export function portBindingsGivenAtRun(info: Pick<Dockerode.ContainerInspectInfo, 'Config' | 'HostConfig'>): PortBindings {
  const bindings = info.HostConfig.PortBindings as PortBindings
  if (!bindings || !madeByPodman(info.Config)) return bindings
  const assigned = info.HostConfig.PublishAllPorts ? new Set(Object.keys(info.Config.ExposedPorts ?? {})) : new Set<string>()
  // Podman also writes the default address (0.0.0.0) where `-p 8080:80` gave none.
  const given = Object.entries(bindings).filter(([port]) => !assigned.has(port))
  return Object.fromEntries(given.map(([port, list]) => [port, list.map((b) => (b.HostIp === '0.0.0.0' ? { ...b, HostIp: '' } : b))]))
}
