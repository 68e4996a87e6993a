import { useEffect, useId, useRef, useState } from 'react'
import type { PullProgress } from '../../../shared/ipc/channels/images'
import { validateReference } from '../../../shared/docker/reference'
import { errorMessage } from '../../../shared/ipc/errors'
import { api } from '../../api'
import { useImages } from '../../store/images'
import { formatBytes } from './format'
import { Dialog } from '../dialog/Dialog'

/** "Pull image": `docker pull <reference>` with progress per layer. */
export function PullDialog() {
  const close = useImages((s) => s.openDialog)
  const setNotice = useImages((s) => s.setNotice)
  const [reference, setReference] = useState('')
  const [touched, setTouched] = useState(false)
  const [progress, setProgress] = useState<PullProgress | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const poll = useRef<ReturnType<typeof setInterval> | null>(null)
  const inputId = useId()
  const hintId = useId()
  const problem = reference.trim() === '' ? (touched ? 'Write an image reference, e.g. ubuntu:latest.' : null) : validateReference(reference.trim())

  useEffect(() => () => {
    if (poll.current) clearInterval(poll.current)
  }, [])

  async function pull() {
    setTouched(true)
    if (problem || reference.trim() === '') return
    const pullId = `pull-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`
    setBusy(true)
    setError(null)
    setProgress(null)
    poll.current = setInterval(() => {
      api.images.pullProgress({ pullId }).then((p) => p && setProgress(p), () => undefined)
    }, 300)
    try {
      const result = await api.images.pull({ reference: reference.trim(), pullId })
      setNotice(`Pulled ${result.reference}.`)
      close(null)
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      if (poll.current) clearInterval(poll.current)
      poll.current = null
      setBusy(false)
    }
  }

  return (
    <Dialog
      title="Pull image"
      size="wide"
      closeOnBackdrop
      onClose={() => close(null)}
      onSubmit={() => void pull()}
      actions={
        <>
          <button type="button" className="button" onClick={() => close(null)}>
            {busy ? 'Hide' : 'Cancel'}
          </button>
          <button type="submit" className="button primary" disabled={busy}>
            {busy ? 'Pulling…' : 'Pull'}
          </button>
        </>
      }
    >
      <div className="images-field">
        <label htmlFor={inputId}>Image reference</label>
        <input
          id={inputId}
          className="images-input"
          value={reference}
          placeholder="ubuntu:latest"
          aria-invalid={!!problem}
          aria-describedby={hintId}
          spellCheck={false}
          autoComplete="off"
          disabled={busy}
          onChange={(e) => setReference(e.target.value)}
        />
        <p id={hintId} className={problem ? 'error-text' : 'muted'}>
          {problem ?? `The equivalent command: docker pull ${reference.trim() || 'name:tag'}`}
        </p>
      </div>
      {progress && (
        <div aria-label="Pull progress" role="group">
          <p className="muted">{progress.status}</p>
          <ul className="images-pull-layers">
            {progress.layers.map((layer) => (
              <li key={layer.id}>
                <code>{layer.id}</code>
                <progress aria-label={`Layer ${layer.id}`} max={layer.total || 1} value={layer.total ? layer.current : /complete|exists/i.test(layer.status) ? 1 : 0} />
                <span>
                  {layer.status}
                  {layer.total ? ` ${formatBytes(layer.current)} / ${formatBytes(layer.total)}` : ''}
                </span>
              </li>
            ))}
          </ul>
        </div>
      )}
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
    </Dialog>
  )
}
