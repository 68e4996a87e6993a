import { useEffect, useState } from 'react'
import { BuildButton } from '../components/build/BuildButton'
import { BuildProgressPanel } from '../components/build/BuildProgressPanel'
import { BlockList } from '../components/editor/BlockList'
import { ContextPanel } from '../components/editor/ContextPanel'
import { DraftBanner } from '../components/editor/DraftBanner'
import { FileBar } from '../components/editor/FileBar'
import { TemplatePicker } from '../components/editor/TemplatePicker'
import { TextView } from '../components/editor/TextView'
import { useBuilds } from '../store/build'
import { useDockerfile } from '../store/dockerfile'
import '../styles/editor.css'

/** Asks before the window closes with unsaved work (Electron turns this into its close prompt). */
function useBeforeUnload() {
  useEffect(() => {
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      if (!useDockerfile.getState().dirty) return
      e.preventDefault()
      e.returnValue = ''
    }
    window.addEventListener('beforeunload', onBeforeUnload)
    return () => window.removeEventListener('beforeunload', onBeforeUnload)
  }, [])
}

function useShortcuts(openNew: () => void) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey) return
      const key = e.key.toLowerCase()
      const store = useDockerfile.getState()
      if (key === 's') void (e.shiftKey ? store.saveAs() : store.save())
      else if (key === 'o' && !e.shiftKey) void store.open()
      else if (key === 'n' && !e.shiftKey) openNew()
      else return
      e.preventDefault()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [openNew])
}

export function DockerfileView() {
  const error = useDockerfile((s) => s.error)
  const [picking, setPicking] = useState(false)
  const building = useBuilds((s) => s.currentId !== null)
  useBeforeUnload()
  useShortcuts(() => setPicking(true))
  useEffect(() => {
    void useDockerfile.getState().init()
  }, [])
  // Files in the context may have changed while the window was in the background.
  useEffect(() => {
    const onFocus = () => void useDockerfile.getState().refreshContext()
    window.addEventListener('focus', onFocus)
    return () => window.removeEventListener('focus', onFocus)
  }, [])

  return (
    <section className={building ? 'view dockerfile-view has-build-panel' : 'view dockerfile-view'} aria-labelledby="view-title">
      <header className="view-header">
        <h1 id="view-title">Dockerfile</h1>
        <BuildButton />
      </header>
      <FileBar onNew={() => setPicking(true)} />
      <DraftBanner />
      {error && (
        <div className="banner banner-error editor-error" role="alert">
          <span>{error}</span>
          <button type="button" className="button small" onClick={() => useDockerfile.getState().dismissError()}>
            Dismiss
          </button>
        </div>
      )}
      <ContextPanel />
      <div className="editor-split">
        <BlockList />
        <div className="text-panel">
          <TextView />
        </div>
      </div>
      <BuildProgressPanel />
      {picking && <TemplatePicker onClose={() => setPicking(false)} />}
    </section>
  )
}
