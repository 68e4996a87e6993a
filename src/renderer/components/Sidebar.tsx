import iconUrl from '../assets/icon.svg'
import { useNavigation, views, type ViewName } from '../store/navigation'
import { RegistriesEntry } from './registries/RegistriesEntry'

const icons: Record<ViewName, string> = {
  Dockerfile: '✎',
  Images: '◧',
  Containers: '▣',
  Builds: '⚒'
}

export function Sidebar() {
  const { view, show } = useNavigation()
  return (
    <nav className="sidebar" aria-label="Main">
      <div className="brand">
        <img className="brand-mark" src={iconUrl} alt="" width={26} height={26} /> Slipway
      </div>
      <ul>
        {views.map((name) => (
          <li key={name}>
            <button
              type="button"
              className={name === view ? 'nav-item active' : 'nav-item'}
              aria-current={name === view ? 'page' : undefined}
              onClick={() => show(name)}
            >
              <span className="nav-icon" aria-hidden="true">
                {icons[name]}
              </span>
              {name}
            </button>
          </li>
        ))}
      </ul>
      <RegistriesEntry />
    </nav>
  )
}
