// Small labelled inputs the instruction forms are made of. Each is controlled by the block's draft
// arguments, so what the person typed (an empty row, a trailing space) stays while they type.
import { useId, type ReactNode } from 'react'
import { ColumnHeads } from '../../table/ColumnHeads'

interface TextFieldProps {
  label: string
  value: string
  onChange(value: string): void
  placeholder?: string
  hint?: string
  error?: string | null
  listId?: string
  wide?: boolean
  /** Hides the visible label (rows label themselves); the accessible name stays. */
  hideLabel?: boolean
  inputMode?: 'numeric' | 'text'
}

export function TextField({ label, value, onChange, placeholder, hint, error, listId, wide, hideLabel, inputMode }: TextFieldProps) {
  const id = useId()
  const hintId = `${id}-hint`
  return (
    <div className={`field${wide ? ' field-wide' : ''}`}>
      {!hideLabel && <label htmlFor={id}>{label}</label>}
      <input
        id={id}
        type="text"
        value={value}
        spellCheck={false}
        autoComplete="off"
        placeholder={placeholder}
        list={listId}
        inputMode={inputMode}
        {...(hideLabel ? { 'aria-label': label } : {})}
        aria-invalid={error ? true : undefined}
        aria-describedby={hint || error ? hintId : undefined}
        onChange={(e) => onChange(e.target.value)}
      />
      {(error || hint) && (
        <span id={hintId} className={error ? 'field-error' : 'field-hint'}>
          {error ?? hint}
        </span>
      )}
    </div>
  )
}

interface SelectFieldProps<T extends string> {
  label: string
  value: T
  options: readonly { value: T; label: string }[]
  onChange(value: T): void
  hideLabel?: boolean
}

export function SelectField<T extends string>({ label, value, options, onChange, hideLabel }: SelectFieldProps<T>) {
  const id = useId()
  return (
    <div className="field">
      {!hideLabel && <label htmlFor={id}>{label}</label>}
      <select id={id} value={value} {...(hideLabel ? { 'aria-label': label } : {})} onChange={(e) => onChange(e.target.value as T)}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  )
}

interface ListFieldProps {
  /** The group's name, e.g. "Commands". */
  label: string
  /** One row's name, numbered: "Command" gives "Command 1", "Command 2"… */
  itemLabel: string
  items: readonly string[]
  onChange(items: string[]): void
  addLabel: string
  placeholder?: string
  hint?: ReactNode
  /** Rows joined by this, shown between them (e.g. "&&"). */
  joiner?: string
  minItems?: number
}

export function ListField({ label, itemLabel, items, onChange, addLabel, placeholder, hint, joiner, minItems = 1 }: ListFieldProps) {
  const id = useId()
  const set = (index: number, value: string) => onChange(items.map((item, i) => (i === index ? value : item)))
  const remove = (index: number) => onChange(items.filter((_, i) => i !== index))
  const move = (index: number, by: number) => {
    const next = [...items]
    const [item] = next.splice(index, 1)
    next.splice(index + by, 0, item ?? '')
    onChange(next)
  }
  return (
    <fieldset className="field-list">
      <legend id={id}>{label}</legend>
      {hint && <p className="field-hint">{hint}</p>}
      <div className="rows">
        {items.map((item, index) => (
          <div key={index} className="row">
            {joiner && index > 0 && <span className="joiner" aria-hidden="true">{joiner}</span>}
            <input
              type="text"
              value={item}
              spellCheck={false}
              autoComplete="off"
              aria-label={`${itemLabel} ${index + 1}`}
              placeholder={placeholder}
              onChange={(e) => set(index, e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') {
                  e.preventDefault()
                  const next = [...items]
                  next.splice(index + 1, 0, '')
                  onChange(next)
                  const row = e.currentTarget.closest('.rows')
                  requestAnimationFrame(() => row?.querySelectorAll('input')[index + 1]?.focus())
                }
              }}
            />
            {items.length > 1 && (
              <span className="row-actions">
                <button type="button" className="icon-button" aria-label={`Move ${itemLabel.toLowerCase()} ${index + 1} up`} disabled={index === 0} onClick={() => move(index, -1)}>
                  ↑
                </button>
                <button type="button" className="icon-button" aria-label={`Move ${itemLabel.toLowerCase()} ${index + 1} down`} disabled={index === items.length - 1} onClick={() => move(index, 1)}>
                  ↓
                </button>
              </span>
            )}
            <button type="button" className="icon-button" aria-label={`Remove ${itemLabel.toLowerCase()} ${index + 1}`} disabled={items.length <= minItems} onClick={() => remove(index)}>
              ✕
            </button>
          </div>
        ))}
      </div>
      <button type="button" className="link-button" onClick={() => onChange([...items, ''])}>
        + {addLabel}
      </button>
    </fieldset>
  )
}

interface PairsFieldProps {
  label: string
  keyLabel: string
  valueLabel: string
  pairs: readonly { key: string; value: string }[]
  onChange(pairs: { key: string; value: string }[]): void
  addLabel: string
  keyPlaceholder?: string
  valuePlaceholder?: string
}

export function PairsField({ label, keyLabel, valueLabel, pairs, onChange, addLabel, keyPlaceholder, valuePlaceholder }: PairsFieldProps) {
  const set = (index: number, part: 'key' | 'value', value: string) => onChange(pairs.map((p, i) => (i === index ? { ...p, [part]: value } : p)))
  return (
    <fieldset className="field-list">
      <legend>{label}</legend>
      <table className="pairs">
        <ColumnHeads names={[keyLabel, valueLabel]} actions="Remove" />
        <tbody>
          {pairs.map((pair, index) => (
            <tr key={index}>
              <td>
                <input type="text" spellCheck={false} value={pair.key} placeholder={keyPlaceholder} aria-label={`${keyLabel} ${index + 1}`} onChange={(e) => set(index, 'key', e.target.value)} />
              </td>
              <td>
                <input type="text" spellCheck={false} value={pair.value} placeholder={valuePlaceholder} aria-label={`${valueLabel} ${index + 1}`} onChange={(e) => set(index, 'value', e.target.value)} />
              </td>
              <td>
                <button type="button" className="icon-button" aria-label={`Remove ${keyLabel.toLowerCase()} ${index + 1}`} disabled={pairs.length <= 1} onClick={() => onChange(pairs.filter((_, i) => i !== index))}>
                  ✕
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" className="link-button" onClick={() => onChange([...pairs, { key: '', value: '' }])}>
        + {addLabel}
      </button>
    </fieldset>
  )
}

export function CheckboxField({ label, checked, onChange }: { label: string; checked: boolean; onChange(checked: boolean): void }) {
  const id = useId()
  return (
    <div className="field field-check">
      <input id={id} type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      <label htmlFor={id}>{label}</label>
    </div>
  )
}
