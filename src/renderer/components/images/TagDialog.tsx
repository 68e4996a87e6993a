import { useState } from 'react'
import { imageLabel } from '../../../shared/docker/image-id'
import { validateReference } from '../../../shared/docker/reference'
import { useImages } from '../../store/images'
import { Dialog } from '../dialog/Dialog'
import { ReferenceField } from './ReferenceField'
import { ErrorText } from '../ErrorText'
import { useAction } from '../useAction'

/** "Add tag": `docker tag <image> <new reference>`, checked against Docker's reference grammar as the person types. */
export function TagDialog({ source, current }: { source: string; current: string }) {
  const close = useImages((s) => s.openDialog)
  const tagImage = useImages((s) => s.tagImage)
  const [target, setTarget] = useState(current)
  const { busy, error, run } = useAction()
  const problem = target.trim() === '' ? null : validateReference(target.trim(), { allowDigest: false })

  async function submit() {
    if (problem || target.trim() === '') return
    await run(() => tagImage(source, target.trim()))
  }

  return (
    <Dialog
      title="Add tag"
      closeOnBackdrop
      onClose={() => close(null)}
      onSubmit={() => void submit()}
      actions={
        <>
          <button type="button" className="button" onClick={() => close(null)}>
            Cancel
          </button>
          <button type="submit" className="button primary" disabled={busy || !!problem || target.trim() === ''}>
            Add tag
          </button>
        </>
      }
    >
      <ReferenceField
        label={`New tag for ${imageLabel(source)}`}
        value={target}
        placeholder="myname/myfirstapp:1.0"
        problem={problem}
        command={`docker tag ${imageLabel(source)} ${target.trim() || 'name:tag'}`}
        onChange={setTarget}
      />
      <ErrorText message={error} />
    </Dialog>
  )
}
