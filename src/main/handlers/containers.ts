import type { MainContext } from '../context'
import type { Handlers } from '../ipc'

export function containersHandlers(_ctx: MainContext): Handlers['containers'] {
  return {}
}
