// Whether the engine runs on this machine: then a port it publishes is open here, a bind mount's source
// is a folder here, and binding a port here tells whether the engine could.
import type { ConnectionState } from '../../shared/ipc/channels/engine'

/** For an endpoint such as unix:///var/run/docker.sock or tcp://127.0.0.1:2375. */
export function isLocalEngineHost(host: string): boolean {
  return /^(unix|npipe):/.test(host) || /^(tcp|http|https):\/\/(localhost|127\.0\.0\.1|\[::1\])(:|\/|$)/.test(host)
}

/**
 * Whether the engine runs on this machine. Without a connection nothing reaches an engine (each call says
 * "not connected"), so the answer is the local one then.
 */
export function engineIsLocal(state: ConnectionState): boolean {
  return state.status !== 'connected' || isLocalEngineHost(state.endpoint.host)
}
