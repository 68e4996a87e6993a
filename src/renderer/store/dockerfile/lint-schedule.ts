// When the editor lints: a moment after a change, longer for large files (see lint-results.ts for what is
// shown in between).
import { lintDockerfile, prepareForEdits, type LintContext } from '../../../shared/dockerfile'
import type { ContextInfo } from '../../../shared/ipc/channels/context'
import { NO_LINT, recordLint } from '../lint-results'
import type { DockerfileStore } from './state'

const LINT_DELAY_MS = 60
/**
 * Above this size linting waits for typing to pause: a keystroke reparses only the instruction it touched
 * (a few ms even on 2,000 lines), but linting a large file after every key would make typing lag.
 */
const LARGE_TEXT = 20_000
const LARGE_LINT_DELAY_MS = 400

/** What the lint may say about files: nothing when the listing is missing or cut short. */
export function lintContextOf(listing: ContextInfo | null): LintContext {
  const hadolint = listing?.hadolint ? { hadolint: listing.hadolint.config } : {}
  if (!listing || listing.truncated) return hadolint
  return { files: listing.files, ignoredFiles: listing.ignored, ...hadolint }
}

/** Returns `schedule()`: lint the store's document soon (calls while one is pending join it). */
export function createLintScheduler(store: DockerfileStore): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null
  return function scheduleLint() {
    const large = store.getState().text.length > LARGE_TEXT
    if (timer && !large) return
    if (timer) clearTimeout(timer)
    timer = setTimeout(() => {
      timer = null
      const { doc, context, text } = store.getState()
      store.setState({ lint: text.trim() === '' ? NO_LINT : recordLint(doc, lintDockerfile(doc, lintContextOf(context))) })
      if (large) requestIdleCallback(() => prepareForEdits(doc), { timeout: 2000 })
    }, large ? LARGE_LINT_DELAY_MS : LINT_DELAY_MS)
  }
}
