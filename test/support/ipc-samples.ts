/**
 * One valid input for every contract channel (wire name → input). The IPC tests derive malformed
 * inputs from these, and fail when a channel has no sample, so a new channel cannot go untested.
 */
export const validInputs: Record<string, unknown> = {
  'app.info': {},
  'app.openExternal': { url: 'http://localhost:8080/' },
  'engine.status': {},
  'engine.retry': {},
  'engine.listContexts': {},
  'engine.useContext': { name: 'default' }
}
