import { fileNameOf, useDockerfile } from '../../store/dockerfile'

/** New, Open, Save, Save As, the file's name and whether it has unsaved changes. */
export function FileBar({ onNew }: { onNew(): void }) {
  const filePath = useDockerfile((s) => s.filePath)
  const dirty = useDockerfile((s) => s.dirty)
  const busy = useDockerfile((s) => s.busy)
  const draftSavedAt = useDockerfile((s) => s.draftSavedAt)
  return (
    <div className="file-bar">
      <div className="file-name" title={filePath ?? 'Not saved yet'}>
        <span className="file-title">{fileNameOf(filePath)}</span>
        {filePath && <span className="file-path muted">{filePath}</span>}
        {dirty && (
          <span className="unsaved" title="Unsaved changes">
            ● Unsaved changes
          </span>
        )}
        <span className="draft-note muted" aria-live="polite">
          {dirty && draftSavedAt ? `Draft kept ${new Date(draftSavedAt).toLocaleTimeString()}` : ''}
        </span>
      </div>
      <div className="file-actions">
        <button type="button" className="button" title="New Dockerfile (Ctrl+N)" onClick={onNew}>
          New…
        </button>
        <button type="button" className="button" title="Open (Ctrl+O)" disabled={busy} onClick={() => void useDockerfile.getState().open()}>
          Open…
        </button>
        <button type="button" className="button" title="Save (Ctrl+S)" disabled={busy} onClick={() => void useDockerfile.getState().save()}>
          Save
        </button>
        <button type="button" className="button" title="Save As (Ctrl+Shift+S)" disabled={busy} onClick={() => void useDockerfile.getState().saveAs()}>
          Save As…
        </button>
      </div>
    </div>
  )
}
