import { useId, type FormEvent, type ReactNode } from 'react'
import { ModalDialog } from './ModalDialog'

export interface DialogProps {
  /** The heading; it also names the dialog for screen readers (and for getByRole('dialog', { name })). */
  title: ReactNode
  onClose(): void
  children: ReactNode
  /** Buttons at the bottom, right-aligned. Leave out when the body brings its own. */
  actions?: ReactNode
  /** When given, title, body and actions are one form: Enter in a field submits it. */
  onSubmit?(event: FormEvent<HTMLFormElement>): void
  size?: 'normal' | 'wide' | 'large'
  closeOnBackdrop?: boolean
  className?: string
}

/** The shared modal layout: a title, a scrolling body and a row of actions, in a native modal `<dialog>`. */
export function Dialog({ title, onClose, children, actions, onSubmit, size = 'normal', closeOnBackdrop = false, className }: DialogProps) {
  const titleId = useId()
  const content = (
    <>
      <h2 id={titleId} className="app-dialog-title">
        {title}
      </h2>
      <div className="app-dialog-body">{children}</div>
      {actions && <div className="app-dialog-actions">{actions}</div>}
    </>
  )
  return (
    <ModalDialog labelledBy={titleId} onClose={onClose} closeOnBackdrop={closeOnBackdrop} className={`app-dialog ${size}${className ? ` ${className}` : ''}`}>
      {onSubmit ? (
        <form
          className="app-dialog-frame"
          noValidate
          onSubmit={(event) => {
            event.preventDefault()
            onSubmit(event)
          }}
        >
          {content}
        </form>
      ) : (
        <div className="app-dialog-frame">{content}</div>
      )}
    </ModalDialog>
  )
}
