// Main's own confirmations for deleting and pruning images, in words computed from the engine: the page's
// dialog is an explanation, not the check.
import { formatBytes } from '../../../shared/format'
import type { DeletePlan, PruneCandidate } from '../../../shared/ipc/channels/images'
import { listSome, type HostGrants } from '../../grants'
import { describeDeletePlan } from './delete'

type Confirmer = Pick<HostGrants, 'confirm'>

/** Asks before a delete; throws `cancelled` when the person does not agree. */
export function confirmDelete(grants: Confirmer): (plan: DeletePlan) => Promise<void> {
  return async (plan) => {
    const { message, lines } = describeDeletePlan(plan)
    await grants.confirm({
      message,
      detail: `${listSome(lines).join('\n')}\n\nThis cannot be undone.`,
      accept: 'Delete',
      refused: 'Nothing was deleted: the delete was not confirmed.'
    })
  }
}

/** Asks before a prune; throws `cancelled` when the person does not agree. */
export function confirmPrune(grants: Confirmer): (going: PruneCandidate[]) => Promise<void> {
  return async (going) => {
    const lines = going.map((c) => `• ${c.tags.length ? `${c.tags.join(', ')} (${c.shortId})` : c.shortId}, ${formatBytes(c.uniqueSize)}`)
    await grants.confirm({
      message: `Prune ${going.length === 1 ? '1 image' : `${going.length} images`}?`,
      detail: `${listSome(lines).join('\n')}\n\nThey are deleted from the engine; this cannot be undone.`,
      accept: 'Prune',
      refused: 'Nothing was pruned: the prune was not confirmed.'
    })
  }
}
