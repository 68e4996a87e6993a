import { useConnection } from '../store/connection'

const AUTOMATIC = '__automatic__'

/** Lists the docker contexts found and switches between them without a restart. */
export function EngineSwitcher() {
  const { contexts, switchContext, loadContexts, switchError } = useConnection()
  const chosen = contexts?.chosen ?? AUTOMATIC
  return (
    <div className="engine-switcher">
      <label>
        Engine{' '}
        <select
          value={chosen}
          onFocus={() => void loadContexts()}
          onChange={(e) => void switchContext(e.target.value === AUTOMATIC ? null : e.target.value)}
        >
          <option value={AUTOMATIC}>Automatic (as the docker CLI)</option>
          {contexts?.contexts.map((context) => (
            <option key={context.name} value={context.name} title={context.description}>
              {context.name} — {context.host}
              {context.current ? ' (docker CLI current)' : ''}
            </option>
          ))}
        </select>
      </label>
      {switchError ? (
        <span role="alert" className="error-text">
          {switchError}
        </span>
      ) : null}
    </div>
  )
}
