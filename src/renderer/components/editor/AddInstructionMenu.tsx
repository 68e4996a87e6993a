import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react'
import { instructionHelp, type Keyword } from '../../../shared/dockerfile'
import { Icon } from './icons'

/**
 * The keywords in the order a beginner needs them: what nearly every Dockerfile has first, then the
 * rest; ADD after COPY (COPY is what to reach for), and the deprecated MAINTAINER last.
 */
export const MENU_ORDER: readonly Keyword[] = [
  'FROM', 'WORKDIR', 'COPY', 'RUN', 'EXPOSE', 'CMD', 'ENV', 'ARG', 'ENTRYPOINT', 'USER',
  'ADD', 'LABEL', 'VOLUME', 'HEALTHCHECK', 'SHELL', 'STOPSIGNAL', 'ONBUILD', 'MAINTAINER'
]

/** What each keyword is for, in a few words, shown in the menu. */
function shortHelp(keyword: Keyword): string {
  const summary = instructionHelp[keyword].summary
  const cut = summary.indexOf('.')
  return cut > 0 ? summary.slice(0, cut) : summary
}

interface AddInstructionMenuProps {
  onAdd(keyword: Keyword): void
  /** A small "+" button named `label` (on each block) instead of the "Add instruction" button. */
  compact?: { label: string }
}

/** The "Add instruction" button and its menu of every keyword; arrows, Home/End, a letter, Enter and Escape work. */
export function AddInstructionMenu({ onAdd, compact }: AddInstructionMenuProps) {
  const [open, setOpen] = useState(false)
  const [active, setActive] = useState(0)
  const menuId = useId()
  const button = useRef<HTMLButtonElement>(null)
  const items = useRef<(HTMLButtonElement | null)[]>([])

  useEffect(() => {
    if (open) items.current[active]?.focus()
  }, [open, active])

  useEffect(() => {
    if (!open) return
    const close = (e: MouseEvent) => {
      if (!(e.target instanceof Node) || !button.current?.parentElement?.contains(e.target)) setOpen(false)
    }
    document.addEventListener('mousedown', close)
    return () => document.removeEventListener('mousedown', close)
  }, [open])

  const choose = (keyword: Keyword) => {
    setOpen(false)
    onAdd(keyword)
  }

  const onMenuKey = (e: KeyboardEvent) => {
    const n = MENU_ORDER.length
    if (e.key === 'ArrowDown') setActive((active + 1) % n)
    else if (e.key === 'ArrowUp') setActive((active - 1 + n) % n)
    else if (e.key === 'Home') setActive(0)
    else if (e.key === 'End') setActive(n - 1)
    else if (e.key === 'Escape' || e.key === 'Tab') {
      setOpen(false)
      button.current?.focus()
      if (e.key === 'Tab') return
    } else if (/^[a-z]$/i.test(e.key)) {
      const letter = e.key.toUpperCase()
      const order = [...MENU_ORDER.slice(active + 1), ...MENU_ORDER.slice(0, active + 1)]
      const next = order.find((k) => k.startsWith(letter))
      if (next) setActive(MENU_ORDER.indexOf(next))
    } else return
    e.preventDefault()
  }

  return (
    <div className="add-menu">
      <button
        ref={button}
        type="button"
        className={compact ? 'icon-button' : 'button primary'}
        {...(compact ? { 'aria-label': compact.label, title: compact.label } : {})}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onClick={() => {
          setActive(0)
          setOpen(!open)
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
            e.preventDefault()
            setActive(e.key === 'ArrowDown' ? 0 : MENU_ORDER.length - 1)
            setOpen(true)
          }
        }}
      >
        {compact ? (
          <Icon name="add" />
        ) : (
          <>
            <span aria-hidden="true">+ </span>Add instruction
          </>
        )}
      </button>
      {open && (
        <div id={menuId} role="menu" aria-label="Instructions to add" className={compact ? 'menu menu-end' : 'menu'} onKeyDown={onMenuKey}>
          {MENU_ORDER.map((keyword, i) => (
            <button
              key={keyword}
              ref={(el) => {
                items.current[i] = el
              }}
              type="button"
              role="menuitem"
              aria-label={keyword}
              aria-describedby={`${menuId}-${keyword}`}
              tabIndex={i === active ? 0 : -1}
              className={keyword === 'MAINTAINER' ? 'menu-item deprecated' : 'menu-item'}
              onClick={() => choose(keyword)}
              // Only a pointer that really moves picks the item: Chromium also sends mouse events when a menu opens
              // under a resting pointer, which would undo the arrow keys and letters.
              onMouseMove={(e) => {
                if ((e.movementX !== 0 || e.movementY !== 0) && i !== active) setActive(i)
              }}
            >
              <span className="keyword-badge">{keyword}</span>
              <span className="menu-help" id={`${menuId}-${keyword}`}>{keyword === 'MAINTAINER' ? 'Deprecated: use LABEL maintainer=…' : shortHelp(keyword)}</span>
            </button>
          ))}
        </div>
      )}
    </div>
  )
}
