import type { MainContext } from '../context'
import type { Handlers } from '../ipc'

export function dockerfileHandlers(_ctx: MainContext): Handlers['dockerfile'] {
  return {}
}
