import { useDockerfile } from '../../store/dockerfile'

/** Offers back the draft an earlier session left behind (after a crash, a kill, or quitting without saving). */
export function DraftBanner() {
  const draft = useDockerfile((s) => s.draftOffer)
  if (!draft) return null
  const when = new Date(draft.savedAt)
  const time = when.toDateString() === new Date().toDateString() ? when.toLocaleTimeString() : when.toLocaleString()
  return (
    <section className="banner draft-banner" aria-label="Unsaved draft">
      <p>
        <strong>Restore unsaved draft from {time}?</strong>{' '}
        <span className="muted">
          {draft.filePath ? `Changes to ${draft.filePath} that were not saved.` : 'An untitled Dockerfile that was not saved.'}
        </span>
      </p>
      <div className="banner-actions">
        <button type="button" className="button primary" onClick={() => void useDockerfile.getState().restoreDraft()}>
          Restore draft
        </button>
        <button type="button" className="button" onClick={() => void useDockerfile.getState().discardDraft()}>
          Discard draft
        </button>
      </div>
    </section>
  )
}
