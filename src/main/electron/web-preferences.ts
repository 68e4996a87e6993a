import type { WebPreferences } from 'electron'

/** The renderer's sandbox: no Node, isolated context, web security on. Asserted by a unit test. */
export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    spellcheck: false,
    disableBlinkFeatures: 'Auxclick'
  }
}
