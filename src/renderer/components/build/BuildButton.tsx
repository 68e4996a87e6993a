import { useState } from 'react'
import { BuildDialog } from './BuildDialog'
import { editorAvailable, readEditor, type EditorSnapshot } from './editorBridge'
import '../../styles/build.css'

/** The Dockerfile view's "Build" button: opens the build options for what the editor shows. */
export function BuildButton() {
  const [editor, setEditor] = useState<EditorSnapshot | null>(null)
  const open = () => {
    const snapshot = readEditor()
    if (snapshot) setEditor(snapshot)
  }
  return (
    <>
      <button type="button" className="button primary" onClick={open} disabled={!editorAvailable} title={editorAvailable ? 'Build an image from this Dockerfile' : 'The editor is not available'}>
        Build
      </button>
      {editor && <BuildDialog editor={editor} onClose={() => setEditor(null)} />}
    </>
  )
}
