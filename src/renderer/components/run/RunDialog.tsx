import { useEffect, useMemo, useRef, useState } from 'react'
import { imageLabel } from '../../../shared/docker/image-id'
import type { PortMapping } from '../../../shared/docker/ports'
import { renderRunCommand, restartPolicies, type RestartPolicy } from '../../../shared/docker/run-command'
import type { NetworkInfo, RunPrefill } from '../../../shared/ipc/channels/containers'
import { errorMessage } from '../../../shared/ipc/errors'
import { useRunDialog, type RunRequest } from '../../store/runDialog'
import '../../styles/run.css'
import { copyText } from '../../clipboard'
import { Dialog } from '../dialog/Dialog'
import { EnvSection } from './EnvSection'
import { formFromOptions, readForm, revealedEnv, type RunForm } from './form'
import { MountsSection } from './MountsSection'
import { PortsSection, type RowConflict } from './PortsSection'
import { useAction } from '../useAction'

const restartLabels: Record<RestartPolicy, string> = {
  no: 'Never (no)',
  always: 'Always',
  'unless-stopped': 'Unless stopped',
  'on-failure': 'On failure'
}

/** Waits for the value to settle before handing it on (for checks that ask the engine). */
function useSettled<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value)
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms)
    return () => clearTimeout(timer)
  }, [value, ms])
  return settled
}

export function RunDialog({ request, onClose }: { request: RunRequest; onClose: () => void }) {
  const [prefill, setPrefill] = useState<RunPrefill | null>(null)
  const [loadError, setLoadError] = useState<string | null>(null)
  const [form, setForm] = useState<RunForm | null>(null)
  const [networks, setNetworks] = useState<NetworkInfo[]>([])

  useEffect(() => {
    let cancelled = false
    const dialog = useRunDialog.getState()
    dialog.prefill(request).then(
      (result) => {
        if (cancelled) return
        setPrefill(result)
        setForm(formFromOptions(result.options, result.exposedPorts))
      },
      (error: unknown) => !cancelled && setLoadError(errorMessage(error))
    )
    dialog.listNetworks().then(
      (list) => !cancelled && setNetworks(list),
      () => undefined
    )
    return () => {
      cancelled = true
    }
  }, [request])

  return (
    <Dialog
      title={
        <>
          {request.fromContainer ? 'Recreate with changes' : 'Run'} <code>{imageLabel(request.image)}</code>
        </>
      }
      size="large"
      className="run-dialog"
      onClose={onClose}
      actions={
        loadError ? (
          <button type="button" className="button" onClick={onClose}>
            Close
          </button>
        ) : undefined
      }
    >
      {loadError ? (
        <p className="field-error" role="alert">
          {loadError}
        </p>
      ) : form && prefill ? (
        <RunFormBody prefill={prefill} form={form} setForm={(update) => setForm((f) => (f ? update(f) : f))} networks={networks} request={request} onClose={onClose} />
      ) : (
        <p className="muted" role="status">
          Reading the image…
        </p>
      )}
    </Dialog>
  )
}

interface BodyProps {
  prefill: RunPrefill
  form: RunForm
  setForm: (update: (form: RunForm) => RunForm) => void
  networks: NetworkInfo[]
  request: RunRequest
  onClose: () => void
}

