// The editor's view of the build context: the folder (context-folder.ts decides which) and what
// `docker build` would send from it, asked of main.
import type { ContextInfo } from '../../../shared/ipc/channels/context'
import { errorMessage } from '../../../shared/ipc/errors'
import { api } from '../../api'
import { whileBusy } from './busy'
import { contextFolder } from './context-folder'
import type { DockerfileState, DockerfileStore } from './state'

interface ContextDeps {
  scheduleLint(): void
  scheduleDraft(): void
}

export function contextActions(store: DockerfileStore, deps: ContextDeps): Pick<DockerfileState, 'chooseContext' | 'refreshContext'> {
  const { getState: get, setState: set } = store
  return {
    async chooseContext() {
      const current = get().contextDir
      const dir = await whileBusy(store, () => api.context.choose(current ? { defaultPath: current } : {}), null)
      if (!dir) return
      set({ ...contextFolder(get().filePath, dir), context: null })
      await get().refreshContext()
      deps.scheduleDraft()
    },

    async refreshContext() {
      const { contextDir, filePath } = get()
      if (!contextDir) {
        set({ context: null, contextError: null })
        deps.scheduleLint()
        return
      }
      set({ contextLoading: true })
      try {
        const listing: ContextInfo = await api.context.inspect({ contextDir, dockerfilePath: filePath })
        if (get().contextDir !== contextDir) return
        set({ context: listing, contextError: null })
      } catch (error) {
        set({ context: null, contextError: errorMessage(error) })
      } finally {
        set({ contextLoading: false })
        deps.scheduleLint()
      }
    }
  }
}
