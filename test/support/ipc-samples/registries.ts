/** Valid inputs of the registries channels (see ../ipc-samples.ts). */
export const registriesSamples: Record<string, unknown> = {
  'registries.list': {},
  'registries.login': { registry: 'localhost:5000', username: 'me', password: 'correct horse battery staple' },
  'registries.logout': { registry: 'localhost:5000' },
  'registries.push': { reference: 'localhost:5000/me/myfirstapp:latest', source: 'myfirstapp:latest' },
  'registries.checkUpdates': { references: ['localhost:5000/me/myfirstapp:latest'] },
  'registries.updates': {}
}
