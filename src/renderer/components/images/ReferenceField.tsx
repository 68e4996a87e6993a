import { useId } from 'react'

/** An image reference input; below it the reference's problem when it has one, else the equivalent docker command. */
export function ReferenceField({
  label,
  value,
  placeholder,
  problem,
  command,
  disabled = false,
  onChange
}: {
  label: string
  value: string
  placeholder: string
  problem: string | null
  command: string
  disabled?: boolean
  onChange: (value: string) => void
}) {
  const inputId = useId()
  const hintId = useId()
  return (
    <div className="images-field">
      <label htmlFor={inputId}>{label}</label>
      <input
        id={inputId}
        className="images-input"
        value={value}
        placeholder={placeholder}
        aria-invalid={!!problem}
        aria-describedby={hintId}
        spellCheck={false}
        autoComplete="off"
        disabled={disabled}
        onChange={(e) => onChange(e.target.value)}
      />
      <p id={hintId} className={problem ? 'error-text' : 'muted'}>
        {problem ?? `The equivalent command: ${command}`}
      </p>
    </div>
  )
}
