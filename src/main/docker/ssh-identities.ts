// How Slipway logs in to an ssh:// engine: the ssh agent, then the default identity files in ~/.ssh,
// the order `ssh` (which the docker CLI runs) tries them in.
import { readFile } from 'node:fs/promises'
import path from 'node:path'
// ssh2 is CommonJS: Node's ESM loader does not see `utils` as a named export (tsx and the bench failed to load).
import ssh2, { type AnyAuthMethod } from 'ssh2'

/** ssh's default identities that Slipway's SSH client can use (security-key `_sk` ones need the ssh binary). */
const DEFAULT_IDENTITY_FILES = ['id_rsa', 'id_ecdsa', 'id_ed25519', 'id_dsa']

export async function sshAuthMethods(username: string, homeDir: string, agentSocket: string | undefined): Promise<AnyAuthMethod[]> {
  const methods: AnyAuthMethod[] = agentSocket ? [{ type: 'agent', username, agent: agentSocket }] : []
  for (const name of DEFAULT_IDENTITY_FILES) {
    const key = await readFile(path.join(homeDir, '.ssh', name)).catch(() => null)
    // A passphrase-protected key is left to the agent (`ssh-add`), as Slipway has no passphrase prompt.
    if (key && !(ssh2.utils.parseKey(key) instanceof Error)) methods.push({ type: 'publickey', username, key })
  }
  return methods
}
