export const foundationSamples: Record<string, unknown> = {
  'app.info': {},
  'app.openExternal': { url: 'http://localhost:8080/' },
  'engine.status': {},
  'engine.retry': {},
  'engine.listContexts': {},
  'engine.useContext': { name: 'default' }
}
