import { useState } from 'react'
import { BuildDialog } from './BuildDialog'
import { readEditor, type EditorSnapshot } from './editorBridge'
import '../../styles/build.css'

/** The Dockerfile view's "Build" button: opens the build options for what the editor shows. */
export function BuildButton() {
  const [editor, setEditor] = useState<EditorSnapshot | null>(null)
  const open = () => setEditor(readEditor())
  return (
    <>
      <button type="button" className="button primary" onClick={open} title="Build an image from this Dockerfile">
        Build
      </button>
      {editor && <BuildDialog editor={editor} onClose={() => setEditor(null)} />}
    </>
  )
}
