import type Dockerode from 'dockerode'

/** Sorts `8080/tcp` before `53/udp` by number, then protocol. */
export function sortPorts(ports: string[]): string[] {
  return [...ports].sort((a, b) => parseInt(a, 10) - parseInt(b, 10) || a.localeCompare(b))
}

/**
 * Exposed ports by image ID. An image ID is the hash of its config, so what it exposes never changes:
 * each image is inspected once, and a few at a time so a long list does not crowd the engine.
 */
export class ExposedPortsCache {
  private readonly known = new Map<string, string[]>()
  private readonly inFlight = new Map<string, Promise<string[] | null>>()

  constructor(
    private readonly maxEntries = 20_000,
    private readonly concurrency = 6
  ) {}

  async get(docker: Dockerode, ids: string[]): Promise<Record<string, string[]>> {
    const result: Record<string, string[]> = {}
    const missing: string[] = []
    for (const id of new Set(ids)) {
      const ports = this.known.get(id)
      if (ports) result[id] = ports
      else missing.push(id)
    }
    let next = 0
    const worker = async () => {
      while (next < missing.length) {
        const id = missing[next++]!
        const ports = await this.inspect(docker, id)
        if (ports) result[id] = ports
      }
    }
    await Promise.all(Array.from({ length: Math.min(this.concurrency, missing.length) }, worker))
    return result
  }

  private inspect(docker: Dockerode, id: string): Promise<string[] | null> {
    let pending = this.inFlight.get(id)
    if (!pending) {
      pending = docker
        .getImage(id)
        .inspect()
        .then(
          (info) => {
            const ports = sortPorts(Object.keys(info.Config?.ExposedPorts ?? {}))
            if (this.known.size >= this.maxEntries) this.known.delete(this.known.keys().next().value!)
            this.known.set(id, ports)
            return ports
          },
          // Deleted meanwhile: the next list will not show it anyway.
          () => null
        )
        .finally(() => this.inFlight.delete(id))
      this.inFlight.set(id, pending)
    }
    return pending
  }
}
