import type { BuildSecret } from '../../../shared/ipc/channels/build'

/** One `--secret` line as the dialog edits it. */
export interface SecretRow {
  id: string
  source: 'file' | 'env'
  /** The file's full path, or the environment variable's name. */
  value: string
}

export const toRow = (secret: BuildSecret): SecretRow => ('file' in secret ? { id: secret.id, source: 'file', value: secret.file } : { id: secret.id, source: 'env', value: secret.env })

/** The rows filled in, as the request carries them. */
export const fromRow = (row: SecretRow): BuildSecret[] => {
  const id = row.id.trim()
  const value = row.value.trim()
  if (!id || !value) return []
  return [row.source === 'file' ? { id, file: value } : { id, env: value }]
}

interface Props {
  idPrefix: string
  rows: SecretRow[]
  onRowsChange: (rows: SecretRow[]) => void
  ssh: boolean
  onSshChange: (ssh: boolean) => void
}

/** BuildKit's `--secret id=…,src=…|env=…` and `--ssh default`, for `RUN --mount=type=secret|ssh`. */
export function BuildSecretsFields({ idPrefix, rows, onRowsChange, ssh, onSshChange }: Props) {
  const change = (index: number, patch: Partial<SecretRow>) => onRowsChange(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)))
  return (
    <fieldset className="build-args build-secrets" aria-describedby={`${idPrefix}-secrets-help`}>
      <legend>Secrets and ssh (BuildKit)</legend>
      {rows.map((row, index) => {
        const n = index + 1
        return (
          <div key={index} className="build-arg build-secret">
            <label htmlFor={`${idPrefix}-secret-id-${index}`}>Secret {n} id</label>
            <input id={`${idPrefix}-secret-id-${index}`} value={row.id} onChange={(e) => change(index, { id: e.target.value })} spellCheck={false} placeholder="npmrc" />
            <select aria-label={`Secret ${n} comes from`} value={row.source} onChange={(e) => change(index, { source: e.target.value as SecretRow['source'] })}>
              <option value="file">a file</option>
              <option value="env">an environment variable</option>
            </select>
            <input
              aria-label={row.source === 'file' ? `Secret ${n} file` : `Secret ${n} environment variable`}
              value={row.value}
              onChange={(e) => change(index, { value: e.target.value })}
              spellCheck={false}
              placeholder={row.source === 'file' ? '/home/me/.npmrc' : 'GITHUB_TOKEN'}
            />
            <button type="button" className="button small" onClick={() => onRowsChange(rows.filter((_, i) => i !== index))}>
              Remove secret {n}
            </button>
          </div>
        )
      })}
      <button type="button" className="button small" onClick={() => onRowsChange([...rows, { id: '', source: 'file', value: '' }])}>
        Add secret
      </button>
      <label className="build-ssh">
        <input type="checkbox" checked={ssh} onChange={(e) => onSshChange(e.target.checked)} /> Forward my ssh agent (--ssh default)
      </label>
      <p id={`${idPrefix}-secrets-help`} className="muted build-field-help">
        A step reads a secret with <code>RUN --mount=type=secret,id=…</code> and the agent with <code>RUN --mount=type=ssh</code>; neither is kept
        in the image. Slipway asks before giving a build a file you did not pick, an environment variable or your agent.
      </p>
    </fieldset>
  )
}
