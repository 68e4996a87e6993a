// The build context folder of the file being edited: the folder the person chose for it, or else the
// Dockerfile's own folder (what `docker build` is usually given). Pure, so it is unit-tested.

/** The folder holding `file` (either separator; the root stays the root). */
export function folderOf(file: string): string {
  const cut = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'))
  return cut <= 0 ? file.slice(0, cut + 1) || '/' : file.slice(0, cut)
}

export function fileNameOf(file: string | null): string {
  if (!file) return 'Untitled Dockerfile'
  return file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1)
}

export interface ContextFolder {
  contextDir: string | null
  /** The person chose it: it stays when the Dockerfile is saved elsewhere. */
  contextChosen: boolean
}

/**
 * The context folder for a Dockerfile at `filePath` (null: not saved yet) when `chosen` is the folder the
 * person picked (null: none). A pick that is the Dockerfile's own folder counts as no pick, so the
 * context follows the file when it is saved elsewhere.
 */
export function contextFolder(filePath: string | null, chosen: string | null): ContextFolder {
  const own = filePath ? folderOf(filePath) : null
  if (chosen === null || chosen === own) return { contextDir: own, contextChosen: false }
  return { contextDir: chosen, contextChosen: true }
}

/** The folder the person picked, if any: what `contextFolder` needs to keep it across a save or reload. */
export function chosenFolder(state: ContextFolder): string | null {
  return state.contextChosen ? state.contextDir : null
}
