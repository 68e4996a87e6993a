// The typed form of each instruction. Every form edits a copy of the arguments and hands it back whole.
import { useId } from 'react'
import type { ArgsByKeyword, CommandArgs, Keyword, PortProtocol } from '../../../../shared/dockerfile'
import { CheckboxField, ListField, PairsField, SelectField, TextField } from './inputs'

export interface FormProps<K extends Keyword> {
  args: ArgsByKeyword[K]
  onChange(args: ArgsByKeyword[K]): void
  /** Names of earlier build stages, offered for COPY --from. */
  stageNames: readonly string[]
}

/** undefined for an empty text box, so an optional flag disappears instead of becoming `--flag=`. */
function optional(value: string): string | undefined {
  return value === '' ? undefined : value
}

function without<T extends object, K extends keyof T>(object: T, key: K, value: T[K] | undefined): T {
  const next = { ...object }
  if (value === undefined) delete next[key]
  else next[key] = value
  return next
}

const PLATFORMS = ['linux/amd64', 'linux/arm64', 'linux/arm/v7', 'linux/386', 'linux/ppc64le', 'linux/s390x']
const SIGNALS = ['SIGTERM', 'SIGINT', 'SIGQUIT', 'SIGKILL', 'SIGHUP', 'SIGUSR1', 'SIGUSR2', 'SIGWINCH']

function FromForm({ args, onChange }: FormProps<'FROM'>) {
  const listId = useId()
  return (
    <div className="fields">
      <TextField label="Image" value={args.image} placeholder="ubuntu" hint="A name from a registry, e.g. python, nginx, ubuntu; or an earlier stage's name" onChange={(v) => onChange({ ...args, image: v.trim() })} wide />
      <TextField label="Tag" value={args.tag ?? ''} placeholder="24.04" onChange={(v) => onChange(without(args, 'tag', optional(v.trim())))} />
      <TextField label="Digest" value={args.digest ?? ''} placeholder="sha256:…" onChange={(v) => onChange(without(args, 'digest', optional(v.trim())))} />
      <TextField label="Platform" value={args.platform ?? ''} placeholder="linux/amd64" listId={listId} onChange={(v) => onChange(without(args, 'platform', optional(v.trim())))} />
      <datalist id={listId}>
        {PLATFORMS.map((p) => (
          <option key={p} value={p} />
        ))}
      </datalist>
      <TextField label="Stage name (AS)" value={args.stageName ?? ''} placeholder="build" onChange={(v) => onChange(without(args, 'stageName', optional(v.trim())))} />
    </div>
  )
}

function RunForm({ args, onChange }: FormProps<'RUN'>) {
  if (args.form === 'heredoc') {
    return (
      <ListField
        label="Script lines (heredoc)"
        itemLabel="Line"
        items={args.commands}
        addLabel="Add line"
        onChange={(commands) => onChange({ ...args, commands })}
      />
    )
  }
  return (
    <div className="fields">
      <SelectField
        label="Form"
        value={args.form}
        options={[
          { value: 'shell', label: 'Shell commands (run by /bin/sh)' },
          { value: 'exec', label: 'Program and arguments (exec form, no shell)' }
        ]}
        onChange={(form) => {
          if (form === 'exec') onChange({ ...args, form, args: args.args ?? args.commands.join(' && ').split(/\s+/).filter(Boolean) })
          else onChange({ ...args, form, commands: args.commands.length ? args.commands : [(args.args ?? []).join(' ')] })
        }}
      />
      {args.form === 'shell' ? (
        <ListField
          label="Commands"
          itemLabel="Command"
          items={args.commands.length ? args.commands : ['']}
          joiner="&&"
          addLabel="Add command"
          placeholder="apt-get update"
          hint="Run one after another in one layer, joined with && (a failing command stops the build). Press Enter for a new command."
          onChange={(commands) => onChange({ ...args, commands })}
        />
      ) : (
        <ListField label="Arguments" itemLabel="Argument" items={args.args ?? ['']} addLabel="Add argument" onChange={(list) => onChange({ ...args, args: list, commands: [list.join(' ')] })} />
      )}
    </div>
  )
}

function CopyForm({ args, onChange, stageNames, keyword }: FormProps<'COPY'> & { keyword: 'COPY' | 'ADD' }) {
  const listId = useId()
  return (
    <div className="fields">
      <ListField
        label="Sources"
        itemLabel="Source"
        items={args.sources.length ? args.sources : ['']}
        addLabel="Add source"
        placeholder={keyword === 'ADD' ? 'https://example.com/file.tar.gz' : 'requirements.txt'}
        hint={args.from ? `Paths inside the stage or image ${args.from}.` : 'Paths relative to the build context folder; wildcards such as *.py work.'}
        onChange={(sources) => onChange({ ...args, sources })}
      />
      <TextField label="Destination" value={args.destination} placeholder="/app/" hint="A path in the image; end it with / to copy into a folder" onChange={(v) => onChange({ ...args, destination: v })} wide />
      <TextField label="From stage or image (--from)" value={args.from ?? ''} placeholder={stageNames[0] ?? 'build'} listId={listId} onChange={(v) => onChange(without(args, 'from', optional(v.trim())))} />
      <datalist id={listId}>
        {stageNames.map((s) => (
          <option key={s} value={s} />
        ))}
      </datalist>
      <TextField label="Owner (--chown)" value={args.chown ?? ''} placeholder="app:app" onChange={(v) => onChange(without(args, 'chown', optional(v.trim())))} />
      <TextField label="Permissions (--chmod)" value={args.chmod ?? ''} placeholder="755" onChange={(v) => onChange(without(args, 'chmod', optional(v.trim())))} />
    </div>
  )
}

