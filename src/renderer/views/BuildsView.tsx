import { useEffect, useMemo, useState } from 'react'
import { errorMessage } from '../../shared/ipc/errors'
import type { BuildRecord } from '../../shared/ipc/channels/build'
import { BuildDetails } from '../components/build/BuildDetails'
import { revealInstruction } from '../components/build/editorBridge'
import { useDockerfile } from '../store/dockerfile'
import { formatDuration, statusLabel } from '../components/build/format'
import { ensureBuildEvents, isActive, useBuilds } from '../store/build'
import { useNavigation } from '../store/navigation'
import '../styles/build.css'

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'medium' })

/** Running and past builds (the last 50 are kept across restarts): re-open one's steps and log, or rebuild it. */
export function BuildsView() {
  const records = useBuilds((s) => s.records)
  const listError = useBuilds((s) => s.listError)
  const [selected, setSelected] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    ensureBuildEvents()
    void useBuilds.getState().refresh()
  }, [])

  const builds = useMemo(() => Object.values(records).sort((a, b) => Number(isActive(b)) - Number(isActive(a)) || b.startedAt - a.startedAt), [records])
  const current = selected ?? builds[0]?.id ?? null

  useEffect(() => {
    if (current && !useBuilds.getState().loaded[current]) {
      useBuilds
        .getState()
        .open(current)
        .catch((e: unknown) => setError(errorMessage(e)))
    }
  }, [current])

  const rebuild = async (record: BuildRecord) => {
    setError(null)
    try {
      const started = await useBuilds.getState().start(record.request)
      setSelected(started.id)
    } catch (e) {
      setError(errorMessage(e))
    }
  }

  const currentRecord = current ? records[current] : undefined
  const editorFile = useDockerfile((s) => s.filePath)
  const sameFile = !!currentRecord && editorFile !== null && editorFile === currentRecord.request.dockerfilePath
  const reveal = sameFile
    ? (line: number) => {
        useNavigation.getState().show('Dockerfile')
        revealInstruction(line)
      }
    : undefined

  return (
    <section className="view builds-view" aria-labelledby="view-title">
      <header className="view-header">
        <h1 id="view-title">Builds</h1>
      </header>
      {(error || listError) && (
        <div className="banner banner-error build-error" role="alert">
          {error ?? listError}
        </div>
      )}
      {builds.length === 0 ? (
        <p className="muted">No builds yet. Open a Dockerfile and press Build; every build is listed here, the last 50 kept across restarts.</p>
      ) : (
        <div className="builds-layout">
          <ul className="builds-list" aria-label="Builds">
            {builds.map((record) => (
              <li key={record.id} className={record.id === current ? 'selected' : undefined}>
                <button type="button" className="builds-item" onClick={() => setSelected(record.id)} aria-current={record.id === current ? 'true' : undefined} aria-label={`${record.request.tags.join(', ')} — ${statusLabel[record.status]}`}>
                  <span className={`builds-status build-status-${record.status}`}>{statusLabel[record.status]}</span>
                  <span className="builds-tag">{record.request.tags.join(', ')}</span>
                  <span className="muted builds-meta">
                    {timeFormat.format(record.startedAt)}
                    {record.durationMs !== undefined ? ` · ${formatDuration(record.durationMs)}` : ''}
                  </span>
                  <span className="muted builds-meta" title={record.request.dockerfilePath ?? 'unsaved Dockerfile'}>
                    {record.request.dockerfilePath ?? 'Unsaved Dockerfile'} · context {record.request.contextDir}
                  </span>
                </button>
                <button type="button" className="button small" onClick={() => void rebuild(record)} disabled={isActive(record)} aria-label={`Rebuild ${record.request.tags.join(', ')}`}>
                  Rebuild
                </button>
              </li>
            ))}
          </ul>
          <div className="builds-detail">{current && <BuildDetails key={current} buildId={current} {...(reveal ? { onReveal: reveal } : {})} />}</div>
        </div>
      )}
    </section>
  )
}
