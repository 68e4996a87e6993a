import { create } from 'zustand'
import type { PortMapping } from '../../shared/docker/ports'
import { api } from '../api'
import { useContainers } from './containers'
import { useNavigation } from './navigation'

/** What the run dialog opens with: an image to run, or a container to recreate with changes. */
export interface RunRequest {
  image: string
  /** Set by "Recreate with changes": the container whose settings prefill the form. */
  fromContainer?: string
}

type Containers = typeof api.containers
type RunOptions = Parameters<Containers['run']>[0]['options']

interface RunDialogState {
  request: RunRequest | null
  open(request: RunRequest): void
  close(): void

  /** The form's starting values: the image's defaults, or the container's settings. */
  prefill(request: RunRequest): ReturnType<Containers['prefillFromImage']>
  listNetworks(): ReturnType<Containers['listNetworks']>
  /** Why this container name cannot be used (taken, …), or null. */
  checkName(name: string, ignoreContainer?: string): ReturnType<Containers['checkName']>
  /** Host ports of these mappings that are already in use. */
  checkPorts(ports: PortMapping[], ignoreContainer?: string): ReturnType<Containers['checkPorts']>
  /** Runs (or recreates) the container, then shows it in the Containers view and watches its exit. */
  submit(request: RunRequest, options: RunOptions): Promise<void>
  importEnvFile(): ReturnType<Containers['importEnvFile']>
  chooseFolder(): ReturnType<Containers['chooseFolder']>
}

/** Any view opens the run dialog through this store; the dialog itself is rendered once, in App. */
export const useRunDialog = create<RunDialogState>((set) => ({
  request: null,
  open: (request) => set({ request }),
  close: () => set({ request: null }),

  prefill: (request) => (request.fromContainer ? api.containers.prefillFromContainer({ id: request.fromContainer }) : api.containers.prefillFromImage({ image: request.image })),
  listNetworks: () => api.containers.listNetworks({}),
  checkName: (name, ignoreContainer) => api.containers.checkName({ name, ...(ignoreContainer ? { ignoreContainer } : {}) }),
  checkPorts: (ports, ignoreContainer) => api.containers.checkPorts({ ports, ...(ignoreContainer ? { ignoreContainer } : {}) }),
  async submit(request, options) {
    const result = request.fromContainer ? await api.containers.recreate({ id: request.fromContainer, options }) : await api.containers.run({ options })
    if (!result) return
    const containers = useContainers.getState()
    containers.watch(result.id)
    void containers.load()
    set({ request: null })
    useNavigation.getState().show('Containers')
  },
  importEnvFile: () => api.containers.importEnvFile({}),
  chooseFolder: () => api.containers.chooseFolder({})
}))
