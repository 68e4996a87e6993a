import { useEffect, useState } from 'react'
import { validateReference } from '../../../shared/docker/reference'
import { errorMessage } from '../../../shared/ipc/errors'
import { useImages } from '../../store/images'
import { isRunning, useOperation, useOperations } from '../../store/operations'
import { LayerProgressList } from './LayerProgressList'
import { ReferenceField } from './ReferenceField'
import { Dialog } from '../dialog/Dialog'
import { ErrorText } from '../ErrorText'

/** The newest pull still running, which the dialog shows again when it is reopened. */
function runningPullId(): string | null {
  const running = Object.values(useOperations.getState().records).filter((o) => o.kind === 'pull' && o.state === 'running')
  return running.sort((a, b) => b.startedAt - a.startedAt)[0]?.id ?? null
}

/**
 * "Pull image": `docker pull <reference>` with progress per layer. The pull is an operation in the store:
 * Hide closes the dialog and the pull goes on (the status bar shows it); Cancel pull stops the download.
 */
export function PullDialog() {
  const close = useImages((s) => s.openDialog)
  const { pull, cancel } = useOperations.getState()
  const [pullId, setPullId] = useState<string | null>(runningPullId)
  const operation = useOperation<'pull'>(pullId)
  const [reference, setReference] = useState(() => operation?.status.reference ?? '')
  const [touched, setTouched] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [starting, setStarting] = useState(false)
  const busy = starting || isRunning(operation)
  const problem = reference.trim() === '' ? (touched ? 'Write an image reference, e.g. ubuntu:latest.' : null) : validateReference(reference.trim())
  const shownError = error ?? (operation?.state === 'failed' ? operation.error : null)

  // Done: the store put the notice up and refreshes the list; the dialog has nothing left to show.
  const finished = operation?.state === 'finished'
  useEffect(() => {
    if (finished) close(null)
  }, [finished, close])

  async function start() {
    setTouched(true)
    if (problem || reference.trim() === '') return
    setStarting(true)
    setError(null)
    try {
      setPullId((await pull(reference.trim())).id)
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setStarting(false)
    }
  }

  async function stop() {
    if (!pullId) return
    try {
      await cancel(pullId)
    } catch (e) {
      setError(errorMessage(e))
    }
  }

  return (
    <Dialog
      title="Pull image"
      size="wide"
      closeOnBackdrop
      onClose={() => close(null)}
      onSubmit={() => void start()}
      actions={
        <>
          {isRunning(operation) && (
            <button type="button" className="button danger" onClick={() => void stop()}>
              Cancel pull
            </button>
          )}
          <button type="button" className="button" onClick={() => close(null)}>
            {busy ? 'Hide' : 'Cancel'}
          </button>
          <button type="submit" className="button primary" disabled={busy}>
            {busy ? 'Pulling…' : 'Pull'}
          </button>
        </>
      }
    >
      <ReferenceField
        label="Image reference"
        value={reference}
        placeholder="ubuntu:latest"
        problem={problem}
        command={`docker pull ${reference.trim() || 'name:tag'}`}
        disabled={busy}
        onChange={setReference}
      />
      {operation && operation.state !== 'failed' && <LayerProgressList label="Pull progress" progress={operation.status} done={/complete|exists/i} />}
      {busy && <p className="muted">Hide keeps the pull going: the status bar shows it, and Pull image shows it here again.</p>}
      {operation?.state === 'cancelled' && (
        <p role="status" className="muted">
          Pull of {operation.status.reference} cancelled: the engine stopped downloading it.
        </p>
      )}
      <ErrorText message={shownError} />
    </Dialog>
  )
}
