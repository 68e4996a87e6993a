import { useEffect, useId, useRef, type ReactNode } from 'react'
import '../../styles/images.css'

interface ModalProps {
  title: string
  onClose(): void
  children: ReactNode
  /** Buttons at the bottom, right-aligned. */
  actions: ReactNode
  wide?: boolean
}

/** A modal dialog (role dialog, named by its title): Escape and the backdrop close it, focus starts inside and returns after. */
export function Modal({ title, onClose, children, actions, wide }: ModalProps) {
  const titleId = useId()
  const ref = useRef<HTMLDivElement>(null)
  useEffect(() => {
    const before = document.activeElement as HTMLElement | null
    const first = ref.current?.querySelector<HTMLElement>('[data-autofocus], input, button:not([disabled])')
    first?.focus()
    return () => before?.focus?.()
  }, [])
  return (
    <div className="images-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div
        ref={ref}
        className={`images-modal${wide ? ' wide' : ''}`}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.stopPropagation()
            onClose()
          }
          if (e.key === 'Tab') trapFocus(e, ref.current)
        }}
      >
        <h2 id={titleId}>{title}</h2>
        <div className="images-modal-body">{children}</div>
        <div className="images-modal-actions">{actions}</div>
      </div>
    </div>
  )
}

function trapFocus(event: React.KeyboardEvent, root: HTMLElement | null): void {
  if (!root) return
  const focusable = [...root.querySelectorAll<HTMLElement>('button:not([disabled]), input:not([disabled]), [tabindex="0"], a[href], textarea')]
  if (focusable.length === 0) return
  const first = focusable[0]!
  const last = focusable[focusable.length - 1]!
  if (event.shiftKey && document.activeElement === first) {
    event.preventDefault()
    last.focus()
  } else if (!event.shiftKey && document.activeElement === last) {
    event.preventDefault()
    first.focus()
  }
}
