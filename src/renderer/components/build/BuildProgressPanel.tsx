import { useEffect, useId, useRef } from 'react'
import { ensureBuildEvents, useBuilds } from '../../store/build'
import { BuildDetails } from './BuildDetails'
import { useDockerfile } from '../../store/dockerfile'
import { revealInstruction } from './editorBridge'
import { PanelResizer, usePanelHeight } from './PanelResizer'
import '../../styles/build.css'

/** The live build under the editor: steps (click one to see its instruction), state, log; resizable. */
export function BuildProgressPanel() {
  const currentId = useBuilds((s) => s.currentId)
  useEffect(() => ensureBuildEvents(), [])
  return currentId ? <OpenBuildPanel buildId={currentId} /> : null
}

function OpenBuildPanel({ buildId }: { buildId: string }) {
  const builtPath = useBuilds((s) => s.records[buildId]?.request.dockerfilePath)
  const filePath = useDockerfile((s) => s.filePath)
  const panel = useRef<HTMLElement>(null)
  const id = useId()
  const { height, setHeight, maxHeight } = usePanelHeight(panel)
  // Steps point at lines of the Dockerfile that was built: only while the editor shows that file.
  const sameFile = builtPath !== undefined && builtPath === filePath
  return (
    <>
      <PanelResizer height={height} maxHeight={maxHeight} onResize={setHeight} controls={id} />
      <section id={id} ref={panel} className="build-panel" aria-label="Build progress" style={height === null ? undefined : { height }}>
        <div className="build-panel-header">
          <h2>Build</h2>
          <button type="button" className="button small" onClick={() => useBuilds.setState({ currentId: null })} aria-label="Close the build panel">
            Close
          </button>
        </div>
        <BuildDetails buildId={buildId} {...(sameFile ? { onReveal: revealInstruction } : {})} />
      </section>
    </>
  )
}
