import { useEffect, useState } from 'react'
import type { PruneMode, PrunePreview } from '../../../shared/ipc/channels/images'
import { errorMessage } from '../../../shared/ipc/errors'
import { useImages } from '../../store/images'
import { formatBytes } from './format'
import { Dialog } from '../dialog/Dialog'
import { ErrorText } from '../ErrorText'

/** "Prune": shows what `docker image prune` (or `-a`) would remove, and removes exactly that list. */
export function PruneDialog() {
  const close = useImages((s) => s.openDialog)
  const [mode, setMode] = useState<PruneMode>('dangling')
  const [answer, setAnswer] = useState<{ mode: PruneMode; preview: PrunePreview | null; error: string | null } | null>(null)
  const [pruneError, setPruneError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const preview = answer?.mode === mode ? answer.preview : null
  const error = pruneError ?? (answer?.mode === mode ? answer.error : null)

  useEffect(() => {
    let current = true
    useImages.getState().previewPrune(mode).then(
      (p) => current && setAnswer({ mode, preview: p, error: null }),
      (e: unknown) => current && setAnswer({ mode, preview: null, error: errorMessage(e) })
    )
    return () => {
      current = false
    }
  }, [mode])

  async function prune() {
    if (!preview) return
    setBusy(true)
    try {
      await useImages.getState().prune(preview)
    } catch (e) {
      setPruneError(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }

  const count = preview?.candidates.length ?? 0
  return (
    <Dialog
      title="Prune images"
      size="wide"
      closeOnBackdrop
      onClose={() => close(null)}
      actions={
        <>
          <button type="button" className="button" onClick={() => close(null)}>
            Cancel
          </button>
          <button type="button" className="button danger" disabled={busy || count === 0} onClick={() => void prune()}>
            {mode === 'dangling' ? 'Prune dangling images' : 'Prune all unused images'}
          </button>
        </>
      }
    >
      <fieldset className="images-prune-mode">
        <legend>What to remove</legend>
        <label>
          <input type="radio" name="prune-mode" checked={mode === 'dangling'} onChange={() => setMode('dangling')} /> Dangling images (untagged, not used by a container){' '}
          <code>docker image prune</code>
        </label>
        <label>
          <input type="radio" name="prune-mode" checked={mode === 'unused'} onChange={() => setMode('unused')} /> All unused images (tagged too, when no container uses them){' '}
          <code>docker image prune -a</code>
        </label>
      </fieldset>
      {!preview && !error && <p className="muted">Checking what would be removed…</p>}
      {preview && count === 0 && <p>Nothing to prune: every image is tagged or in use.</p>}
      {preview && count > 0 && (
        <>
          <p>
            Removes {count} {count === 1 ? 'image' : 'images'} and frees at least <strong>{formatBytes(preview.reclaimable)}</strong> (layers these images share only with each other free more).
          </p>
          <ul className="images-prune-list" aria-label="Images to prune">
            {preview.candidates.map((c) => (
              <li key={c.id}>
                <code>{c.shortId}</code> {c.tags.length ? c.tags.join(', ') : <span className="muted">&lt;none&gt;</span>} <span className="muted">{formatBytes(c.size)}</span>
              </li>
            ))}
          </ul>
        </>
      )}
      <ErrorText message={error} />
    </Dialog>
  )
}
