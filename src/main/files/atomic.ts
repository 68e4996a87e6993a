import { randomBytes } from 'node:crypto'
import { open, rename, rm, stat } from 'node:fs/promises'
import path from 'node:path'

export interface WriteFileAtomicOptions {
  /** The file's mode, exactly (not reduced by the umask). Without it the file keeps the mode it had. */
  mode?: number
}

interface Keep {
  mode?: number
  owner?: { uid: number; gid: number }
}

/** What the replaced file had that a fresh temp file would lose: its mode and, for root, its owner. */
async function whatToKeep(file: string, options: WriteFileAtomicOptions): Promise<Keep> {
  try {
    const info = await stat(file)
    const asRoot = process.getuid?.() === 0
    return {
      mode: options.mode ?? info.mode & 0o7777,
      ...(asRoot && (info.uid !== 0 || info.gid !== 0) ? { owner: { uid: info.uid, gid: info.gid } } : {})
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    return options.mode === undefined ? {} : { mode: options.mode }
  }
}

/**
 * Writes a file so that a crash or kill at any moment leaves either the old content or the new,
 * never a truncated file: write a temp file beside it, flush it to disk, then rename over.
 * The new file keeps the old one's mode (and owner, when running as root), so saving never
 * widens who may read it; a new file gets 0666 less the umask, like any other, unless `mode` is given.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array, options: WriteFileAtomicOptions = {}): Promise<void> {
  const keep = await whatToKeep(file, options)
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`)
  // 'wx': never reuse or follow something already at the temp name. Until the final chmod the temp
  // file is private whenever the final mode is set explicitly.
  const handle = await open(temp, 'wx', keep.mode === undefined ? 0o666 : 0o600)
  try {
    await handle.writeFile(data)
    // chown before chmod: changing the owner clears setuid/setgid bits.
    if (keep.owner) await handle.chown(keep.owner.uid, keep.owner.gid).catch(() => undefined)
    if (keep.mode !== undefined) await handle.chmod(keep.mode)
    await handle.sync()
  } catch (error) {
    await handle.close()
    await rm(temp, { force: true })
    throw error
  }
  await handle.close()
  try {
    await rename(temp, file)
  } catch (error) {
    await rm(temp, { force: true })
    throw error
  }
}
