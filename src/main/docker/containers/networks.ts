import type Dockerode from 'dockerode'

/** The engine's networks by name, for the run dialog's network choice. */
export async function listNetworks(docker: Dockerode): Promise<{ name: string; driver: string }[]> {
  const networks = await docker.listNetworks()
  return networks.map((n) => ({ name: n.Name, driver: n.Driver })).sort((a, b) => a.name.localeCompare(b.name))
}
