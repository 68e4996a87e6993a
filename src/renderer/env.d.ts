/// <reference types="vite/client" />
import type { SlipwayClient } from '../shared/ipc/client'

declare global {
  interface Window {
    slipway: SlipwayClient
  }
}
export {}
