import { useState } from 'react'
import { errorMessage } from '../../../shared/ipc/errors'
import { useRunDialog } from '../../store/runDialog'
import { SecretValueInput } from '../secret/SecretValueInput'
import { newKey, type EnvRow, type FieldErrors } from './form'
import { ColumnHeads } from '../table/ColumnHeads'

/** Environment variables as a table, with import from a .env file. */
export function EnvSection({ rows, errors, onChange }: { rows: EnvRow[]; errors: FieldErrors; onChange(rows: EnvRow[]): void }) {
  const [note, setNote] = useState<{ text: string; error: boolean } | null>(null)
  const update = (rowKey: string, patch: Partial<EnvRow>) => onChange(rows.map((r) => (r.rowKey === rowKey ? { ...r, ...patch } : r)))

  const importFile = async () => {
    setNote(null)
    try {
      const result = await useRunDialog.getState().importEnvFile()
      if (!result) return
      const byName = new Map(rows.filter((r) => r.key !== '' || r.value !== '').map((r) => [r.key, r]))
      for (const entry of result.env) byName.set(entry.key, { ...entry, rowKey: byName.get(entry.key)?.rowKey ?? newKey() })
      onChange([...byName.values()])
      setNote({ text: `Imported ${result.env.length} variable${result.env.length === 1 ? '' : 's'} from ${result.path}.`, error: false })
    } catch (error) {
      setNote({ text: errorMessage(error), error: true })
    }
  }

  return (
    <fieldset className="run-section">
      <legend>Environment variables</legend>
      {rows.length ? (
        <table className="env-table">
          <ColumnHeads names={['Name', 'Value']} actions="Remove" />
          <tbody>
            {rows.map((row, i) => {
              const error = errors[`env:${row.rowKey}`]
              return (
                <tr key={row.rowKey}>
                  <td>
                    <input aria-label={`Variable ${i + 1} name`} value={row.key} aria-invalid={Boolean(error)} onChange={(e) => update(row.rowKey, { key: e.target.value })} />
                    {error ? <p className="field-error">{error}</p> : null}
                  </td>
                  <td>
                    <SecretValueInput
                      name={row.key || `variable ${i + 1}`}
                      inputLabel={`Variable ${i + 1} value`}
                      value={row.value}
                      secret={Boolean(row.secret)}
                      revealed={Boolean(row.revealed)}
                      onChange={(value) => update(row.rowKey, { value })}
                      onSecretChange={(secret) => update(row.rowKey, { secret })}
                      onRevealChange={(revealed) => update(row.rowKey, { revealed })}
                    />
                  </td>
                  <td>
                    <button type="button" className="button small" aria-label={`Remove variable ${row.key || i + 1}`} onClick={() => onChange(rows.filter((r) => r.rowKey !== row.rowKey))}>
                      Remove
                    </button>
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      ) : null}
      <div className="inline-fields">
        <button type="button" className="button" onClick={() => onChange([...rows, { key: '', value: '', rowKey: newKey() }])}>
          Add variable
        </button>
        <button type="button" className="button" onClick={() => void importFile()}>
          Import .env file
        </button>
      </div>
      {note ? <p className={note.error ? 'field-error' : 'muted'}>{note.text}</p> : null}
      <p className="muted">
        A secret value is hidden here and shown as **** in the command, and Slipway never saves it. The container still has it: anyone who can
        run <code>docker inspect</code> on the container sees its environment.
      </p>
    </fieldset>
  )
}
