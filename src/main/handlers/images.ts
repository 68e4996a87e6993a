import type { MainContext } from '../context'
import type { Handlers } from '../ipc'

export function imagesHandlers(_ctx: MainContext): Handlers['images'] {
  return {}
}
