import { useEffect } from 'react'
import { DeleteDialog } from '../components/images/DeleteDialog'
import { ImageDetailsPanel } from '../components/images/ImageDetails'
import { ImageTable } from '../components/images/ImageTable'
import { PruneDialog } from '../components/images/PruneDialog'
import { PullDialog } from '../components/images/PullDialog'
import { TagDialog } from '../components/images/TagDialog'
import { useImages } from '../store/images'
import '../styles/images.css'

export function ImagesView() {
  const follow = useImages((s) => s.follow)
  const rows = useImages((s) => s.rows)
  const shown = useImages((s) => s.shown)
  const loaded = useImages((s) => s.loaded)
  const error = useImages((s) => s.error)
  const search = useImages((s) => s.search)
  const showDangling = useImages((s) => s.showDangling)
  const danglingHidden = useImages((s) => s.danglingHidden)
  const selected = useImages((s) => s.selected)
  const inspecting = useImages((s) => s.inspecting)
  const dialog = useImages((s) => s.dialog)
  const notice = useImages((s) => s.notice)
  const { setSearch, setShowDangling, openDialog, inspect, refresh } = useImages.getState()

  useEffect(() => follow(), [follow])

  const selectedRows = rows.filter((r) => selected.has(r.key))
  const inspectedRow = inspecting ? rows.find((r) => r.key === inspecting) : undefined

  return (
    <section className="view images-view" aria-labelledby="view-title">
      <header className="view-header">
        <h1 id="view-title">Images</h1>
        <button type="button" className="button" onClick={() => openDialog({ kind: 'pull' })}>
          Pull image
        </button>
        <button type="button" className="button" onClick={() => openDialog({ kind: 'prune' })}>
          Prune…
        </button>
      </header>
      <div className="images-toolbar">
        <input type="search" className="images-search" aria-label="Search images" placeholder="Search by repository, tag, ID or label" value={search} onChange={(e) => setSearch(e.target.value)} />
        <label className="images-toggle">
          <input type="checkbox" checked={showDangling} onChange={(e) => setShowDangling(e.target.checked)} /> Show dangling
          {!showDangling && danglingHidden > 0 && <span className="muted"> ({danglingHidden} hidden)</span>}
        </label>
        <span className="muted images-count">
          {shown.length === rows.length ? `${rows.length} ${rows.length === 1 ? 'tag' : 'tags'}` : `${shown.length} of ${rows.length} tags`}
          {selectedRows.length > 0 && `, ${selectedRows.length} selected`}
        </span>
        <button
          type="button"
          className="button danger-outline"
          disabled={selectedRows.length === 0}
          onClick={() => openDialog({ kind: 'delete', targets: selectedRows.map((r) => r.reference ?? r.id) })}
        >
          Delete selected
        </button>
        <button type="button" className="button" onClick={refresh}>
          Refresh
        </button>
      </div>
      <p className="images-notice" aria-live="polite">
        {notice}
      </p>
      {error && (
        <div className="banner banner-error images-banner" role="alert">
          Could not list images: {error}
        </div>
      )}
      <div className="images-main">
        {loaded && rows.length === 0 && !error ? (
          <div className="images-empty">
            <p>No images yet. Build one from the Dockerfile view, or pull one (e.g. ubuntu:latest).</p>
            <button type="button" className="button primary" onClick={() => openDialog({ kind: 'pull' })}>
              Pull an image
            </button>
          </div>
        ) : (
          <ImageTable rows={shown} />
        )}
        {loaded && rows.length > 0 && shown.length === 0 && <p className="muted images-nomatch">No image matches “{search}”.</p>}
        {inspecting && (
          <ImageDetailsPanel
            key={inspecting}
            image={inspectedRow?.id ?? inspecting.split('|')[0]!}
            label={inspectedRow ? (inspectedRow.reference ?? inspectedRow.shortId) : 'Image'}
            onClose={() => inspect(null)}
          />
        )}
      </div>
      {dialog?.kind === 'delete' && <DeleteDialog targets={dialog.targets} />}
      {dialog?.kind === 'tag' && <TagDialog source={dialog.source} current={dialog.current} />}
      {dialog?.kind === 'pull' && <PullDialog />}
      {dialog?.kind === 'prune' && <PruneDialog />}
    </section>
  )
}