function CommandFields({ command, onChange, keyword }: { command: CommandArgs; onChange(command: CommandArgs): void; keyword: string }) {
  return (
    <div className="fields">
      <SelectField
        label="Form"
        value={command.form}
        options={[
          { value: 'exec', label: 'Program and arguments (exec form, recommended)' },
          { value: 'shell', label: 'Shell command (shell form)' }
        ]}
        onChange={(form) =>
          onChange(
            form === 'exec'
              ? { form, args: command.form === 'shell' ? command.command.split(/\s+/).filter(Boolean) : command.args }
              : { form, command: command.form === 'exec' ? command.args.join(' ') : command.command }
          )
        }
      />
      {command.form === 'exec' ? (
        <ListField
          label="Arguments"
          itemLabel="Argument"
          items={command.args.length ? command.args : ['']}
          addLabel="Add argument"
          placeholder={keyword === 'HEALTHCHECK' ? 'curl' : 'python3'}
          hint="The program first, then each argument on its own row; no shell, no quoting needed."
          onChange={(args) => onChange({ form: 'exec', args })}
        />
      ) : (
        // The warning about shell form comes from the linter, shown with this block's problems.
        <TextField label="Command" value={command.command} wide onChange={(v) => onChange({ form: 'shell', command: v })} />
      )}
    </div>
  )
}

function ExposeForm({ args, onChange }: FormProps<'EXPOSE'>) {
  const ports = args.ports.length ? args.ports : [{ port: '' as number | string, protocol: 'tcp' as PortProtocol }]
  const set = (index: number, change: Partial<(typeof ports)[number]>) => onChange({ ports: ports.map((p, i) => (i === index ? { ...p, ...change } : p)) })
  return (
    <fieldset className="field-list">
      <legend>Ports</legend>
      <p className="field-hint">EXPOSE documents where the app listens; it does not publish the port. Publish it when you run the container (-p 8080:5000).</p>
      <div className="rows">
        {ports.map((p, index) => {
          const value = String(p.port)
          const n = /^\d+$/.test(value) ? Number(value) : null
          const error = value === '' ? 'Enter a port number' : n !== null && (n < 1 || n > 65535) ? 'Ports go from 1 to 65535' : null
          return (
            <div key={index} className="row">
              <TextField
                label={`Port ${index + 1}`}
                hideLabel
                inputMode="numeric"
                value={value}
                placeholder="8080"
                error={error}
                onChange={(v) => set(index, { port: /^\d+$/.test(v) ? Number(v) : v })}
              />
              <SelectField
                label={`Protocol ${index + 1}`}
                hideLabel
                value={p.protocol}
                options={[
                  { value: 'tcp', label: 'TCP' },
                  { value: 'udp', label: 'UDP' },
                  { value: 'sctp', label: 'SCTP' }
                ]}
                onChange={(protocol) => set(index, { protocol })}
              />
              <button type="button" className="icon-button" aria-label={`Remove port ${index + 1}`} disabled={ports.length <= 1} onClick={() => onChange({ ports: ports.filter((_, i) => i !== index) })}>
                ✕
              </button>
            </div>
          )
        })}
      </div>
      <button type="button" className="link-button" onClick={() => onChange({ ports: [...ports, { port: '', protocol: 'tcp' }] })}>
        + Add port
      </button>
    </fieldset>
  )
}

function HealthcheckForm({ args, onChange }: FormProps<'HEALTHCHECK'>) {
  return (
    <div className="fields">
      <CheckboxField
        label="No health check (NONE: turn off the base image's check)"
        checked={args.none}
        onChange={(none) => onChange(none ? { none: true } : { none: false, interval: '30s', timeout: '3s', retries: 3, command: { form: 'exec', args: ['curl', '-f', 'http://localhost/'] } })}
      />
      {!args.none && (
        <>
          <TextField label="Interval" value={args.interval ?? ''} placeholder="30s" onChange={(v) => onChange(without(args, 'interval', optional(v.trim())))} />
          <TextField label="Timeout" value={args.timeout ?? ''} placeholder="30s" onChange={(v) => onChange(without(args, 'timeout', optional(v.trim())))} />
          <TextField label="Start period" value={args.startPeriod ?? ''} placeholder="0s" onChange={(v) => onChange(without(args, 'startPeriod', optional(v.trim())))} />
          <TextField
            label="Retries"
            inputMode="numeric"
            value={args.retries === undefined ? '' : String(args.retries)}
            placeholder="3"
            onChange={(v) => onChange(without(args, 'retries', v.trim() === '' ? undefined : /^\d+$/.test(v.trim()) ? Number(v.trim()) : v.trim()))}
          />
          <CommandFields keyword="HEALTHCHECK" command={args.command ?? { form: 'exec', args: [''] }} onChange={(command) => onChange({ ...args, command })} />
        </>
      )}
    </div>
  )
}

