import { useEffect, useId, useMemo, useState } from 'react'
import type { FilePreview, FileRow } from '../../../../shared/ipc/channels/layers'
import { errorMessage } from '../../../../shared/ipc/errors'
import { useBuilds } from '../../../store/build'
import { useDockerfile } from '../../../store/dockerfile'
import { useLayers } from '../../../store/layers'
import { useNavigation } from '../../../store/navigation'
import { useOperation, useOperations } from '../../../store/operations'
import { revealInstruction } from '../../build/editorBridge'
import { Dialog } from '../../dialog/Dialog'
import { formatBytes } from '../format'
import { ComparePanel } from './ComparePanel'
import { buildOfImage, layerLines } from './dockerfile-blocks'
import { FilePreviewPanel } from './FilePreviewPanel'
import { FileTree } from './FileTree'
import { LayerList } from './LayerList'
import { WastePanel } from './WastePanel'
import type { TreeSort } from './tree'
import './files.css'
import { ErrorText } from '../../ErrorText'

type View = 'layer' | 'image'

/** Inside one image: its layers, each layer's files (alone or stacked), the waste, a file's content, a compare. */
export function ImageFilesDialog({ image, label, onClose }: { image: string; label: string; onClose(): void }) {
  const plan = useLayers((s) => s.plans[image])
  const planError = useLayers((s) => s.errors[image])
  const imageId = plan?.imageId ?? null
  const summary = useLayers((s) => (imageId ? s.summaries[imageId] : undefined))
  const indexError = useLayers((s) => (imageId ? s.errors[imageId] : undefined))
  const operation = useOperation<'layers'>(useLayers((s) => (imageId ? (s.indexing[imageId] ?? null) : null)))

  useEffect(() => {
    void useLayers.getState().plan(image)
  }, [image])

  const running = operation?.state === 'running'
  return (
    <Dialog title={`Files in ${label}`} onClose={onClose} size="large" className="files-dialog" actions={<button type="button" className="button" onClick={onClose}>Close</button>}>
      <ErrorText message={planError} />
      {!plan && !planError && <p className="muted">Asking the engine about the image…</p>}
      {plan && !summary && (
        <div className="files-start">
          <p>
            Reading the files streams the image's export from the engine: about <strong>{formatBytes(plan.size)}</strong>. Nothing is written to disk; what is
            found is kept, so the next time opens at once.
          </p>
          {running ? (
            <div className="files-progress">
              <progress max={Math.max(plan.size, operation.status.readBytes)} value={operation.status.readBytes} aria-label="Reading the image export" />
              <span role="status">
                Read {formatBytes(operation.status.readBytes)} of about {formatBytes(plan.size)}, {operation.status.layersRead} layers
              </span>
              <button type="button" className="button" onClick={() => void useOperations.getState().cancel(operation.id)}>
                Cancel
              </button>
            </div>
          ) : (
            <button type="button" className="button primary" onClick={() => void useLayers.getState().index(plan.imageId)}>
              Read files
            </button>
          )}
          {operation?.state === 'cancelled' && <p role="status">Reading cancelled.</p>}
          <ErrorText message={indexError} />
        </div>
      )}
      {summary && <FilesBrowser key={summary.imageId} imageId={summary.imageId} onClose={onClose} />}
    </Dialog>
  )
}

