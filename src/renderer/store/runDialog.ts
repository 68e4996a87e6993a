import { create } from 'zustand'

/** What the run dialog opens with: an image to run, or a container to recreate with changes. */
export interface RunRequest {
  image: string
  /** Set by "Recreate with changes": the container whose settings prefill the form. */
  fromContainer?: string
}

interface RunDialogState {
  request: RunRequest | null
  open(request: RunRequest): void
  close(): void
}

/** Any view opens the run dialog through this store; the dialog itself is rendered once, in App. */
export const useRunDialog = create<RunDialogState>((set) => ({
  request: null,
  open: (request) => set({ request }),
  close: () => set({ request: null })
}))
