import { useEffect, useId, useState } from 'react'
import { loginCommand, readRegistryHost, registryDisplayName } from '../../../shared/docker/registry-host'
import type { CredentialSource } from '../../../shared/ipc/channels/registries'
import { errorMessage } from '../../../shared/ipc/errors'
import { useRegistries } from '../../store/registries'
import { Dialog } from '../dialog/Dialog'
import { ColumnHeads } from '../table/ColumnHeads'
import { ErrorText } from '../ErrorText'
import { useAction } from '../useAction'

export function describeSource(source: CredentialSource): string {
  if (source.kind === 'file') return 'config.json (unencrypted)'
  const why = { credHelpers: 'credHelpers for this registry', credsStore: 'credsStore', detected: 'the default helper found on PATH' }[source.from]
  return `docker-credential-${source.helper} (${why})`
}

/** Registries: who is logged in where, as `docker login` stored it; log in and log out. */
export function RegistriesDialog() {
  const { list, error, setOpen, login, logout } = useRegistries()
  const [registry, setRegistry] = useState('')
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  const { busy, error: failure, setError: setFailure, run } = useAction()
  const [result, setResult] = useState<string | null>(null)
  const [warning, setWarning] = useState<string | null>(null)
  const ids = { registry: useId(), username: useId(), password: useId(), hint: useId() }
  const host = readRegistryHost(registry)
  const problem = host.ok ? (/[\r\n]/.test(password) ? 'The password contains a line break: paste it again without it.' : null) : host.message

  useEffect(() => {
    void useRegistries.getState().refresh()
  }, [])

  async function submit() {
    if (problem || !username || !password) {
      setFailure(problem ?? 'Write the username and the password (or access token).')
      return
    }
    setResult(null)
    setWarning(null)
    await run(async () => {
      const done = await login(registry, username, password)
      setResult(`Logged in to ${registryDisplayName(done.registry)} as ${done.username}; stored in ${describeSource(done.source)}.`)
      setWarning(done.warning)
      setPassword('')
    })
  }

  return (
    <Dialog
      title="Registries"
      size="wide"
      onClose={() => setOpen(false)}
      onSubmit={() => void submit()}
      actions={
        <>
          <button type="button" className="button" onClick={() => setOpen(false)}>
            Close
          </button>
          <button type="submit" className="button primary" disabled={busy}>
            {busy ? 'Logging in…' : 'Log in'}
          </button>
        </>
      }
    >
      {list && (
        <p className="muted">
          Logins are stored as <code>docker login</code> stores them, so they work for <code>docker push</code> in a terminal too: {list.configFile}
        </p>
      )}
      <ErrorText message={error} />
      <table className="registries-table" aria-label="Logged-in registries">
        <ColumnHeads names={['Registry', 'Username', 'Stored in']} actions="Actions" />
        <tbody>
          {list?.logins.length === 0 && (
            <tr>
              <td colSpan={4} className="muted">
                No registry logins yet.
              </td>
            </tr>
          )}
          {list?.logins.map((entry) => (
            <tr key={entry.registry}>
              <td>{registryDisplayName(entry.registry)}</td>
              <td>{entry.username}</td>
              <td>{describeSource(entry.source)}</td>
              <td>
                <button
                  type="button"
                  className="button small"
                  aria-label={`Log out of ${registryDisplayName(entry.registry)}`}
                  onClick={() => void logout(entry.registry).then(() => setResult(`Logged out of ${registryDisplayName(entry.registry)}.`), (e: unknown) => setFailure(errorMessage(e)))}
                >
                  Log out
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {list?.problems.map((p) => (
        <p key={p} role="alert" className="error-text">
          {p}
        </p>
      ))}
      <fieldset className="registries-login">
        <legend>Log in</legend>
        <div className="images-field">
          <label htmlFor={ids.registry}>Registry</label>
          <input id={ids.registry} className="images-input" value={registry} placeholder="Docker Hub, or host:port (e.g. localhost:5000)" spellCheck={false} autoComplete="off" aria-invalid={!host.ok} aria-describedby={ids.hint} onChange={(e) => setRegistry(e.target.value)} />
        </div>
        <div className="images-field">
          <label htmlFor={ids.username}>Username</label>
          <input id={ids.username} className="images-input" value={username} spellCheck={false} autoComplete="username" onChange={(e) => setUsername(e.target.value.trim())} />
        </div>
        <div className="images-field">
          <label htmlFor={ids.password}>Password or access token</label>
          <input id={ids.password} className="images-input" type="password" value={password} autoComplete="off" onChange={(e) => setPassword(e.target.value)} />
        </div>
        <p id={ids.hint} className={problem ? 'error-text' : 'muted'}>
          {problem ?? `The equivalent command: ${loginCommand(host.ok ? host.key : registry, username || 'USERNAME')}`}
        </p>
      </fieldset>
      {result && (
        <p role="status" className="muted">
          {result}
        </p>
      )}
      {warning && (
        <p role="note" className="warning-text">
          {warning}
        </p>
      )}
      <ErrorText message={failure} />
    </Dialog>
  )
}
