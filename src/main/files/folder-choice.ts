import type { Dialogs } from '../dialogs'
import type { HostGrants } from '../grants'

/** Asks for a host folder in the native dialog and grants it (the person picked it); null when cancelled. */
export async function chooseGrantedFolder(dialogs: Pick<Dialogs, 'chooseFolder'>, grants: Pick<HostGrants, 'grantFolder'>, options: Parameters<Dialogs['chooseFolder']>[0]): Promise<string | null> {
  const folder = await dialogs.chooseFolder(options)
  if (folder) await grants.grantFolder(folder)
  return folder
}
