import { AppError } from '../../shared/ipc/errors'
import type { MainContext } from '../context'
import type { Handlers } from '../ipc'
import { isAllowedExternalUrl } from '../security'

/** Host ports that containers on the connected engine publish: the only ports links may open. */
async function publishedPorts(ctx: MainContext): Promise<Set<number>> {
  const containers = await ctx.engine.docker().listContainers({ all: false })
  const ports = new Set<number>()
  for (const container of containers) {
    for (const port of container.Ports) if (port.PublicPort) ports.add(port.PublicPort)
  }
  return ports
}

export function appHandlers(ctx: MainContext): Handlers['app'] {
  return {
    info: async () => ({ version: ctx.appVersion, platform: ctx.environment.platform }),
    openExternal: async ({ url }) => {
      if (!isAllowedExternalUrl(url, await publishedPorts(ctx))) {
        throw new AppError('forbidden', `Slipway only opens http(s) links to ports your containers publish on this machine; refused ${url}.`)
      }
      await ctx.openExternal(url)
    }
  }
}
