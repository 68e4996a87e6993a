import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react'
import { getArgs, getStages, parseDockerfile, setBlockText } from '../../../shared/dockerfile'
import { parseBuildTags } from '../../../shared/docker/build-tag'
import { renderBuildCommand } from '../../../shared/docker/build-command'
import { errorMessage } from '../../../shared/ipc/errors'
import type { BuilderKind, BuildCapabilities, BuildRecord } from '../../../shared/ipc/channels/build'
import type { ContextInfo, FolderSize } from '../../../shared/ipc/channels/context'
import { MAX_DOCKERFILE_TEXT } from '../../../shared/ipc/channels/build'
import { useBuilds } from '../../store/build'
import { useDockerfile } from '../../store/dockerfile'
import { folderOf } from '../../store/dockerfile/context-folder'
import { useImages } from '../../store/images'
import { ModalDialog } from '../dialog/ModalDialog'
import { SecretValueInput } from '../secret/SecretValueInput'
import { BuildSecretsFields, fromRow, toRow, type SecretRow } from './BuildSecretsFields'
import type { EditorSnapshot } from './editorBridge'
import { formatBytes } from './format'
import { applyNearMatch, preflight, type NearMatch } from './preflight'

interface Props {
  editor: EditorSnapshot
  onClose: () => void
}

/** The last build of the same Dockerfile, to prefill tag, arguments and target. */
function previousBuild(records: Record<string, BuildRecord>, filePath: string | null): BuildRecord | undefined {
  return Object.values(records)
    .filter((r) => r.request.dockerfilePath === filePath)
    .sort((a, b) => b.startedAt - a.startedAt)[0]
}

function suggestTag(filePath: string | null, contextDir: string | null): string {
  const folder = (contextDir ?? filePath ?? '').split(/[\\/]/).filter(Boolean).pop() ?? 'myfirstapp'
  const name = folder.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '')
  return `${name || 'myfirstapp'}:latest`
}

