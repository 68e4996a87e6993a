// Loads the Electron main entry with `electron` replaced, and checks the security wiring that a
// unit test can see: window preferences, navigation and window.open denial, permissions, protocol.
import { beforeAll, describe, expect, it, vi } from 'vitest'

type Handler = (...args: unknown[]) => unknown

const recorded = {
  windowOptions: [] as Record<string, unknown>[],
  webContentsHandlers: new Map<string, Handler>(),
  windowOpenHandler: null as Handler | null,
  permissionRequest: null as Handler | null,
  permissionCheck: null as Handler | null,
  privilegedSchemes: [] as unknown[],
  protocolHandlers: new Map<string, Handler>(),
  loadedUrls: [] as string[]
}

vi.mock('electron', () => {
  class BrowserWindow {
    static getAllWindows = () => []
    webContents = {
      on: (event: string, handler: Handler) => recorded.webContentsHandlers.set(event, handler),
      setWindowOpenHandler: (handler: Handler) => (recorded.windowOpenHandler = handler),
      send: () => undefined,
      mainFrame: {}
    }
    constructor(options: Record<string, unknown>) {
      recorded.windowOptions.push(options)
    }
    once() {}
    loadURL(url: string) {
      recorded.loadedUrls.push(url)
      return Promise.resolve()
    }
    isDestroyed() {
      return false
    }
  }
  return {
    app: { isPackaged: true, whenReady: () => Promise.resolve(), on: () => undefined, getPath: () => '/tmp/slipway-unit', getVersion: () => '0.0.0', quit: () => undefined },
    BrowserWindow,
    dialog: { showMessageBoxSync: () => 1 },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (handler: Handler) => (recorded.permissionRequest = handler),
        setPermissionCheckHandler: (handler: Handler) => (recorded.permissionCheck = handler)
      }
    },
    shell: { openExternal: () => Promise.resolve() },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => recorded.privilegedSchemes.push(...schemes),
      handle: (scheme: string, handler: Handler) => recorded.protocolHandlers.set(scheme, handler)
    },
    net: { fetch: (url: string) => Promise.resolve(new Response(`fetched ${url}`)) },
    ipcMain: { handle: () => undefined }
  }
})

// The services need a daemon; this test is about the Electron layer only.
vi.mock('../../src/main/services', () => ({ startMain: () => ({ dispose: () => undefined }) }))

describe('Electron main entry', () => {
  beforeAll(async () => {
    await import('../../src/main/index')
    await new Promise((resolve) => setTimeout(resolve, 10))
  })

  it('creates the window with the sandboxed preferences and loads it from app://', () => {
    expect(recorded.windowOptions).toHaveLength(1)
    expect(recorded.windowOptions[0]!.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false })
    expect(recorded.loadedUrls).toEqual(['app://slipway/index.html'])
    expect(recorded.privilegedSchemes).toEqual([expect.objectContaining({ scheme: 'app' })])
  })

  it('denies every permission request and check', () => {
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      const callback = vi.fn()
      recorded.permissionRequest!({}, permission, callback)
      expect(callback).toHaveBeenCalledWith(false)
    }
    expect(recorded.permissionCheck!({}, 'media')).toBe(false)
  })

  it('refuses navigation away from our pages, new windows and webviews', () => {
    const navigate = recorded.webContentsHandlers.get('will-navigate')!
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'app://other/']) {
      const event = { preventDefault: vi.fn() }
      navigate(event, url)
      expect(event.preventDefault, url).toHaveBeenCalled()
    }
    const own = { preventDefault: vi.fn() }
    navigate(own, 'app://slipway/index.html')
    expect(own.preventDefault).not.toHaveBeenCalled()
    expect(recorded.windowOpenHandler!({ url: 'https://example.com' })).toEqual({ action: 'deny' })
    const webview = { preventDefault: vi.fn() }
    recorded.webContentsHandlers.get('will-attach-webview')!(webview)
    expect(webview.preventDefault).toHaveBeenCalled()
  })

  it('serves only files inside the renderer folder through app://', async () => {
    const handler = recorded.protocolHandlers.get('app')!
    const inside = (await handler(new Request('app://slipway/index.html'))) as Response
    expect(await inside.text()).toMatch(/^fetched file:\/\/.*\/renderer\/index\.html$/)
    const outside = (await handler(new Request('app://elsewhere/index.html'))) as Response
    expect(outside.status).toBe(404)
  })

  it('asks before closing with unsaved work, and keeps the window when the person says so', () => {
    const event = { preventDefault: vi.fn() }
    recorded.webContentsHandlers.get('will-prevent-unload')!(event)
    // The stubbed dialog answers "Keep editing" (index 1): the unload stays prevented.
    expect(event.preventDefault).not.toHaveBeenCalled()
  })
})
