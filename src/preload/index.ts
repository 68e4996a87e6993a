import { contextBridge, ipcRenderer } from 'electron'
import { createClient } from '../shared/ipc/client'
import type { Envelope } from '../shared/ipc/errors'

// Only the contract's named functions reach the page: no raw invoke/send/on for any channel.
const client = createClient({
  invoke: (channel, input) => ipcRenderer.invoke(channel, input) as Promise<Envelope>,
  subscribe: (eventChannel, listener) => {
    const wrapped = (_event: unknown, payload: unknown) => listener(payload)
    ipcRenderer.on(eventChannel, wrapped)
    return () => {
      ipcRenderer.removeListener(eventChannel, wrapped)
    }
  }
})

contextBridge.exposeInMainWorld('slipway', client)
