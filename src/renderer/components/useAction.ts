import { useState } from 'react'
import { errorMessage } from '../../shared/ipc/errors'

/** What a dialog's button starts: busy while it runs, and what went wrong, in words, until the next run. */
export function useAction() {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const run = async (action: () => Promise<unknown>): Promise<void> => {
    setBusy(true)
    setError(null)
    try {
      await action()
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }
  return { busy, error, setError, run }
}
