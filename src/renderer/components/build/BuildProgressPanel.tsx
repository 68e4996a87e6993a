import { useEffect } from 'react'
import { ensureBuildEvents, useBuilds } from '../../store/build'
import { BuildDetails } from './BuildDetails'
import { useDockerfile } from '../../store/dockerfile'
import { revealInstruction } from './editorBridge'
import '../../styles/build.css'

/** The live build beside the editor: steps (click one to see its instruction), state, log. */
export function BuildProgressPanel() {
  const currentId = useBuilds((s) => s.currentId)
  const builtPath = useBuilds((s) => (s.currentId ? s.records[s.currentId]?.request.dockerfilePath : undefined))
  const filePath = useDockerfile((s) => s.filePath)
  useEffect(() => ensureBuildEvents(), [])
  if (!currentId) return null
  // Steps point at lines of the Dockerfile that was built: only while the editor shows that file.
  const sameFile = builtPath !== undefined && builtPath === filePath
  return (
    <section className="build-panel" aria-label="Build progress">
      <div className="build-panel-header">
        <h2>Build</h2>
        <button type="button" className="button small" onClick={() => useBuilds.setState({ currentId: null })} aria-label="Close the build panel">
          Close
        </button>
      </div>
      <BuildDetails buildId={currentId} {...(sameFile ? { onReveal: revealInstruction } : {})} />
    </section>
  )
}
