import { useEffect, type RefObject } from 'react'

const FOCUSABLE = 'button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), a[href], [tabindex]:not([tabindex="-1"])'

/**
 * Keeps the keyboard inside a modal dialog (Tab and Shift+Tab wrap around) and, when it closes,
 * puts the focus back on what opened it, or on the view's heading when that is gone.
 */
export function useModalFocus(ref: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const root = ref.current
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Tab' || !root) return
      const focusable = [...root.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.getClientRects().length > 0)
      if (focusable.length === 0) return
      const first = focusable[0]!
      const last = focusable[focusable.length - 1]!
      const inside = root.contains(document.activeElement)
      if (event.shiftKey && (document.activeElement === first || !inside)) {
        event.preventDefault()
        last.focus()
      } else if (!event.shiftKey && (document.activeElement === last || !inside)) {
        event.preventDefault()
        first.focus()
      }
    }
    document.addEventListener('keydown', onKeyDown)
    return () => {
      document.removeEventListener('keydown', onKeyDown)
      // After React removed the dialog: the opener may be gone too (a view change).
      requestAnimationFrame(() => {
        if (document.activeElement && document.activeElement !== document.body && document.contains(document.activeElement)) return
        if (opener && opener.isConnected) {
          opener.focus()
          return
        }
        const heading = document.getElementById('view-title')
        if (heading) {
          heading.tabIndex = -1
          heading.focus()
        }
      })
    }
  }, [ref])
}
