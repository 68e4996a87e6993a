import { useLayoutEffect, useRef, type ReactNode } from 'react'
import '../../styles/dialog.css'
import { tabStops } from './tabStops'

export interface ModalDialogProps {
  /** The id of the element that names the dialog (its title). */
  labelledBy: string
  /** Asked to close: Escape, and a click on the backdrop when `closeOnBackdrop`. The caller unmounts the dialog. */
  onClose(): void
  closeOnBackdrop?: boolean
  className?: string
  children: ReactNode
}

/**
 * A native `<dialog>` opened with showModal(): the browser makes the rest of the page inert (no Tab,
 * no click, hidden from screen readers), moves the focus in, and turns Escape into a `cancel` event.
 * Tab wraps round at the ends, as the page's only tab stops (Chromium would otherwise stop once on the
 * browser's own UI, outside the page). It is open for as long as it is mounted; on unmount the focus goes back to what opened it; when
 * that is gone, to the tab stop of the widget it was in (`data-focus-scope`), or else to the view's heading.
 */
export function ModalDialog({ labelledBy, onClose, closeOnBackdrop = false, className, children }: ModalDialogProps) {
  const ref = useRef<HTMLDialogElement>(null)
  const onCloseRef = useRef(onClose)
  useLayoutEffect(() => {
    onCloseRef.current = onClose
  })

  useLayoutEffect(() => {
    const dialog = ref.current
    if (!dialog) return
    const opener = document.activeElement instanceof HTMLElement && document.activeElement !== document.body ? document.activeElement : null
    // A widget with one tab stop that moves (a grid) marks itself, so a row gone meanwhile hands the focus to the stop's new place.
    const scope = opener?.closest<HTMLElement>('[data-focus-scope]') ?? null
    let unmounting = false
    const onCancel = (event: Event) => {
      // React decides when the dialog goes (by unmounting it), so the browser does not close it itself.
      event.preventDefault()
      onCloseRef.current()
    }
    // Chromium may close without a cancelable `cancel` (Escape twice without user activation): follow it.
    const onNativeClose = () => {
      if (!unmounting) onCloseRef.current()
    }
    dialog.addEventListener('cancel', onCancel)
    dialog.addEventListener('close', onNativeClose)
    if (!dialog.open) dialog.showModal()
    return () => {
      unmounting = true
      dialog.removeEventListener('cancel', onCancel)
      dialog.removeEventListener('close', onNativeClose)
      if (dialog.open) dialog.close()
      if (opener?.isConnected) opener.focus()
      // After React has removed the dialog: the opener may have gone with it (a deleted row, a view change).
      requestAnimationFrame(() => {
        const active = document.activeElement
        if (active && active !== document.body && active.isConnected) return
        if (opener?.isConnected) {
          opener.focus()
          return
        }
        const stop = scope?.isConnected ? scope.querySelector<HTMLElement>('[tabindex="0"]') : null
        if (stop) {
          stop.focus()
          return
        }
        const heading = document.getElementById('view-title')
        if (heading) {
          heading.tabIndex = -1
          heading.focus()
        }
      })
    }
  }, [])

  return (
    <dialog
      ref={ref}
      className={`modal-dialog${className ? ` ${className}` : ''}`}
      aria-labelledby={labelledBy}
      onKeyDown={(event) => {
        if (event.key !== 'Tab' || event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return
        const stops = tabStops(event.currentTarget)
        const first = stops[0]
        const last = stops[stops.length - 1]
        const active = document.activeElement
        if (!first || !last) {
          event.preventDefault()
        } else if (event.shiftKey && (active === first || active === event.currentTarget)) {
          event.preventDefault()
          last.focus()
        } else if (!event.shiftKey && active === last) {
          event.preventDefault()
          first.focus()
        }
      }}
      onMouseDown={(event) => {
        // A press on the ::backdrop targets the dialog element itself, outside its box.
        if (!closeOnBackdrop || event.target !== event.currentTarget) return
        const box = event.currentTarget.getBoundingClientRect()
        const outside = event.clientX < box.left || event.clientX > box.right || event.clientY < box.top || event.clientY > box.bottom
        if (outside) onClose()
      }}
    >
      {children}
    </dialog>
  )
}