export function InstructionFields({ keyword, args, onChange, stageNames }: { keyword: Keyword; args: ArgsByKeyword[Keyword]; onChange(args: ArgsByKeyword[Keyword]): void; stageNames: readonly string[] }) {
  const props = { onChange, stageNames }
  switch (keyword) {
    case 'FROM':
      return <FromForm args={args as ArgsByKeyword['FROM']} {...props} />
    case 'RUN':
      return <RunForm args={args as ArgsByKeyword['RUN']} {...props} />
    case 'COPY':
    case 'ADD':
      return <CopyForm keyword={keyword} args={args as ArgsByKeyword['COPY']} {...props} />
    case 'CMD':
    case 'ENTRYPOINT':
      return <CommandFields keyword={keyword} command={args as CommandArgs} onChange={onChange} />
    case 'EXPOSE':
      return <ExposeForm args={args as ArgsByKeyword['EXPOSE']} {...props} />
    case 'ENV':
    case 'LABEL': {
      const a = args as ArgsByKeyword['ENV']
      return (
        <PairsField
          label={keyword === 'ENV' ? 'Environment variables' : 'Labels'}
          keyLabel={keyword === 'ENV' ? 'Name' : 'Key'}
          valueLabel="Value"
          keyPlaceholder={keyword === 'ENV' ? 'APP_ENV' : 'org.opencontainers.image.title'}
          pairs={a.pairs.length ? a.pairs : [{ key: '', value: '' }]}
          addLabel={keyword === 'ENV' ? 'Add variable' : 'Add label'}
          onChange={(pairs) => onChange({ pairs })}
        />
      )
    }
    case 'ARG': {
      const a = args as ArgsByKeyword['ARG']
      return (
        <div className="fields">
          <TextField label="Name" value={a.name} placeholder="VERSION" onChange={(v) => onChange({ ...a, name: v.trim() })} />
          <TextField label="Default value" value={a.defaultValue ?? ''} placeholder="(none: must be given with --build-arg)" onChange={(v) => onChange(without(a, 'defaultValue', optional(v)))} />
        </div>
      )
    }
    case 'WORKDIR': {
      const a = args as ArgsByKeyword['WORKDIR']
      return (
        <div className="fields">
          <TextField label="Path" value={a.path} placeholder="/app" hint="Created if missing; later RUN, CMD, COPY and ADD use it" wide onChange={(v) => onChange({ path: v })} />
        </div>
      )
    }
    case 'USER': {
      const a = args as ArgsByKeyword['USER']
      return (
        <div className="fields">
          <TextField label="User" value={a.user} placeholder="app" onChange={(v) => onChange({ ...a, user: v.trim() })} />
          <TextField label="Group" value={a.group ?? ''} placeholder="(the user's group)" onChange={(v) => onChange(without(a, 'group', optional(v.trim())))} />
        </div>
      )
    }
    case 'VOLUME': {
      const a = args as ArgsByKeyword['VOLUME']
      return <ListField label="Paths" itemLabel="Path" items={a.paths.length ? a.paths : ['']} addLabel="Add path" placeholder="/data" onChange={(paths) => onChange({ paths })} />
    }
    case 'HEALTHCHECK':
      return <HealthcheckForm args={args as ArgsByKeyword['HEALTHCHECK']} {...props} />
    case 'SHELL': {
      const a = args as ArgsByKeyword['SHELL']
      return <ListField label="Shell and its options" itemLabel="Argument" items={a.args.length ? a.args : ['']} addLabel="Add argument" placeholder="/bin/bash" onChange={(list) => onChange({ args: list })} />
    }
    case 'STOPSIGNAL': {
      const a = args as ArgsByKeyword['STOPSIGNAL']
      return <SignalField value={a.signal} onChange={(signal) => onChange({ signal })} />
    }
    case 'ONBUILD': {
      const a = args as ArgsByKeyword['ONBUILD']
      return (
        <div className="fields">
          <TextField label="Trigger instruction" value={a.trigger} placeholder="COPY . /app" hint="Runs when another Dockerfile uses this image in its FROM" wide onChange={(v) => onChange({ trigger: v })} />
        </div>
      )
    }
    case 'MAINTAINER': {
      const a = args as ArgsByKeyword['MAINTAINER']
      return (
        <div className="fields">
          <TextField label="Maintainer" value={a.name} wide onChange={(v) => onChange({ name: v })} />
        </div>
      )
    }
  }
}

function SignalField({ value, onChange }: { value: string; onChange(value: string): void }) {
  const listId = useId()
  return (
    <div className="fields">
      <TextField label="Signal" value={value} placeholder="SIGTERM" listId={listId} onChange={(v) => onChange(v.trim())} />
      <datalist id={listId}>
        {SIGNALS.map((s) => (
          <option key={s} value={s} />
        ))}
      </datalist>
    </div>
  )
}
