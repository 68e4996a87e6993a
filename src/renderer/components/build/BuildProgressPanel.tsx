import { useEffect } from 'react'
import { ensureBuildEvents, useBuilds } from '../../store/build'
import { BuildDetails } from './BuildDetails'
import { revealInstruction } from './editorBridge'
import '../../styles/build.css'

/** The live build beside the editor: steps (click one to see its instruction), state, log. */
export function BuildProgressPanel() {
  const currentId = useBuilds((s) => s.currentId)
  useEffect(() => ensureBuildEvents(), [])
  if (!currentId) return null
  return (
    <section className="build-panel" aria-label="Build progress">
      <div className="build-panel-header">
        <h2>Build</h2>
        <button type="button" className="button small" onClick={() => useBuilds.setState({ currentId: null })} aria-label="Close the build panel">
          Close
        </button>
      </div>
      <BuildDetails buildId={currentId} onReveal={revealInstruction} />
    </section>
  )
}
