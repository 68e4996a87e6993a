import { useEffect, useRef, useState } from 'react'
import type { TemplateInfo } from '../../../shared/ipc/channels/dockerfile'
import { errorMessage } from '../../../shared/ipc/errors'
import { useDockerfile } from '../../store/dockerfile'
import { Dialog } from '../dialog/Dialog'

/** "New": pick a starter. Templates other than Empty write their files into a folder you choose. */
export function TemplatePicker({ onClose }: { onClose(): void }) {
  const [templates, setTemplates] = useState<TemplateInfo[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const list = useRef<HTMLDivElement>(null)

  useEffect(() => {
    useDockerfile.getState().listTemplates().then(setTemplates, (e: unknown) => setError(errorMessage(e)))
  }, [])
  useEffect(() => {
    if (templates) list.current?.querySelector<HTMLButtonElement>('.template')?.focus()
  }, [templates])

  const pick = async (t: TemplateInfo) => {
    const done = await useDockerfile.getState().newFromTemplate(t.id, t.needsFolder)
    if (done) onClose()
  }

  return (
    <Dialog
      title="New Dockerfile"
      size="wide"
      closeOnBackdrop
      onClose={onClose}
      actions={
        <button type="button" className="button" onClick={onClose}>
          Cancel
        </button>
      }
    >
      <p className="muted">Start empty, or from a working example. An example writes its Dockerfile and app files into a folder you pick.</p>
      {error && <p className="error-text">{error}</p>}
      {!templates && !error && <p className="muted">Loading templates…</p>}
      <div ref={list} className="templates">
        {templates?.map((t) => (
          <button key={t.id} type="button" className="template" aria-describedby={`template-${t.id}`} onClick={() => void pick(t)}>
            <strong>{t.name}</strong>
            <span id={`template-${t.id}`} className="muted">
              {t.description}
              {t.needsFolder && <span className="template-files"> Files: {t.files.join(', ')}</span>}
            </span>
          </button>
        ))}
      </div>
    </Dialog>
  )
}