function RunFormBody({ prefill, form, setForm, networks, request, onClose }: BodyProps) {
  const [nameCheck, setNameCheck] = useState<{ name: string; problem: string | null } | null>(null)
  const [conflicts, setConflicts] = useState<Record<string, RowConflict>>({})
  const [portCheckError, setPortCheckError] = useState<string | null>(null)
  const { busy: submitting, error: submitError, setError: setSubmitError, run } = useAction()
  const [copied, setCopied] = useState<string | null>(null)
  const nameInput = useRef<HTMLInputElement>(null)
  const ignoreContainer = prefill.fromContainer?.id

  const { options, errors, portRowKeys } = useMemo(() => readForm(form), [form])
  const command = renderRunCommand(options, { reveal: revealedEnv(form) })
  const patch = (p: Partial<RunForm>) => setForm((f) => ({ ...f, ...p }))

  useEffect(() => nameInput.current?.focus(), [])

  const settledName = useSettled(options.name, 250)
  useEffect(() => {
    let current = true
    if (!settledName) return
    useRunDialog.getState().checkName(settledName, ignoreContainer).then(
      (problem) => current && setNameCheck({ name: settledName, problem }),
      () => undefined
    )
    return () => {
      current = false
    }
  }, [settledName, ignoreContainer])

  const portsKey = JSON.stringify([options.ports, portRowKeys])
  const settledPorts = useSettled(portsKey, 250)
  useEffect(() => {
    let current = true
    const [ports, keys] = JSON.parse(settledPorts) as [PortMapping[], string[]]
    useRunDialog.getState().checkPorts(ports, ignoreContainer).then(
      (found) => {
        if (!current) return
        const byRow: Record<string, RowConflict> = {}
        for (const conflict of found) {
          const key = keys[conflict.index]
          const hostPort = ports[conflict.index]?.hostPort
          if (key) byRow[key] = { ...conflict, checkedHostPort: hostPort == null ? '' : String(hostPort) }
        }
        setConflicts(byRow)
        setPortCheckError(null)
      },
      (error: unknown) => {
        if (!current) return
        setConflicts({})
        setPortCheckError(`The ports could not be checked: ${errorMessage(error)}`)
      }
    )
    return () => {
      current = false
    }
  }, [settledPorts, ignoreContainer])

  const nameError = errors.name ?? (nameCheck && nameCheck.name === options.name ? nameCheck.problem : null)
  const blocking = Object.keys(errors).length > 0

  const submit = async () => {
    if (blocking) {
      setSubmitError('Fix the fields marked in red first.')
      return
    }
    await run(() => useRunDialog.getState().submit(request, options))
  }

  return (
    <form
      className="run-form"
      onSubmit={(e) => {
        e.preventDefault()
        void submit()
      }}
    >
      <div className="run-scroll">
        <fieldset className="run-section">
          <legend>Container</legend>
          <label className="field">
            Container name
            <input
              ref={nameInput}
              value={form.name}
              placeholder="Docker picks one when empty"
              aria-invalid={Boolean(nameError)}
              aria-describedby={nameError ? 'run-name-error' : undefined}
              onChange={(e) => patch({ name: e.target.value })}
            />
          </label>
          {nameError ? (
            <p id="run-name-error" className="field-error">
              {nameError}
            </p>
          ) : null}
        </fieldset>

        <PortsSection
          rows={form.ports}
          publishAll={form.publishAll}
          exposedPorts={prefill.exposedPorts}
          errors={errors}
          conflicts={conflicts}
          checkError={portCheckError}
          hostPortsFixedAtCreate={prefill.hostPortsFixedAtCreate}
          onChange={(ports) => patch({ ports })}
          onPublishAll={(publishAll) => patch({ publishAll })}
        />
        <EnvSection rows={form.env} errors={errors} onChange={(env) => patch({ env })} />
        <MountsSection rows={form.mounts} errors={errors} onChange={(mounts) => patch({ mounts })} onError={setSubmitError} />

        <fieldset className="run-section">
          <legend>Command and settings</legend>
          <div className="field-grid">
            <label className="field">
              Command
              <input value={form.commandText} placeholder="the image's CMD" aria-invalid={Boolean(errors.command)} onChange={(e) => patch({ commandText: e.target.value })} />
            </label>
            <label className="field">
              Entrypoint
              <input value={form.entrypointText} placeholder="the image's ENTRYPOINT" aria-invalid={Boolean(errors.entrypoint)} onChange={(e) => patch({ entrypointText: e.target.value })} />
            </label>
            {errors.command ? <p className="field-error">Command: {errors.command}</p> : null}
            {errors.entrypoint ? <p className="field-error">Entrypoint: {errors.entrypoint}</p> : null}
            <label className="field">
              Working directory
              <input value={form.workingDir} placeholder="the image's WORKDIR" aria-invalid={Boolean(errors.workingDir)} onChange={(e) => patch({ workingDir: e.target.value })} />
            </label>
            <label className="field">
              User
              <input value={form.user} placeholder="the image's USER" onChange={(e) => patch({ user: e.target.value })} />
            </label>
            {errors.workingDir ? <p className="field-error">{errors.workingDir}</p> : null}
            <label className="field">
              Restart policy
              <select value={form.restart} onChange={(e) => patch({ restart: e.target.value as RestartPolicy })}>
                {restartPolicies.map((policy) => (
                  <option key={policy} value={policy}>
                    {restartLabels[policy]}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              Network
              <select value={form.network} onChange={(e) => patch({ network: e.target.value })}>
                <option value="">Default bridge</option>
                {networks
                  .filter((n) => n.name !== 'bridge')
                  .map((n) => (
                    <option key={n.name} value={n.name}>
                      {n.name} ({n.driver})
                    </option>
                  ))}
                {form.network && !networks.some((n) => n.name === form.network) ? <option value={form.network}>{form.network}</option> : null}
              </select>
            </label>
          </div>
          <label className="check">
            <input type="checkbox" checked={form.autoRemove} onChange={(e) => patch({ autoRemove: e.target.checked })} /> Remove when stopped (--rm)
          </label>
        </fieldset>
      </div>

      <section className="run-command" aria-label="Equivalent command">
        <div className="run-command-head">
          <span>The same in a terminal:</span>
          <button
            type="button"
            className="button small"
            onClick={() => void copyText(command).then((ok) => setCopied(ok ? 'Copied.' : 'Select the command and copy it by hand.'))}
          >
            Copy command
          </button>
          {copied ? (
            <span className="muted" role="status">
              {copied}
            </span>
          ) : null}
        </div>
        <code className="run-command-text" aria-label="docker run command">
          {command}
        </code>
      </section>

      {submitError ? (
        <p className="field-error submit-error" role="alert">
          {submitError}
        </p>
      ) : null}
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onClose} disabled={submitting}>
          Cancel
        </button>
        <button type="submit" className="button primary" disabled={submitting}>
          {submitting ? 'Running…' : 'Run'}
        </button>
      </div>
    </form>
  )
}
