// The main process's handler map, built in-process as the Electron main and the e2e harness build it,
// so tests call channels by wire name with real inputs and get back what the renderer would.
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { startMain, type MainServices, type StartMainOptions } from '../../../src/main/services'
import type { RequestHandler, Transport } from '../../../src/main/transport'
import type { Envelope, IpcErrorData } from '../../../src/shared/ipc/errors'
import { scriptedDialogs, type DialogAnswers, type ScriptedDialogs } from '../scripted-dialogs'
import { sourceIndexWorker } from '../index-worker'

export interface MainUnderTest {
  services: MainServices
  /** The native dialogs, answered by the test; unanswered ones cancel (confirm picks the last button). */
  dialogs: ScriptedDialogs
  /** The dialogs' standing answers (`dialogs.script`). */
  script: DialogAnswers
  /** Every event the main side emitted, in order. */
  events: { channel: string; payload: unknown }[]
  call(wire: string, input: unknown): Promise<Envelope>
  /** The value of a call that must succeed. */
  value<T>(wire: string, input: unknown): Promise<T>
  /** The error of a call that must fail (what the renderer shows is its message). */
  refusal(wire: string, input: unknown): Promise<IpcErrorData>
  dispose(): Promise<void>
}

/** Where no engine answers: for rows that must not need one. */
export const NO_ENGINE = 'unix:///nonexistent/slipway-no-engine.sock'

/**
 * `dockerHost`: the engine; with NO_ENGINE, main starts disconnected and the call returns at once.
 * `homeDir`: the home the engine resolution reads (docker contexts, ~/.ssh); a fresh temp folder unless given.
 * `waitForConnection`: false returns before the engine answers (a test that watches the connecting itself).
 */
export async function startMainUnderTest(
  dockerHost: string,
  options: { homeDir?: string; dialogs?: ScriptedDialogs; waitForConnection?: boolean; engineTiming?: StartMainOptions['engineTiming'] } = {}
): Promise<MainUnderTest> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'slipway-faults-data-'))
  const routes = new Map<string, RequestHandler>()
  const events: { channel: string; payload: unknown }[] = []
  const transport: Transport = {
    handle: (channel, handler) => routes.set(channel, handler),
    emit: (channel, payload) => events.push({ channel, payload })
  }
  const dialogs = options.dialogs ?? scriptedDialogs()
  const services = startMain({
    transport,
    dialogs,
    dataDir,
    openExternal: async () => undefined,
    appVersion: '0.0.0-test',
    startIndexWorker: sourceIndexWorker,
    env: { PATH: process.env.PATH, DOCKER_HOST: dockerHost },
    homeDir: options.homeDir ?? dataDir,
    ...(options.engineTiming ? { engineTiming: options.engineTiming } : {})
  })
  const deadline = Date.now() + 30_000
  while ((options.waitForConnection ?? dockerHost !== NO_ENGINE) && services.app.engine.state.status !== 'connected') {
    if (Date.now() > deadline) throw new Error(`the handlers did not connect to ${dockerHost}: ${JSON.stringify(services.app.engine.state)}`)
    await new Promise((r) => setTimeout(r, 50))
  }
  const call = async (wire: string, input: unknown): Promise<Envelope> => {
    const handler = routes.get(wire)
    if (!handler) throw new Error(`no channel ${wire}`)
    return handler(input, { trusted: true, description: 'faults test' })
  }
  return {
    services,
    dialogs,
    script: dialogs.script,
    events,
    call,
    async value<T>(wire: string, input: unknown): Promise<T> {
      const envelope = await call(wire, input)
      if (!envelope.ok) throw new Error(`${wire} failed: ${envelope.error.message}`)
      return envelope.value as T
    },
    async refusal(wire, input) {
      const envelope = await call(wire, input)
      if (envelope.ok) throw new Error(`${wire} accepted ${JSON.stringify(input).slice(0, 200)} and returned ${JSON.stringify(envelope.value).slice(0, 200)}`)
      return envelope.error
    },
    async dispose() {
      services.dispose()
      await rm(dataDir, { recursive: true, force: true })
    }
  }
}
