import type { SlipwayClient } from '../shared/ipc/client'

/** The typed client the preload (or the test bridge) put on window. */
export const api: SlipwayClient = window.slipway