/** Build options: image tag, build context, build arguments, target stage, no cache, pull; "Start build". */
export function BuildDialog({ editor, onClose }: Props) {
  const ids = useId()
  // The editor's text, and the editor's own after a near match is applied here.
  const [text, setText] = useState(editor.text)
  const doc = useMemo(() => parseDockerfile(text), [text])
  const stages = useMemo(() => getStages(doc).filter((s) => s.name), [doc])
  const declaredArgs = useMemo(() => {
    const seen = new Map<string, string>()
    for (const arg of getArgs(doc)) if (!seen.has(arg.name)) seen.set(arg.name, arg.defaultValue ?? '')
    return [...seen.entries()]
  }, [doc])
  const previous = useMemo(() => previousBuild(useBuilds.getState().records, editor.filePath), [editor.filePath])

  const [tagField, setTagField] = useState(previous ? previous.request.tags.join(' ') : suggestTag(editor.filePath, editor.contextDir))
  const [contextDir, setContextDir] = useState(editor.contextDir ?? previous?.request.contextDir ?? '')
  // A secret arg of the last build comes back marked secret and empty: Slipway did not keep its value.
  const previousSecrets = useMemo(() => new Set(previous?.request.buildArgs.filter((a) => a.secret).map((a) => a.name) ?? []), [previous])
  const [args, setArgs] = useState<Record<string, string>>(() => {
    const values: Record<string, string> = {}
    for (const [name, value] of declaredArgs) values[name] = previousSecrets.has(name) ? '' : (previous?.request.buildArgs.find((a) => a.name === name)?.value ?? value)
    return values
  })
  const [secretArgs, setSecretArgs] = useState<Record<string, boolean>>(() => Object.fromEntries([...previousSecrets].map((name) => [name, true])))
  const [revealedArgs, setRevealedArgs] = useState<Record<string, boolean>>({})
  const [target, setTarget] = useState(previous?.request.target && stages.some((s) => s.name === previous.request.target) ? previous.request.target : '')
  const [noCache, setNoCache] = useState(false)
  const [pull, setPull] = useState(false)
  const [chosenBuilder, setBuilder] = useState<BuilderKind | null>(null)
  const [capabilities, setCapabilities] = useState<BuildCapabilities | null>(null)
  // Until the engine said what it has, nothing is sent as the builder: main uses the engine's default.
  const builder: BuilderKind | undefined = chosenBuilder ?? capabilities?.defaultBuilder
  const [secretRows, setSecretRows] = useState<SecretRow[]>(() => (previous?.request.secrets ?? []).map(toRow))
  const [ssh, setSsh] = useState(previous?.request.ssh ?? false)
  const [ownSummary, setSummary] = useState<ContextInfo | null>(null)
  const [ownContextError, setContextError] = useState<string | null>(null)
  const [startError, setStartError] = useState<string | null>(null)
  const [starting, setStarting] = useState(false)
  const firstField = useRef<HTMLInputElement>(null)

  // The editor's context listing is the one answer for the editor's folder (its panel shows the same);
  // another folder, or another builder than the listing's, is measured here.
  const editorContextDir = useDockerfile((s) => s.contextDir)
  const editorContext = useDockerfile((s) => s.context)
  const editorContextError = useDockerfile((s) => s.contextError)
  const fromEditor = contextDir.trim() !== '' && contextDir.trim() === editorContextDir && (builder === undefined || editorContext === null || editorContext.builder === builder)
  const summary = fromEditor ? editorContext : ownSummary
  const contextError = fromEditor ? editorContextError : ownContextError
  const imageRows = useImages((s) => s.rows)
  const engineImages = useMemo(() => imageRows.flatMap((r) => (r.reference ? [r.reference] : [])), [imageRows])
  const check = useMemo(() => preflight(doc, summary, engineImages), [doc, summary, engineImages])
  const matchedLines = new Set(check.nearMatches.map((m) => m.line))
  const problems = check.problems.filter((d) => !(d.rule === 'invalid-instruction' && matchedLines.has(d.line)))
  const findings = [...check.nearMatches, ...problems].sort((a, b) => a.line - b.line)
  const dockerfileFolder = editor.filePath ? folderOf(editor.filePath) : null

  const tagCheck = parseBuildTags(tagField)
  const buildkit = builder === 'buildkit'
  const secrets = buildkit ? secretRows.flatMap(fromRow) : []
  const buildArgs = Object.entries(args).map(([name, value]) => (secretArgs[name] ? { name, value, secret: true } : { name, value }))
  const missingSecrets = declaredArgs.filter(([name]) => previousSecrets.has(name) && secretArgs[name] && !args[name]).map(([name]) => name)
  const command = renderBuildCommand(
    {
      tags: tagCheck.tags,
      // Like the CLI: an arg left at the Dockerfile's default need not be passed.
      buildArgs: buildArgs.filter((arg) => arg.secret || declaredArgs.find(([n]) => n === arg.name)?.[1] !== arg.value),
      target: target || null,
      noCache,
      pull,
      dockerfilePath: editor.filePath,
      contextDir,
      ...(builder ? { builder } : {}),
      secrets,
      ssh: buildkit && ssh
    },
    { reveal: new Set(Object.keys(revealedArgs).filter((name) => revealedArgs[name])) }
  )
  const tagError = tagCheck.errors[0] ?? (tagCheck.tags.length === 0 ? 'Give the image a tag, such as myname/myfirstapp:1.0.' : null)

  useEffect(() => {
    firstField.current?.focus()
    void useBuilds.getState().capabilities().then(setCapabilities)
    // Files may have changed since the editor listed them.
    if (useDockerfile.getState().contextDir) void useDockerfile.getState().refreshContext()
  }, [])

  const inspect = useRef(0)
  const inspectContext = async (dir: string) => {
    const call = ++inspect.current
    if (!dir.trim()) {
      setSummary(null)
      setContextError('Choose the build context: the folder whose files the Dockerfile can COPY.')
      return
    }
    try {
      const result = await useBuilds.getState().inspectContext(dir.trim(), editor.filePath, builder)
      if (call !== inspect.current) return
      setSummary(result)
      setContextError(null)
    } catch (error) {
      if (call !== inspect.current) return
      setSummary(null)
      setContextError(errorMessage(error))
    }
  }

  useEffect(() => {
    if (fromEditor) return
    const timer = setTimeout(() => void inspectContext(contextDir), 300)
    return () => clearTimeout(timer)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [contextDir, builder, fromEditor])

  const remeasure = () => (fromEditor ? useDockerfile.getState().refreshContext() : inspectContext(contextDir))

  /** Writes the near match into the editor (the person sees the change there), and builds that text. */
  const applyMatch = (match: NearMatch) => {
    const store = useDockerfile.getState()
    if (store.text !== text) return
    const block = store.doc.blocks.find((b) => (b.kind === 'instruction' || b.kind === 'raw') && b.instructionLine === match.line)
    if (!block || (block.kind !== 'instruction' && block.kind !== 'raw')) return
    store.edit((d) => setBlockText(d, block.id, applyNearMatch(block.instructionText, match)))
    setText(useDockerfile.getState().text)
  }

  const choose = async () => {
    const chosen = await useBuilds.getState().chooseContext(contextDir || undefined)
    if (chosen) setContextDir(chosen)
  }

  const ignoreFolder = async (folder: FolderSize) => {
    try {
      await useBuilds.getState().ignoreInContext(contextDir.trim(), [folder.pattern])
      await remeasure()
    } catch (error) {
      setContextError(errorMessage(error))
    }
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (tagError || !contextDir.trim()) return
    if (missingSecrets.length > 0) {
      setStartError(`Enter the secret value of ${missingSecrets.join(', ')} again: Slipway does not keep secret values. To build without one, untick Secret.`)
      return
    }
    if (text.length > MAX_DOCKERFILE_TEXT) {
      setStartError(
        `This Dockerfile has ${text.length.toLocaleString('en')} characters; Slipway builds Dockerfiles of up to ${MAX_DOCKERFILE_TEXT.toLocaleString('en')}. A Dockerfile is usually a few kilobytes: move large content into files in the build context and COPY them.`
      )
      return
    }
    setStarting(true)
    setStartError(null)
    try {
      await useBuilds.getState().start({
        dockerfileText: text,
        dockerfilePath: editor.filePath,
        contextDir: contextDir.trim(),
        tags: tagCheck.tags,
        buildArgs,
        target: target || null,
        noCache,
        pull,
        ...(builder ? { builder } : {}),
        ...(secrets.length > 0 ? { secrets } : {}),
        ...(buildkit && ssh ? { ssh: true } : {})
      })
      onClose()
    } catch (error) {
      setStartError(errorMessage(error))
      setStarting(false)
    }
  }

  const large = summary && summary.totalBytes > summary.warnAboveBytes
  return (
    <ModalDialog className="build-dialog" labelledBy={`${ids}-title`} onClose={onClose}>
        <form onSubmit={(e) => void submit(e)} noValidate>
          <h2 id={`${ids}-title`}>Build an image</h2>
          <p className="muted build-dialog-file">
            {editor.filePath ? `Builds ${editor.filePath} as the editor shows it${''}` : 'Builds the unsaved Dockerfile in the editor'}; your file is not changed.
          </p>

          <label className="build-field" htmlFor={`${ids}-tag`}>
            Image tag
          </label>
          <input
            id={`${ids}-tag`}
            ref={firstField}
            value={tagField}
            onChange={(e) => setTagField(e.target.value)}
            aria-invalid={!!tagError}
            aria-describedby={`${ids}-tag-help`}
            spellCheck={false}
          />
          <p id={`${ids}-tag-help`} className={tagError ? 'build-field-error' : 'muted build-field-help'} aria-live="polite">
            {tagError ?? 'name:tag, e.g. myname/myfirstapp:1.0 (several: separate with spaces)'}
          </p>

          <label className="build-field" htmlFor={`${ids}-context`}>
            Build context
          </label>
          <div className="build-context-row">
            <input id={`${ids}-context`} value={contextDir} onChange={(e) => setContextDir(e.target.value)} aria-describedby={`${ids}-context-help`} spellCheck={false} />
            <button type="button" className="button" onClick={() => void choose()}>
              Choose…
            </button>
          </div>
          <div id={`${ids}-context-help`} className="build-context-summary">
            {contextError ? (
              <p className="build-field-error">{contextError}</p>
            ) : summary ? (
              <p className="muted">
                Sends {summary.sentFiles} {summary.sentFiles === 1 ? 'file' : 'files'}, {formatBytes(summary.totalBytes)}
                {summary.ignoreFile ? ` (after ${summary.ignoreFile.name})` : ''}
              </p>
            ) : (
              <p className="muted">Measuring the build context…</p>
            )}
          </div>
          {large && summary && (
            <div className="banner build-large" role="region" aria-label="Large build context">
              <p>
                The build context is {formatBytes(summary.totalBytes)}.{' '}
                {summary.builder === 'buildkit' ? 'BuildKit reads all of it on the first build.' : 'Slipway sends all of it to the engine before building.'} The largest folders:
              </p>
              <ul>
                {summary.largestFolders.map((folder) => (
                  <li key={folder.path}>
                    <code>{folder.path}</code> {formatBytes(folder.bytes)}{' '}
                    <button type="button" className="button small" onClick={() => void ignoreFolder(folder)}>
                      Add {folder.path} to .dockerignore
                    </button>
                  </li>
                ))}
              </ul>
            </div>
          )}
          {summary && summary.warnings.length > 0 && (
            <ul className="build-warnings" aria-label="Build context notes">
              {summary.warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          )}

          {findings.length > 0 && (
            <section className="banner build-preflight" aria-label="Problems found before building">
              <p>
                <strong>{problems.length > 0 ? 'The editor found problems that will likely make this build fail:' : 'Check these before building:'}</strong>
              </p>
              <ul>
                {findings.map((f) =>
                  'right' in f ? (
                    <li key={`${f.line}-${f.wrong}`}>
                      Line {f.line}: {f.message}{' '}
                      <button type="button" className="button small" onClick={() => applyMatch(f)}>
                        Change to {f.right}
                      </button>
                    </li>
                  ) : (
                    <li key={`${f.line}-${f.rule}-${f.message}`}>
                      Line {f.line}: {f.message}
                    </li>
                  )
                )}
              </ul>
              {check.missingSources && dockerfileFolder && dockerfileFolder !== contextDir.trim() && (
                <p>
                  The Dockerfile is in <code>{dockerfileFolder}</code>, and the build context is another folder.{' '}
                  <button type="button" className="button small" onClick={() => setContextDir(dockerfileFolder)}>
                    Use the Dockerfile’s folder
                  </button>
                </p>
              )}
            </section>
          )}
          {declaredArgs.length > 0 && (
            <fieldset className="build-args" aria-describedby={`${ids}-args-help`}>
              <legend>Build arguments</legend>
              {declaredArgs.map(([name]) => (
                <div key={name} className="build-arg">
                  <label htmlFor={`${ids}-arg-${name}`}>{name}</label>
                  <SecretValueInput
                    id={`${ids}-arg-${name}`}
                    name={name}
                    value={args[name] ?? ''}
                    secret={Boolean(secretArgs[name])}
                    revealed={Boolean(revealedArgs[name])}
                    describedBy={missingSecrets.includes(name) ? `${ids}-arg-${name}-hint` : undefined}
                    onChange={(value) => setArgs({ ...args, [name]: value })}
                    onSecretChange={(secret) => setSecretArgs({ ...secretArgs, [name]: secret })}
                    onRevealChange={(revealed) => setRevealedArgs({ ...revealedArgs, [name]: revealed })}
                  />
                  {missingSecrets.includes(name) && (
                    <p id={`${ids}-arg-${name}-hint`} className="secret-hint build-field-error">
                      Secret: enter again. Slipway did not keep the value from the last build.
                    </p>
                  )}
                </div>
              ))}
              <p id={`${ids}-args-help`} className="muted build-field-help secret-hint">
                A secret value is hidden here and shown as **** in the command, and Slipway never saves it. Docker itself still records build
                arguments in the image’s history (<code>docker history</code>); for passwords and tokens a secret mount (
                <code>RUN --mount=type=secret</code>) keeps them out of the image.
              </p>
            </fieldset>
          )}

          <div className="build-options">
            <label>
              Target stage{' '}
              <select value={target} onChange={(e) => setTarget(e.target.value)}>
                <option value="">Last stage (the whole Dockerfile)</option>
                {stages.map((s) => (
                  <option key={s.index} value={s.name}>
                    {s.name}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Builder{' '}
              <select value={builder ?? ''} onChange={(e) => setBuilder(e.target.value as BuilderKind)}>
                {!builder && <option value="">The engine’s default</option>}
                {capabilities?.builders.includes('buildkit') && <option value="buildkit">BuildKit{capabilities.defaultBuilder === 'buildkit' ? ' (default)' : ''}</option>}
                <option value="classic">Classic builder{capabilities?.defaultBuilder === 'classic' ? ' (default)' : ''}</option>
              </select>
            </label>
            <label>
              <input type="checkbox" checked={noCache} onChange={(e) => setNoCache(e.target.checked)} /> No cache
            </label>
            <label>
              <input type="checkbox" checked={pull} onChange={(e) => setPull(e.target.checked)} /> Always pull the base image
            </label>
          </div>
          {capabilities?.buildkitNote && !capabilities.builders.includes('buildkit') && <p className="muted build-field-help">{capabilities.buildkitNote}</p>}
          {buildkit && (
            <BuildSecretsFields
              idPrefix={ids}
              rows={secretRows}
              onRowsChange={setSecretRows}
              ssh={ssh}
              onSshChange={setSsh}
            />
          )}
          <p className="build-command muted">
            <code aria-label="docker build command">{command}</code>
          </p>

          {startError && (
            <div className="banner banner-error build-error" role="alert">
              {startError}
            </div>
          )}
          <div className="build-dialog-actions">
            <button type="button" className="button" onClick={onClose}>
              Cancel
            </button>
            <button type="submit" className="button primary" disabled={starting}>
              {starting ? 'Starting…' : check.problems.length > 0 ? 'Build anyway' : 'Start build'}
            </button>
          </div>
        </form>
    </ModalDialog>
  )
}
