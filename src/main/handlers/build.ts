import type { MainContext } from '../context'
import type { Handlers } from '../ipc'

export function buildHandlers(_ctx: MainContext): Handlers['build'] {
  return {}
}
