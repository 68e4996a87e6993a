import type { DockerfileDocument } from './types'

// Documents are values (every edit makes a new one), so each one's text is
// worked out at most once; parsing records the text it read.
const texts = new WeakMap<DockerfileDocument, string>()

/** The document's text: every block's text in order. An unedited document gives back its source exactly. */
export function serializeDockerfile(doc: DockerfileDocument): string {
  const known = texts.get(doc)
  if (known !== undefined) return known
  let text = ''
  for (const block of doc.blocks) text += block.text
  texts.set(doc, text)
  return text
}

/** Records that `doc` was read from `text` (its blocks' texts, concatenated). */
export function withText<D extends DockerfileDocument>(doc: D, text: string): D {
  texts.set(doc, text)
  return doc
}
