import os from 'node:os'
import type { Dialogs } from './dialogs'
import type { AppServices } from './app-services'
import type { StartIndexWorker } from './docker/images/layers'
import { resolveEngineCandidates, type ResolveEnvironment } from './docker/engine-resolution'
import { EngineConnection } from './docker/engine-connection'
import { SshHostKeys, unknownHostDialog } from './docker/ssh-host-keys'
import { EventFollower } from './docker/events'
import { HostGrants } from './grants'
import { SettingsStore } from './files/settings'
import { createHandlers } from './handlers'
import { bindHandlers, createEmit } from './ipc'
import { Operations } from './operations'
import type { Transport } from './transport'

export interface StartMainOptions {
  transport: Transport
  dialogs: Dialogs
  dataDir: string
  openExternal: (url: string) => Promise<void>
  appVersion: string
  /** The image files' index worker: the bundled script in the app, the TypeScript source in tests. */
  startIndexWorker: StartIndexWorker
  env?: Record<string, string | undefined>
  homeDir?: string
  /** Faster health checks and retries, for tests. */
  engineTiming?: { healthIntervalMs: number; retryDelaysMs: { first: number; max: number } }
}

export interface MainServices {
  app: AppServices
  handlers: ReturnType<typeof bindHandlers>
  dispose(): void
}

/** The connected engine's Unix socket, if it is reached through one. */
function engineSockets(engine: EngineConnection): string[] {
  const state = engine.state
  return state.status === 'connected' && state.endpoint.host.startsWith('unix://') ? [state.endpoint.host.slice('unix://'.length)] : []
}

/** Wires the main process: settings, the engine connection, every handler, bound to one transport. */
export function startMain(options: StartMainOptions): MainServices {
  const settings = new SettingsStore(options.dataDir)
  const environment: Omit<ResolveEnvironment, 'chosenContext'> = {
    env: options.env ?? process.env,
    homeDir: options.homeDir ?? os.homedir(),
    platform: process.platform,
    ...(typeof process.getuid === 'function' ? { uid: process.getuid() } : {})
  }
  const emit = createEmit(options.transport)
  const engine = new EngineConnection({
    resolve: async () => resolveEngineCandidates({ ...environment, chosenContext: (await settings.get()).engineContext }),
    onState: (state) => emit('connectionState', state),
    sshHostKeys: new SshHostKeys({
      homeDir: environment.homeDir,
      confirmUnknownHost: async (question) => (await options.dialogs.confirm(unknownHostDialog(question))) === 0
    }),
    ...(options.engineTiming ?? {})
  })
  const events = new EventFollower(engine)
  events.subscribe((batch) => emit('dockerEvents', batch))
  const grants = new HostGrants({ dialogs: options.dialogs, homeDir: environment.homeDir, engineSockets: () => engineSockets(engine) })
  const operations = new Operations({ emit: (updates) => emit('operationProgress', updates) })
  const cleanups: (() => void)[] = []
  const app: AppServices = {
    engine,
    events,
    dialogs: options.dialogs,
    grants,
    settings,
    dataDir: options.dataDir,
    environment,
    emit,
    operations,
    openExternal: options.openExternal,
    appVersion: options.appVersion,
    startIndexWorker: options.startIndexWorker,
    onDispose: (cleanup) => cleanups.push(cleanup)
  }
  const handlers = bindHandlers(options.transport, createHandlers(app))
  void engine.connect()
  return {
    app,
    handlers,
    dispose: () => {
      for (const cleanup of cleanups.splice(0)) cleanup()
      operations.dispose()
      events.dispose()
      engine.dispose()
    }
  }
}
