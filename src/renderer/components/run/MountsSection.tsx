import { errorMessage } from '../../../shared/ipc/errors'
import { useRunDialog } from '../../store/runDialog'
import { newKey, type FieldErrors, type MountRow } from './form'

/** Bind mounts (a host folder) and named volumes, each at a container path, optionally read-only. */
export function MountsSection({ rows, errors, onChange, onError }: { rows: MountRow[]; errors: FieldErrors; onChange(rows: MountRow[]): void; onError(message: string): void }) {
  const update = (rowKey: string, patch: Partial<MountRow>) => onChange(rows.map((r) => (r.rowKey === rowKey ? { ...r, ...patch } : r)))
  const choose = async (rowKey: string) => {
    try {
      const folder = await useRunDialog.getState().chooseFolder()
      if (folder) update(rowKey, { source: folder })
    } catch (error) {
      onError(errorMessage(error))
    }
  }
  return (
    <fieldset className="run-section">
      <legend>Bind mounts and volumes</legend>
      {rows.map((row, i) => {
        const error = errors[`mount:${row.rowKey}`]
        const n = i + 1
        return (
          <div key={row.rowKey} className="mount-row" role="group" aria-label={`Mount ${n}`}>
            <select aria-label={`Mount ${n} type`} value={row.type} onChange={(e) => update(row.rowKey, { type: e.target.value as MountRow['type'] })}>
              <option value="bind">Host folder</option>
              <option value="volume">Volume</option>
            </select>
            <input
              aria-label={row.type === 'bind' ? `Mount ${n} host folder` : `Mount ${n} volume name`}
              placeholder={row.type === 'bind' ? '/home/you/site' : 'my-data'}
              value={row.source}
              onChange={(e) => update(row.rowKey, { source: e.target.value })}
            />
            {row.type === 'bind' ? (
              <button type="button" className="button small" onClick={() => void choose(row.rowKey)}>
                Choose folder
              </button>
            ) : null}
            <span aria-hidden="true">→</span>
            <input aria-label={`Mount ${n} container path`} placeholder="/data" value={row.target} onChange={(e) => update(row.rowKey, { target: e.target.value })} />
            <label className="check">
              <input type="checkbox" checked={row.readOnly} onChange={(e) => update(row.rowKey, { readOnly: e.target.checked })} /> Read-only
            </label>
            <button type="button" className="button small" aria-label={`Remove mount ${n}`} onClick={() => onChange(rows.filter((r) => r.rowKey !== row.rowKey))}>
              Remove
            </button>
            {error ? <p className="field-error">{error}</p> : null}
          </div>
        )
      })}
      <button type="button" className="button" onClick={() => onChange([...rows, { rowKey: newKey(), type: 'bind', source: '', target: '', readOnly: false }])}>
        Add bind mount or volume
      </button>
    </fieldset>
  )
}
