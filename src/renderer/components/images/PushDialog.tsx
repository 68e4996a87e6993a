import { useEffect, useId, useState } from 'react'
import { errorMessage } from '../../../shared/ipc/errors'
import { useImages } from '../../store/images'
import { isRunning, useOperation, useOperations } from '../../store/operations'
import { useRegistries } from '../../store/registries'
import { Dialog } from '../dialog/Dialog'
import { LayerProgressList } from './LayerProgressList'
import { pushTarget, splitForPush } from './push-target'
import { ErrorText } from '../ErrorText'

/**
 * "Push…": pick the registry and repository name; the image is tagged for it first when the name is new, then
 * pushed with per-layer progress. The push is an operation: Hide keeps it going, Cancel push stops it.
 */
export function PushDialog({ source, onClose }: { source: string; onClose(): void }) {
  const initial = splitForPush(source)
  const [registry, setRegistry] = useState(initial.registry)
  const [name, setName] = useState(initial.name)
  const [pushId, setPushId] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const operation = useOperation<'push'>(pushId)
  const ids = { registry: useId(), name: useId(), hint: useId() }
  const target = pushTarget(registry, name)
  const retag = target.ok && target.reference !== source
  const busy = isRunning(operation)
  const command = target.ok ? (retag ? `docker tag ${source} ${target.reference} && docker push ${target.reference}` : `docker push ${target.reference}`) : null

  async function start() {
    if (!target.ok) return setError(target.message)
    setError(null)
    try {
      setPushId((await useRegistries.getState().push(target.reference, retag ? source : undefined)).id)
    } catch (e) {
      setError(errorMessage(e))
    }
  }

  const finished = operation?.state === 'finished'
  // A push that tagged the image first: the list shows the new tag.
  useEffect(() => {
    if (finished) useImages.getState().refresh()
  }, [finished])
  const shownError = error ?? (operation?.state === 'failed' ? operation.error : null)
  return (
    <Dialog
      title="Push image"
      size="wide"
      onClose={onClose}
      onSubmit={() => void start()}
      actions={
        <>
          {busy && (
            <button type="button" className="button danger" onClick={() => void useOperations.getState().cancel(pushId!).catch((e: unknown) => setError(errorMessage(e)))}>
              Cancel push
            </button>
          )}
          <button type="button" className="button" onClick={onClose}>
            {busy ? 'Hide' : 'Close'}
          </button>
          <button type="submit" className="button primary" disabled={busy || !target.ok}>
            {busy ? 'Pushing…' : 'Push'}
          </button>
        </>
      }
    >
      <p className="muted">Pushing {source}. Log in to the registry first in Registries (in the sidebar) unless it takes anonymous pushes.</p>
      <div className="images-field">
        <label htmlFor={ids.registry}>Registry</label>
        <input id={ids.registry} className="images-input" value={registry} placeholder="Docker Hub, or host:port" spellCheck={false} autoComplete="off" disabled={busy} onChange={(e) => setRegistry(e.target.value)} />
      </div>
      <div className="images-field">
        <label htmlFor={ids.name}>Repository and tag</label>
        <input id={ids.name} className="images-input" value={name} placeholder="myname/myfirstapp:latest" spellCheck={false} autoComplete="off" disabled={busy} aria-invalid={!target.ok} aria-describedby={ids.hint} onChange={(e) => setName(e.target.value)} />
        <p id={ids.hint} className={target.ok ? 'muted' : 'error-text'}>
          {target.ok ? `The equivalent command: ${command}` : target.message}
        </p>
      </div>
      {operation && <LayerProgressList label="Push progress" progress={operation.status} done={/Pushed|exists|Mounted/i} counting={(layer) => layer.status === 'Pushing'} />}
      {finished && (
        <p role="status" className="muted">
          Pushed {operation.status.reference}
          {operation.result?.digest ? ` (${operation.result.digest})` : ''}.
        </p>
      )}
      {operation?.state === 'cancelled' && (
        <p role="status" className="muted">
          Push of {operation.status.reference} cancelled.
        </p>
      )}
      <ErrorText message={shownError} />
    </Dialog>
  )
}
