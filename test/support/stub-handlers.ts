import { contract } from '../../src/shared/ipc/contract'
import type { Handlers } from '../../src/main/ipc'

/** Handlers for every channel that only record that they ran: for testing the guard, not the work. */
export function recordingHandlers(): { handlers: Handlers; calls: string[] } {
  const calls: string[] = []
  const handlers: Record<string, Record<string, (input: unknown) => Promise<unknown>>> = {}
  for (const [group, channels] of Object.entries(contract)) {
    handlers[group] = {}
    for (const name of Object.keys(channels)) {
      handlers[group][name] = async () => {
        calls.push(`${group}.${name}`)
        return null
      }
    }
  }
  return { handlers: handlers as unknown as Handlers, calls }
}
