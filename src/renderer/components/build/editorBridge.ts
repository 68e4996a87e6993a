// The editor's store (src/renderer/store/dockerfile.ts, owned by the editor feature),
// reached through a glob so the build UI also compiles while that store is absent.

export interface EditorSnapshot {
  text: string
  filePath: string | null
  contextDir: string | null
}

interface EditorStore {
  getState(): EditorSnapshot & { revealInstruction?(line: number): void }
  subscribe(listener: () => void): () => void
}

const modules = import.meta.glob<{ useDockerfile?: EditorStore }>('../../store/dockerfile.ts', { eager: true })
const store: EditorStore | undefined = Object.values(modules)[0]?.useDockerfile

export const editorAvailable = store !== undefined

/** What the editor shows now (saved or not), or null when there is no editor. */
export function readEditor(): EditorSnapshot | null {
  if (!store) return null
  const { text, filePath, contextDir } = store.getState()
  return { text, filePath, contextDir }
}

/** Selects and highlights the instruction on a 1-based line in the editor. */
export function revealInstruction(line: number): void {
  store?.getState().revealInstruction?.(line)
}

export function subscribeEditor(listener: () => void): () => void {
  return store ? store.subscribe(listener) : () => undefined
}
