// The editor's build context folder: the Dockerfile's own folder unless the person chose another, and a
// chosen folder stays when the file is saved elsewhere. One rule (context-folder.ts), used when a file is
// opened, saved, a folder is chosen and a draft is restored.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { chosenFolder, contextFolder, folderOf } from '../../src/renderer/store/dockerfile/context-folder'

describe('contextFolder', () => {
  it('is the Dockerfile folder when nothing was chosen', () => {
    expect(contextFolder('/src/app/Dockerfile', null)).toEqual({ contextDir: '/src/app', contextChosen: false })
  })
  it('is none for an unsaved Dockerfile with nothing chosen', () => {
    expect(contextFolder(null, null)).toEqual({ contextDir: null, contextChosen: false })
  })
  it('is the chosen folder, marked chosen', () => {
    expect(contextFolder('/src/app/docker/Dockerfile', '/src/app')).toEqual({ contextDir: '/src/app', contextChosen: true })
    expect(contextFolder(null, '/src/app')).toEqual({ contextDir: '/src/app', contextChosen: true })
  })
  it('choosing the Dockerfile folder itself counts as no choice', () => {
    expect(contextFolder('/src/app/Dockerfile', '/src/app')).toEqual({ contextDir: '/src/app', contextChosen: false })
  })
  it('a choice survives a save elsewhere; the default follows the file', () => {
    const chosen = contextFolder('/a/Dockerfile', '/ctx')
    expect(contextFolder('/b/Dockerfile', chosenFolder(chosen))).toEqual({ contextDir: '/ctx', contextChosen: true })
    const followed = contextFolder('/a/Dockerfile', null)
    expect(contextFolder('/b/Dockerfile', chosenFolder(followed))).toEqual({ contextDir: '/b', contextChosen: false })
  })
  it('folderOf handles both separators and the root', () => {
    expect(folderOf('C:\\work\\Dockerfile')).toBe('C:\\work')
    expect(folderOf('/Dockerfile')).toBe('/')
  })
})

describe('the editor store applies the rule on every path', () => {
  type Store = typeof import('../../src/renderer/store/dockerfile')['useDockerfile']
  let store: Store
  const stamp = { mtimeMs: 1, size: 1, hash: 'x' }
  // Main as the store sees it: each call answers like a person who picks the given folder or file.
  const main = {
    context: {
      choose: async () => '/ctx',
      inspect: async () => ({ files: [], ignored: [], truncated: false })
    },
    dockerfile: {
      open: async () => ({ path: '/a/Dockerfile', text: 'FROM scratch\n', stamp, bom: false }),
      saveAs: async () => ({ status: 'saved', path: '/b/Dockerfile', stamp }),
      saveDraft: async () => ({ savedAt: 1 }),
      clearDraft: async () => undefined,
      loadDraft: async () => ({ text: 'FROM scratch\n', filePath: '/d/Dockerfile', contextDir: '/d', stamp, bom: false, savedAt: 1 }),
      confirmUnsaved: async () => 'discard'
    }
  }

  beforeAll(async () => {
    vi.stubGlobal('window', { slipway: main })
    store = (await import('../../src/renderer/store/dockerfile')).useDockerfile
  })
  afterAll(() => vi.unstubAllGlobals())

  it('open, choose, save elsewhere: the chosen folder stays', async () => {
    await store.getState().open()
    expect(store.getState()).toMatchObject({ contextDir: '/a', contextChosen: false })
    await store.getState().chooseContext()
    expect(store.getState()).toMatchObject({ contextDir: '/ctx', contextChosen: true })
    await store.getState().saveAs()
    expect(store.getState()).toMatchObject({ filePath: '/b/Dockerfile', contextDir: '/ctx', contextChosen: true })
  })

  it('open, save elsewhere: the context follows the file', async () => {
    await store.getState().open()
    await store.getState().saveAs()
    expect(store.getState()).toMatchObject({ filePath: '/b/Dockerfile', contextDir: '/b', contextChosen: false })
  })

  it('a restored draft whose context is its own folder does not count as chosen', async () => {
    await store.getState().init()
    await store.getState().open()
    store.setState({ draftOffer: await main.dockerfile.loadDraft() })
    await store.getState().restoreDraft()
    expect(store.getState()).toMatchObject({ filePath: '/d/Dockerfile', contextDir: '/d', contextChosen: false, dirty: true })
  })
})
