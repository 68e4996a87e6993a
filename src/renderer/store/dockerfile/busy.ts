import { errorMessage } from '../../../shared/ipc/errors'
import type { DockerfileStore } from './state'

/** Runs a file operation with the busy marker on; a failure becomes the store's `error` and `fallback` is returned. */
export async function whileBusy<T>(store: DockerfileStore, work: () => Promise<T>, fallback: T): Promise<T> {
  store.setState({ busy: true })
  try {
    return await work()
  } catch (error) {
    store.setState({ error: errorMessage(error) })
    return fallback
  } finally {
    store.setState({ busy: false })
  }
}
