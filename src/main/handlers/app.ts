import { isRulePageUrl } from '../../shared/dockerfile/lint'
import type { AppServices } from '../app-services'
import { requireOfferedLink } from '../docker/containers/links'
import type { Handlers } from '../ipc'

export function appHandlers(app: AppServices): Handlers['app'] {
  return {
    info: async () => ({ version: app.appVersion, platform: app.environment.platform }),
    openExternal: async ({ url }) => {
      // A lint rule's documentation page, or a link Slipway offered for a container's port.
      if (!isRulePageUrl(url)) await requireOfferedLink(app.engine, url)
      await app.openExternal(url)
    }
  }
}
