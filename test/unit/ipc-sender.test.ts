// The sender check in front of every IPC handler, with the frames a compromised or foreign page could send from.
import { describe, expect, it } from 'vitest'
import { describeSender, isTrustedSender, readSenderFacts, type FrameLike, type SenderFacts } from '../../src/main/ipc-sender'

const DEV = 'http://localhost:5173'

function frame(url: string, parent: unknown = null, state: { destroyed?: boolean; detached?: boolean } = {}): FrameLike {
  return {
    // A disposed WebFrameMain throws on access, as Electron's does.
    get url() {
      if (state.destroyed) throw new Error('Render frame was disposed before WebFrameMain could be accessed')
      return url
    },
    parent,
    detached: state.detached ?? false,
    isDestroyed: () => state.destroyed ?? false
  }
}

/** Our window, whose main frame shows `url`. */
function ourWindow(url = 'app://slipway/index.html') {
  const webContents = { mainFrame: frame(url) }
  return { isDestroyed: () => false, webContents }
}

const mainFrameFacts = (url: string): SenderFacts => ({ fromOurWindow: true, frame: { url, isMainFrame: true, isTop: true, gone: false } })

describe('isTrustedSender', () => {
  it('accepts our window’s main frame on app://slipway', () => {
    expect(isTrustedSender(mainFrameFacts('app://slipway/index.html'))).toBe(true)
    expect(isTrustedSender(mainFrameFacts('app://slipway/'))).toBe(true)
  })

  it.each([
    'app://slipway.evil/index.html',
    'app://evil/index.html',
    'app://slipway.evil',
    'app://user:pw@slipway/index.html',
    'file:///work/main/out/renderer/index.html',
    'file:///etc/passwd',
    'about:blank',
    'about:srcdoc',
    'data:text/html,<script>1</script>',
    'blob:app://slipway/6c1b7e0a-0000-4000-8000-000000000000',
    'javascript:alert(1)',
    'https://example.com/',
    'http://localhost:5173/',
    'chrome-error://chromewebdata/',
    'devtools://devtools/bundled/devtools_app.html',
    ''
  ])('refuses the main frame on %s', (url) => {
    expect(isTrustedSender(mainFrameFacts(url))).toBe(false)
  })

  it('refuses the dev server’s origin unless running from the dev server', () => {
    expect(isTrustedSender(mainFrameFacts('http://localhost:5173/index.html'))).toBe(false)
    expect(isTrustedSender(mainFrameFacts('http://localhost:5173/index.html'), DEV)).toBe(true)
    expect(isTrustedSender(mainFrameFacts('http://localhost:5174/index.html'), DEV)).toBe(false)
    expect(isTrustedSender(mainFrameFacts('http://127.0.0.1:5173/index.html'), DEV)).toBe(false)
  })

  it('refuses subframes, even on our own origin', () => {
    expect(isTrustedSender({ fromOurWindow: true, frame: { url: 'app://slipway/index.html', isMainFrame: false, isTop: false, gone: false } })).toBe(false)
    expect(isTrustedSender({ fromOurWindow: true, frame: { url: 'app://slipway/index.html', isMainFrame: true, isTop: false, gone: false } })).toBe(false)
  })

  it('refuses another webContents, a missing frame and a frame that is gone', () => {
    expect(isTrustedSender({ fromOurWindow: false, frame: mainFrameFacts('app://slipway/').frame })).toBe(false)
    expect(isTrustedSender({ fromOurWindow: true, frame: null })).toBe(false)
    expect(isTrustedSender({ fromOurWindow: true, frame: { url: 'app://slipway/', isMainFrame: true, isTop: true, gone: true } })).toBe(false)
  })
})

describe('readSenderFacts (from Electron’s event and window)', () => {
  const trusted = (event: Parameters<typeof readSenderFacts>[0], window: Parameters<typeof readSenderFacts>[1]) => isTrustedSender(readSenderFacts(event, window))

  it('trusts the main frame of our window', () => {
    const window = ourWindow()
    expect(trusted({ sender: window.webContents, senderFrame: window.webContents.mainFrame }, window)).toBe(true)
  })

  it('refuses an iframe of our window on our own origin', () => {
    const window = ourWindow()
    const iframe = frame('app://slipway/index.html', window.webContents.mainFrame)
    expect(trusted({ sender: window.webContents, senderFrame: iframe }, window)).toBe(false)
  })

  it('refuses a top-level frame that is not our window’s main frame (another window, a popup)', () => {
    const window = ourWindow()
    const other = ourWindow()
    expect(trusted({ sender: other.webContents, senderFrame: other.webContents.mainFrame }, window)).toBe(false)
    expect(trusted({ sender: window.webContents, senderFrame: frame('app://slipway/index.html') }, window)).toBe(false)
  })

  it('refuses when our main frame shows another page', () => {
    const window = ourWindow('https://evil.example/')
    expect(trusted({ sender: window.webContents, senderFrame: window.webContents.mainFrame }, window)).toBe(false)
  })

  it('refuses a null senderFrame (navigated away or destroyed before the message was handled)', () => {
    const window = ourWindow()
    expect(trusted({ sender: window.webContents, senderFrame: null }, window)).toBe(false)
  })

  it('refuses a destroyed frame without throwing, and a detached one', () => {
    const window = ourWindow()
    const destroyed = frame('app://slipway/index.html', null, { destroyed: true })
    const detached = frame('app://slipway/index.html', null, { detached: true })
    window.webContents.mainFrame = destroyed
    expect(trusted({ sender: window.webContents, senderFrame: destroyed }, window)).toBe(false)
    window.webContents.mainFrame = detached
    expect(trusted({ sender: window.webContents, senderFrame: detached }, window)).toBe(false)
    expect(describeSender({ sender: window.webContents, senderFrame: destroyed })).toBe('a frame that is gone')
  })

  it('refuses everything once the window is closed', () => {
    const window = ourWindow()
    expect(trusted({ sender: window.webContents, senderFrame: window.webContents.mainFrame }, null)).toBe(false)
    const closed = { ...window, isDestroyed: () => true }
    expect(trusted({ sender: window.webContents, senderFrame: window.webContents.mainFrame }, closed)).toBe(false)
  })
})
