import { useState } from 'react'
import { errorMessage } from '../../../shared/ipc/errors'
import { useOperations } from '../../store/operations'
import { useImageUpdate, useRegistries } from '../../store/registries'
import { useRunDialog } from '../../store/runDialog'
import { PushDialog } from '../images/PushDialog'
import { ErrorText } from '../ErrorText'

/** "Newer image available" for one tag, as a small badge (nothing while unchecked or up to date). */
export function UpdateBadge({ reference }: { reference: string | null }) {
  const update = useImageUpdate(reference)
  if (update?.state !== 'update-available') return null
  return (
    <span className="registries-badge" title={`The registry has ${update.remoteDigest}`}>
      Update available
    </span>
  )
}

/**
 * In an image's details: "Push…", and for a pulled tag whether its registry has a newer image, "Pull update",
 * and the containers still on this image with "Recreate with the new image" (the Run dialog, prefilled from
 * the container, replaces it keeping its settings).
 */
export function ImageRegistryActions({ reference }: { reference: string | null }) {
  const [pushing, setPushing] = useState(false)
  const [message, setMessage] = useState<string | null>(null)
  const update = useImageUpdate(reference)
  const checking = useRegistries((s) => s.checking)
  if (!reference) return null

  const check = () =>
    void useRegistries
      .getState()
      .checkUpdates([reference])
      .then(
        () => setMessage(null),
        (e: unknown) => setMessage(errorMessage(e))
      )
  const pull = () => void useOperations.getState().pull(reference).catch((e: unknown) => setMessage(errorMessage(e)))

  return (
    <section className="registries-update" aria-label="Registry">
      <button type="button" className="button small" onClick={() => setPushing(true)}>
        Push…
      </button>{' '}
      <button type="button" className="button small" disabled={checking} onClick={check}>
        {checking ? 'Checking…' : 'Check for update'}
      </button>
      {update && (
        <div role="status">
          {update.state === 'up-to-date' && <p className="muted">Up to date with its registry.</p>}
          {update.state === 'unknown' && <p className="muted">{update.message}</p>}
          {update.state === 'update-available' && (
            <>
              <p>
                A newer image is available for {update.reference}.{' '}
                <button type="button" className="button small primary" onClick={pull}>
                  Pull update
                </button>
              </p>
              {update.containers.length > 0 && (
                <ul aria-label="Containers on the old image">
                  {update.containers.map((c) => (
                    <li key={c.id}>
                      {c.name} ({c.state}){' '}
                      <button type="button" className="button small" onClick={() => useRunDialog.getState().open({ image: update.reference, fromContainer: c.id })}>
                        Recreate with the new image
                      </button>
                    </li>
                  ))}
                </ul>
              )}
            </>
          )}
        </div>
      )}
      <ErrorText message={message} />
      {pushing && <PushDialog source={reference} onClose={() => setPushing(false)} />}
    </section>
  )
}
