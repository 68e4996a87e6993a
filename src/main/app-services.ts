import type { Dialogs } from './dialogs'
import type { StartIndexWorker } from './docker/images/layers'
import type { EngineConnection } from './docker/engine-connection'
import type { EventFollower } from './docker/events'
import type { ResolveEnvironment } from './docker/engine-resolution'
import type { SettingsStore } from './files/settings'
import type { HostGrants } from './grants'
import type { Emit } from './ipc'
import type { Operations } from './operations'

/** What every handler group may use. Built once by the Electron main or by the test harness. */
export interface AppServices {
  engine: EngineConnection
  /** The engine's event stream, for services that keep caches fresh. */
  events: EventFollower
  dialogs: Dialogs
  /** Host folders the person gave Slipway in a native dialog; the only owner of that list. */
  grants: HostGrants
  settings: SettingsStore
  /** Where drafts, history and settings live (Electron's userData, or a temp folder in tests). */
  dataDir: string
  environment: Omit<ResolveEnvironment, 'chosenContext'>
  emit: Emit
  /** Long operations (pull, logs, build): ids, batched progress, cancel. */
  operations: Operations
  /** Opens a URL in the system browser (Electron's shell.openExternal, or a recorder in tests). */
  openExternal: (url: string) => Promise<void>
  appVersion: string
  /** Starts the thread that reads an image's export into its file index (layers/index-worker.ts). */
  startIndexWorker: StartIndexWorker
  /** Runs `cleanup` when the app quits (timers and watchers a handler group started). */
  onDispose: (cleanup: () => void) => void
}