function FilesBrowser({ imageId, onClose }: { imageId: string; onClose(): void }) {
  const summary = useLayers((s) => s.summaries[imageId])!
  const [layer, setLayer] = useState(summary.layers.length - 1)
  const [view, setView] = useState<View>('layer')
  const [rows, setRows] = useState<{ key: string; rows: FileRow[] } | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [filter, setFilter] = useState('')
  const [changesOnly, setChangesOnly] = useState(false)
  const [sort, setSort] = useState<TreeSort>('name')
  const [selected, setSelected] = useState<{ path: string; row: FileRow | null } | null>(null)
  const [preview, setPreview] = useState<FilePreview | null>(null)
  const [tab, setTab] = useState<'files' | 'compare'>('files')
  const filterId = useId()
  const sortId = useId()
  const key = `${layer}|${view}`

  useEffect(() => {
    let current = true
    useLayers
      .getState()
      .files(imageId, layer, view)
      .then(
        (list) => current && setRows({ key, rows: list }),
        (e: unknown) => current && setError(errorMessage(e))
      )
    return () => {
      current = false
    }
  }, [imageId, layer, view, key])

  const shown = rows?.key === key ? rows.rows : null
  const info = summary.layers[layer]
  const line = useDockerfileLines(imageId)?.[layer] ?? null
  return (
    <div className="files-browser">
      <aside className="files-side">
        <LayerList
          layers={summary.layers}
          selected={layer}
          onSelect={(index) => {
            setLayer(index)
            setSelected(null)
          }}
        />
        <WastePanel summary={summary} onShowLayer={(index) => setLayer(index)} />
      </aside>
      <div className="files-main">
        <div role="tablist" aria-label="Files or compare" className="files-tabs">
          <button type="button" role="tab" aria-selected={tab === 'files'} onClick={() => setTab('files')}>
            Files
          </button>
          <button type="button" role="tab" aria-selected={tab === 'compare'} onClick={() => setTab('compare')}>
            Compare
          </button>
        </div>
        {tab === 'compare' ? (
          <ComparePanel imageId={imageId} />
        ) : (
          <>
            <p className="files-layer-title">
              Layer {layer + 1}: <strong>{info?.instruction}</strong> <code>{info?.text}</code>
              {line !== null && (
                <button
                  type="button"
                  className="button small"
                  onClick={() => {
                    onClose()
                    useNavigation.getState().show('Dockerfile')
                    revealInstruction(line)
                  }}
                >
                  Show in the Dockerfile (line {line})
                </button>
              )}
            </p>
            <div className="files-toolbar">
              <div role="radiogroup" aria-label="Show" className="files-segmented">
                {(['layer', 'image'] as const).map((v) => (
                  <label key={v}>
                    <input type="radio" name={`view-${imageId}`} checked={view === v} onChange={() => setView(v)} />
                    {v === 'layer' ? 'This layer alone' : 'The image after this layer'}
                  </label>
                ))}
              </div>
              <label htmlFor={filterId} className="visually-hidden">
                Filter files by name
              </label>
              <input id={filterId} type="search" placeholder="Filter by name" className="images-input" value={filter} onChange={(e) => setFilter(e.target.value)} />
              <label>
                <input type="checkbox" checked={changesOnly} onChange={(e) => setChangesOnly(e.target.checked)} /> Changes only
              </label>
              <label htmlFor={sortId}>Sort by</label>
              <select id={sortId} value={sort} onChange={(e) => setSort(e.target.value as TreeSort)}>
                <option value="name">name</option>
                <option value="size">size</option>
              </select>
            </div>
            <ErrorText message={error} />
            {!shown && !error && <p className="muted">Loading the files…</p>}
            {shown && (
              <FileTree
                rows={shown}
                filter={filter}
                changesOnly={changesOnly}
                sort={sort}
                selected={selected?.path ?? null}
                onSelect={(row, path) => setSelected({ row, path })}
                onOpen={(row) => {
                  setSelected({ row, path: row.path })
                  void useLayers.getState().readFile(imageId, row.layer, row.path).then(setPreview, (e: unknown) => setError(errorMessage(e)))
                }}
              />
            )}
            {selected?.row && <FilePreviewPanel imageId={imageId} layer={layer} row={selected.row} preview={preview} onPreview={setPreview} />}
          </>
        )}
      </div>
    </div>
  )
}

/** Each layer's line in the Dockerfile the editor shows, when Slipway built the image from that file; else null. */
function useDockerfileLines(imageId: string): (number | null)[] | null {
  const summary = useLayers((s) => s.summaries[imageId])
  const build = useBuilds((s) => buildOfImage(Object.values(s.records), imageId))
  const editorFile = useDockerfile((s) => s.filePath)
  useEffect(() => {
    void useBuilds.getState().refresh()
  }, [])
  return useMemo(() => {
    if (!summary || !build || editorFile === null || build.request.dockerfilePath !== editorFile) return null
    return layerLines(summary.layers, build.steps)
  }, [summary, build, editorFile])
}
