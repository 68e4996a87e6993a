import { useEffect } from 'react'
import { useContainers } from '../store/containers'
import { useRunDialog } from '../store/runDialog'
import { ExitNotices } from './containers/ExitNotices'
import { RunDialog } from './run/RunDialog'

/**
 * Renders the run dialog when a view asked for it (see store/runDialog). It is mounted once for the whole
 * app, so it also shows the notices about containers that exited, wherever the person is.
 */
export function RunDialogHost() {
  const request = useRunDialog((s) => s.request)
  const close = useRunDialog((s) => s.close)
  // The exit notices follow the containers wherever the person is.
  const followContainers = useContainers((s) => s.follow)
  useEffect(() => followContainers(), [followContainers])
  return (
    <>
      {request ? <RunDialog key={`${request.image}|${request.fromContainer ?? ''}`} request={request} onClose={close} /> : null}
      <ExitNotices />
    </>
  )
}
