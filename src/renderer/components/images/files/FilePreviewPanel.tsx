import { useState } from 'react'
import type { FilePreview, FileRow } from '../../../../shared/ipc/channels/layers'
import { useLayers } from '../../../store/layers'
import { formatBytes } from '../format'
import { formatMode } from './tree'
import { useAction } from '../../useAction'

/** The selected entry's details, its content when opened, and Save as… */
export function FilePreviewPanel({ imageId, layer, row, preview, onPreview }: { imageId: string; layer: number; row: FileRow; preview: FilePreview | null; onPreview(preview: FilePreview | null): void }) {
  const { readFile, saveFile } = useLayers.getState()
  const { busy, error, run } = useAction()
  const [saved, setSaved] = useState('')
  const inThisLayer = row.layer === layer && row.change !== 'removed'
  const canRead = row.change !== 'removed' && (row.type === 'file' || row.type === 'hardlink')

  async function open() {
    setSaved('')
    await run(async () => onPreview(await readFile(imageId, row.layer, row.path)))
  }

  async function save() {
    setSaved('')
    await run(async () => {
      const done = await saveFile(imageId, row.layer, row.path)
      setSaved(done ? `Saved to ${done.savedTo}.` : '')
    })
  }

  return (
    <section className="files-preview" aria-label="Selected file">
      <div className="files-preview-head">
        <code className="files-preview-path">{row.path}</code>
        <span className="muted">
          {row.type}, {formatBytes(row.size)}, {formatMode(row)}, owner {row.uid}:{row.gid}
          {row.linkTarget ? `, → ${row.linkTarget}` : ''}, {row.change === 'removed' ? 'removed by' : inThisLayer ? 'from this layer' : 'from'} layer {row.layer + 1}
        </span>
        {canRead && (
          <>
            <button type="button" className="button" disabled={busy} onClick={() => void open()}>
              Open
            </button>
            <button type="button" className="button" disabled={busy} onClick={() => void save()}>
              Save as…
            </button>
          </>
        )}
      </div>
      <p role="status" className="muted files-preview-status">
        {busy ? 'Reading the image export…' : (error ?? saved)}
      </p>
      {preview && preview.path === row.path && <PreviewBody preview={preview} />}
    </section>
  )
}

function PreviewBody({ preview }: { preview: FilePreview }) {
  if (preview.kind === 'text') {
    return (
      <>
        {preview.truncated && <p className="muted">The first 1 MB of {formatBytes(preview.size)}: Save as… gives the whole file.</p>}
        <pre className="files-preview-text" tabIndex={0} aria-label={`Content of ${preview.path}`}>
          {preview.text}
        </pre>
      </>
    )
  }
  if (preview.kind === 'binary') {
    const lines = preview.head.match(/.{1,32}/g) ?? []
    return (
      <>
        <p>Binary file, {formatBytes(preview.size)}. Its first bytes:</p>
        <pre className="files-preview-text" tabIndex={0} aria-label={`First bytes of ${preview.path}`}>
          {lines.map((line) => line.replace(/(..)/g, '$1 ').trim()).join('\n')}
        </pre>
      </>
    )
  }
  return <p>{preview.kind === 'symlink' ? `A symbolic link to ${preview.linkTarget}.` : `A ${preview.kind}: nothing to show.`}</p>
}
