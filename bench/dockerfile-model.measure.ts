// What the model bench measures, with nothing but the model itself: it runs in Node and, bundled,
// in a Chromium page (see dockerfile-model.page.ts).
import { lintDockerfile, parseDockerfile, prepareForEdits, reparseDockerfile, serializeDockerfile, type DockerfileDocument } from '../src/shared/dockerfile'
import { clearValidationCache } from '../src/shared/dockerfile/lint'

export const COLD_RUNS = 20
export const EDIT_RUNS = 50

export interface ModelTimes {
  /** Opening: parse + lint with nothing remembered (ms per run). */
  cold: number[]
  /** One character typed in the middle of the file: reparse + lint (ms per keystroke). */
  edit: number[]
}

export function measureModel(text: string): ModelTimes {
  // Warm the JIT up, then open the file with nothing remembered each time (a new text each time:
  // the last parsed texts are remembered).
  for (let i = 0; i < 5; i++) {
    clearValidationCache()
    lintDockerfile(parseDockerfile(`${text}# warm-up ${i}\n`))
  }
  const cold: number[] = []
  for (let i = 0; i < COLD_RUNS; i++) {
    const variant = text.replace('WORKDIR /app', `WORKDIR /app${i}`)
    clearValidationCache()
    const start = performance.now()
    lintDockerfile(parseDockerfile(variant))
    cold.push(performance.now() - start)
  }

  // As the editor does: open, lint, and in idle time prepare for edits; then type into one RUN.
  let doc: DockerfileDocument = parseDockerfile(text)
  lintDockerfile(doc)
  prepareForEdits(doc)
  let current = text
  const anchor = current.indexOf('RUN echo step', current.length / 2)
  if (anchor === -1) throw new Error('the generated Dockerfile has no RUN to edit in its second half')
  const edit: number[] = []
  for (let i = 0; i < EDIT_RUNS; i++) {
    const at = current.indexOf(' > /tmp/step', anchor)
    current = `${current.slice(0, at)}x${current.slice(at)}`
    const start = performance.now()
    doc = reparseDockerfile(doc, current)
    lintDockerfile(doc)
    edit.push(performance.now() - start)
  }
  if (serializeDockerfile(doc) !== current) throw new Error('the reparsed document does not serialize to the edited text')
  return { cold, edit }
}
