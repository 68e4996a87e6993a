// What a build request would give a RUN step from this computer besides the context: secret files,
// environment variables of Slipway, the ssh agent. The page asks for them; main asks the person.
import type { BuildRequest } from '../../../shared/ipc/channels/build'
import { describeReview, type HostGrants } from '../../grants'

/** One line per thing the person has to agree to; empty when nothing needs asking. */
export async function reviewBuildAccess(grants: HostGrants, request: BuildRequest): Promise<string[]> {
  const lines: string[] = []
  for (const secret of request.secrets ?? []) {
    if ('file' in secret) {
      const review = await grants.review(secret.file)
      if (review.concern) lines.push(describeReview(review, `as the secret "${secret.id}"`))
    } else {
      lines.push(`• the environment variable ${secret.env} of Slipway, as the secret "${secret.id}"`)
    }
  }
  if (request.ssh) lines.push('• your ssh agent (--ssh default): while the build runs, a RUN step can log in wherever your keys let you')
  return lines
}

/** Asks before a build gets secrets or the ssh agent that the person did not pick in Slipway. */
export async function confirmBuildAccess(grants: HostGrants, request: BuildRequest): Promise<void> {
  const lines = await reviewBuildAccess(grants, request)
  if (lines.length === 0) return
  await grants.confirm({
    message: 'Give this build access to secrets on this computer?',
    detail: `${lines.join('\n')}\n\nOnly agree if you asked for this: a RUN step that mounts a secret can read it, and could copy it into the image.`,
    accept: 'Build',
    refused: 'Nothing was built: the build was not given these secrets.'
  })
}
