import '../../styles/secret.css'

interface Props {
  /** The variable's name, for the controls' accessible names ("Show TOKEN"). */
  name: string
  value: string
  secret: boolean
  revealed: boolean
  onChange(value: string): void
  onSecretChange(secret: boolean): void
  onRevealChange(revealed: boolean): void
  /** For a <label htmlFor>; without it the input is named by `inputLabel`. */
  id?: string
  inputLabel?: string
  describedBy?: string
}

/**
 * A value that may be marked secret: a secret one is typed into a password field (masked until the
 * person reveals it) and shown as **** in the equivalent command; Slipway never saves it.
 */
export function SecretValueInput({ name, value, secret, revealed, onChange, onSecretChange, onRevealChange, id, inputLabel, describedBy }: Props) {
  return (
    <span className="secret-value">
      <input
        id={id}
        aria-label={inputLabel}
        aria-describedby={describedBy}
        type={secret && !revealed ? 'password' : 'text'}
        autoComplete="off"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        spellCheck={false}
      />
      {secret ? (
        <button type="button" className="button small" aria-pressed={revealed} aria-label={`${revealed ? 'Hide' : 'Show'} ${name}`} onClick={() => onRevealChange(!revealed)}>
          {revealed ? 'Hide' : 'Show'}
        </button>
      ) : null}
      <label className="secret-toggle">
        <input
          type="checkbox"
          checked={secret}
          aria-label={`${name} is secret`}
          onChange={(e) => {
            onSecretChange(e.target.checked)
            if (!e.target.checked) onRevealChange(false)
          }}
        />{' '}
        <span aria-hidden="true">Secret</span>
      </label>
    </span>
  )
}
