// Files Slipway keeps in its data folder (settings, drafts, build history) are for this user only.
import { chmod, mkdir } from 'node:fs/promises'

/** rw for the owner only. */
export const PRIVATE_FILE_MODE = 0o600
/** rwx for the owner only. */
export const PRIVATE_DIR_MODE = 0o700

/**
 * Makes the folders (each of `dirs`, outermost first) as owner-only, and tightens ones that already exist
 * with looser modes: files made before this rule came in sit in folders others may read.
 */
export async function ensurePrivateDirs(...dirs: string[]): Promise<void> {
  for (const dir of dirs) {
    await mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE })
    await chmod(dir, PRIVATE_DIR_MODE)
  }
}
