import { useEffect } from 'react'
import { ConnectionBanner } from './components/ConnectionBanner'
import { EngineStatusBar } from './components/EngineStatusBar'
import { RunDialogHost } from './components/RunDialogHost'
import { Sidebar } from './components/Sidebar'
import { useConnection } from './store/connection'
import { useImages } from './store/images'
import { useNavigation } from './store/navigation'
import { BuildsView } from './views/BuildsView'
import { ContainersView } from './views/ContainersView'
import { DockerfileView } from './views/DockerfileView'
import { ImagesView } from './views/ImagesView'

const viewComponents = {
  Dockerfile: DockerfileView,
  Images: ImagesView,
  Containers: ContainersView,
  Builds: BuildsView
}

export function App() {
  const view = useNavigation((s) => s.view)
  const start = useConnection((s) => s.start)
  useEffect(() => start(), [start])
  // The images list is the app's central one: live from start, so the Images view opens on its rows.
  const keepImagesLive = useImages((s) => s.keepLive)
  useEffect(() => keepImagesLive(), [keepImagesLive])
  const View = viewComponents[view]
  return (
    <div className="app">
      <Sidebar />
      <main className="main" aria-label={view}>
        <ConnectionBanner />
        <View />
      </main>
      <EngineStatusBar />
      <RunDialogHost />
    </div>
  )
}
