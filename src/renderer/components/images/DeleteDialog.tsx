import { useEffect, useState } from 'react'
import { imageLabel } from '../../../shared/docker/image-id'
import type { DeletePlan, PlannedImage } from '../../../shared/ipc/channels/images'
import { errorMessage } from '../../../shared/ipc/errors'
import { useImages } from '../../store/images'
import { formatBytes } from './format'
import { Dialog } from '../dialog/Dialog'
import { useAction } from '../useAction'

function describe(image: PlannedImage): string {
  const tags = image.removeTags
  if (image.removesImage) {
    return tags.length > 0
      ? `Removes ${tags.length === 1 ? 'the tag' : 'the tags'} ${tags.join(', ')} and deletes the image ${image.shortId} (${formatBytes(image.size)}).`
      : `Deletes the untagged image ${image.shortId} (${formatBytes(image.size)}).`
  }
  if (image.keepTags.length > 0) {
    return `Removes ${tags.length === 1 ? 'the tag' : 'the tags'} ${tags.join(', ')} only. The image ${image.shortId} stays, still tagged ${image.keepTags.join(', ')}.`
  }
  return `Removes ${tags.length === 1 ? 'the tag' : 'the tags'} ${tags.join(', ')}. The image ${image.shortId} stays (untagged) because child images are built on it.`
}

export function DeleteDialog({ targets }: { targets: string[] }) {
  const close = useImages((s) => s.openDialog)
  // Each review (the first, and "Review again") asks the engine afresh; answers to an older review are dropped.
  const [review, setReview] = useState(0)
  const [answer, setAnswer] = useState<{ review: number; plan: DeletePlan | null; error: string | null }>({ review: -1, plan: null, error: null })
  const { busy, error: confirmError, setError: setConfirmError, run } = useAction()
  useEffect(() => {
    let current = true
    useImages.getState().planDelete(targets).then(
      (plan) => current && setAnswer({ review, plan, error: null }),
      (e: unknown) => current && setAnswer({ review, plan: null, error: errorMessage(e) })
    )
    return () => {
      current = false
    }
  }, [targets, review])
  const plan = answer.review === review ? answer.plan : null
  const error = confirmError ?? (answer.review === review ? answer.error : null)
  const reviewAgain = () => {
    setConfirmError(null)
    setReview((n) => n + 1)
  }

  async function confirm(removeContainers: boolean) {
    if (!plan) return
    await run(() => useImages.getState().deleteImages(plan, removeContainers))
  }

  const inUse = (plan?.containers.length ?? 0) > 0
  const title = targets.length === 1 ? `Delete ${imageLabel(targets[0]!)}` : `Delete ${targets.length} images`
  const actions = (
    <>
      <button type="button" className="button" onClick={() => close(null)}>
        Cancel
      </button>
      {plan && !plan.blocked && inUse && (
        <button type="button" className="button danger" disabled={busy} onClick={() => void confirm(true)}>
          Remove these containers and the image
        </button>
      )}
      {plan && !plan.blocked && !inUse && (
        <button type="button" className="button danger" disabled={busy} onClick={() => void confirm(false)}>
          Delete
        </button>
      )}
    </>
  )

  return (
    <Dialog title={title} onClose={() => close(null)} actions={actions} closeOnBackdrop>
      {!plan && !error && <p className="muted">Checking what this deletes…</p>}
      {plan && (
        <>
          <ul className="images-plan">
            {plan.images.map((image) => (
              <li key={image.id}>
                {describe(image)}
                {image.children.length > 0 && <div className="muted">Child images built on it: {image.children.join(', ')}.</div>}
              </li>
            ))}
          </ul>
          {inUse && (
            <div className="images-inuse">
              <p>
                {plan.containers.length === 1 ? 'A container uses' : `${plan.containers.length} containers use`} {plan.images.length === 1 ? 'this image' : 'these images'}. Docker
                does not delete an image that containers use, so they have to go first:
              </p>
              <ul aria-label="Containers using the image">
                {plan.containers.map((c) => (
                  <li key={c.id}>
                    <strong>{c.name}</strong> <span className={c.running ? 'images-state running' : 'images-state'}>{c.running ? 'running (is stopped, then removed)' : c.state}</span>
                  </li>
                ))}
              </ul>
              <p className="muted">Their volumes are kept. The equivalent commands: docker rm{plan.containers.some((c) => c.running) ? ' -f' : ''} {plan.containers.map((c) => c.name).join(' ')} then docker rmi.</p>
            </div>
          )}
          {!inUse && (
            <p className="muted">
              The equivalent command: docker rmi {plan.images.flatMap((i) => (i.removeTags.length ? i.removeTags : [i.shortId])).join(' ')}
            </p>
          )}
          {plan.blocked && (
            <p className="error-text" role="alert">
              {plan.blocked}
            </p>
          )}
        </>
      )}
      {error && (
        <div role="alert" className="images-error">
          <p>{error}</p>
          <button type="button" className="button" onClick={reviewAgain}>
            Review again
          </button>
        </div>
      )}
    </Dialog>
  )
}
