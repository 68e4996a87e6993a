// What the build UI needs from the editor: the text as shown now, its file and build context, and a way
// to reveal an instruction.
import { useDockerfile } from '../../store/dockerfile'

export interface EditorSnapshot {
  text: string
  filePath: string | null
  contextDir: string | null
}

/** What the editor shows now (saved or not). */
export function readEditor(): EditorSnapshot {
  const { text, filePath, contextDir } = useDockerfile.getState()
  return { text, filePath, contextDir }
}

/** Selects and highlights the instruction on a 1-based line in the editor. */
export function revealInstruction(line: number): void {
  useDockerfile.getState().revealInstruction(line)
}
