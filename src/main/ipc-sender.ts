// Who may call the IPC handlers: only our own window's main frame, showing our own page.
// Pure (no Electron import) so the check is unit-tested with every frame that must be refused.
import { isAllowedNavigation } from './security'

/** What main knows about the frame a message came from. */
export interface SenderFacts {
  /** The message came from our window's webContents (and the window is still open). */
  fromOurWindow: boolean
  /** null when Electron no longer has the frame (it navigated away or was destroyed). */
  frame: null | {
    url: string
    /** It is the very frame that is our window's main frame. */
    isMainFrame: boolean
    /** It has no parent frame. */
    isTop: boolean
    /** Destroyed, or detached from the frame tree (a replaced page still running its unload handlers). */
    gone: boolean
  }
}

/** True only for our window's live, top-level main frame on app://slipway (or the dev server's origin in development). */
export function isTrustedSender(facts: SenderFacts, devServerUrl?: string): boolean {
  const frame = facts.frame
  if (!facts.fromOurWindow || !frame) return false
  if (frame.gone || !frame.isMainFrame || !frame.isTop) return false
  return isAllowedNavigation(frame.url, devServerUrl)
}

/** The parts of Electron's objects the check reads (WebFrameMain, IpcMainInvokeEvent, BrowserWindow). */
export interface FrameLike {
  readonly url: string
  readonly parent: unknown
  readonly detached: boolean
  isDestroyed(): boolean
}
export interface SenderEventLike {
  readonly sender: unknown
  readonly senderFrame: FrameLike | null
}
export interface WindowLike {
  isDestroyed(): boolean
  readonly webContents: { readonly mainFrame: unknown }
}

/** Reads the facts from Electron's event; a frame Electron refuses to describe (disposed) counts as gone. */
export function readSenderFacts(event: SenderEventLike, window: WindowLike | null): SenderFacts {
  try {
    if (!window || window.isDestroyed()) return { fromOurWindow: false, frame: null }
    const fromOurWindow = event.sender === window.webContents
    const frame = event.senderFrame
    if (!frame) return { fromOurWindow, frame: null }
    if (frame.isDestroyed() || frame.detached) return { fromOurWindow, frame: { url: '', isMainFrame: false, isTop: false, gone: true } }
    return { fromOurWindow, frame: { url: frame.url, isMainFrame: frame === window.webContents.mainFrame, isTop: frame.parent === null, gone: false } }
  } catch {
    return { fromOurWindow: false, frame: null }
  }
}

/** Names the sender in a refusal message, without throwing for a frame that is gone. */
export function describeSender(event: SenderEventLike): string {
  try {
    return event.senderFrame?.url || 'an unknown frame'
  } catch {
    return 'a frame that is gone'
  }
}
