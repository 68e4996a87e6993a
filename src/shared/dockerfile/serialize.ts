import type { DockerfileDocument } from './types'

/** The document's text: every block's text in order. An unedited document gives back its source exactly. */
export function serializeDockerfile(doc: DockerfileDocument): string {
  let text = ''
  for (const block of doc.blocks) text += block.text
  return text
}
