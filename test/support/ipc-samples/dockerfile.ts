const stamp = { mtimeMs: 1_700_000_000_000, size: 12, hash: 'a'.repeat(64) }

/** A valid input for every `dockerfile.*` channel, keyed by wire name. */
export const dockerfileSamples: Record<string, unknown> = {
  'dockerfile.open': { defaultPath: '/home/me/app/Dockerfile' },
  'dockerfile.save': { path: '/home/me/app/Dockerfile', text: ['FROM debian:bookworm\n'], expected: stamp, bom: false },
  'dockerfile.saveAs': { text: ['FROM debian:bookworm\n'], defaultPath: '/home/me/app/Dockerfile', bom: false },
  'dockerfile.listTemplates': {},
  'dockerfile.createFromTemplate': { id: 'python-flask' },
  'dockerfile.confirmUnsaved': { action: 'open', fileName: '/home/me/app/Dockerfile' },
  'dockerfile.saveDraft': { text: ['FROM debian:bookworm\n'], filePath: null, contextDir: null, stamp: null, bom: false },
  'dockerfile.loadDraft': {},
  'dockerfile.clearDraft': {}
}
