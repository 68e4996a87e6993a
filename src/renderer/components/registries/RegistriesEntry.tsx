import '../../styles/registries.css'
import { useRegistries } from '../../store/registries'
import { RegistriesDialog } from './RegistriesDialog'

/** The sidebar's Registries button, and the dialog it opens. */
export function RegistriesEntry() {
  const open = useRegistries((s) => s.open)
  const setOpen = useRegistries((s) => s.setOpen)
  return (
    <>
      <button type="button" className="nav-item" aria-haspopup="dialog" onClick={() => setOpen(true)}>
        <span className="nav-icon" aria-hidden="true">
          ⇅
        </span>
        Registries
      </button>
      {open && <RegistriesDialog />}
    </>
  )
}
