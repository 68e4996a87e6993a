// A build is a long operation like a pull, specialised: the build manager keeps its own loop, steps and
// history (builds outlive the app, pulls do not), so it reports through the registry instead of running in
// it. Its record is the status, its log lines the items, and operations.cancel reaches its abort switch.
import type { BuildProgress, BuildStatus } from '../../../shared/ipc/channels/build'
import type { OperationState } from '../../../shared/ipc/channels/operations'
import type { Operations } from '../../operations'

const ENDED: Partial<Record<BuildStatus, Exclude<OperationState, 'running'>>> = { succeeded: 'finished', failed: 'failed', cancelled: 'cancelled' }

/** The build manager's `emit`: each batch of a build goes out as that build's operation update. */
export function reportBuildProgress(operations: Operations, cancel: (id: string) => void): (progress: BuildProgress) => void {
  return ({ record, logLines }) => {
    const operation = operations.track('build', record.id, record, () => cancel(record.id))
    operation.setStatus(record)
    operation.push(logLines)
    const ended = ENDED[record.status]
    if (ended) operation.end(ended, { error: record.error ?? null })
  }
}
